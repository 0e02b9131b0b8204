# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager
from datetime import timedelta

from odoo import fields, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import DesktomyMailCommon
from .common_benchmark import QUEUE_ORDER, list_specification


class RequestCommon(DesktomyMailCommon):
    """Clients on a package (2 scans included at 1.50, forwarding at the
    catalogue price), waiting items, a desk user and a client's person."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.desktomy_billing_lock_date = False
        cls.Request = cls.env["desktomy.mail.request"]
        cls.Usage = cls.env["desktomy.service.usage"]
        ref = cls.env.ref
        cls.service = {
            "scan": ref("desktomy_virtual_office.product_service_scan"),
            "forward": ref("desktomy_virtual_office.product_service_forwarding"),
            "shred": ref("desktomy_virtual_office.product_service_shredding"),
            "pickup": ref("desktomy_virtual_office.product_service_handover"),
        }
        cls.service["scan"].list_price = 2.0
        cls.service["forward"].list_price = 12.0
        cls.service["shred"].list_price = 7.0
        cls.service["pickup"].list_price = 3.0
        cls.package = cls.env["desktomy.package"].create(
            {
                "name": "Requests package",
                "monthly_fee": 50.0,
                "line_ids": [
                    Command.create(
                        {
                            "service_id": cls.service["scan"].id,
                            "included_qty": 2,
                            "override_price": True,
                            "price_unit": 1.5,
                        }
                    ),
                    Command.create(
                        {"service_id": cls.service["forward"].id, "included_qty": 1}
                    ),
                ],
            }
        )
        cls.env["desktomy.package.assignment"].create(
            {
                "partner_id": cls.client_a.id,
                "package_id": cls.package.id,
                "date_from": fields.Date.context_today(cls.Request).replace(day=1),
            }
        )
        cls.person = cls.env["res.partner"].create(
            {"name": "Jan Kowalski", "parent_id": cls.client_a.id}
        )

    @contextmanager
    def _assert_user_error(self, pattern):
        """``assertRaises(UserError)`` (in a savepoint) with a message."""
        with self.assertRaises(UserError) as catcher:
            yield
        self.assertRegex(str(catcher.exception), pattern)

    def _submit(self, kind, items, values=None, partner=None):
        return self.Request._desktomy_submit(
            partner or self.client_a, kind, items, values, person=self.person
        )

    def _charges(self, items, kind):
        return self.Usage.search(
            [
                ("mail_id", "in", items.ids),
                ("service_id", "=", self.service[kind].id),
            ]
        )

    def _summary_line(self, kind):
        today = fields.Date.context_today(self.Request)
        summary = self.Usage._get_billing_summary(
            self.client_a, today.replace(day=1), today
        )[self.client_a.id]
        line = [
            line for line in summary["lines"] if line["service"] == self.service[kind]
        ]
        return line[0] if line else {"amount": 0.0, "billable": 0.0, "quantity": 0.0}

    def _request_mails(self, request):
        return self._new_mails.filtered(
            lambda mail: (
                mail.model == "desktomy.mail.request" and mail.res_id == request.id
            )
        )


@tagged("post_install", "-at_install")
class TestMailRequest(RequestCommon):
    # ------------------------------------------------------------------
    # Submitting and its rules
    # ------------------------------------------------------------------

    def test_submit_records_who_and_when(self):
        items = self._create_items(self.client_a, 2)
        before = fields.Datetime.now()
        request = self._submit("shred", items, {"note": "  all of them  "})
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.origin, "portal")
        self.assertEqual(request.requested_by_id, self.person)
        self.assertGreaterEqual(request.requested_datetime, before)
        self.assertEqual(request.mail_ids, items)
        self.assertEqual(request.company_id, items.company_id)
        self.assertEqual(request.note, "all of them")
        self.assertTrue(request.name.startswith("ZL/"))
        self.assertEqual(items.pending_request_id, request)
        self.assertEqual(
            self.Mail.search([("request_ids.state", "=", "pending")]) & items, items
        )
        self.assertIn("Jan Kowalski", request.message_ids[:1].body)
        client = self.client_a.with_user(self.user_desk)
        self.assertEqual(client.desktomy_pending_request_count, 1)
        action = client.action_desktomy_view_requests()
        self.assertEqual(
            self.Request.search(action["domain"] + [("state", "=", "pending")]),
            request,
        )

    def test_submit_rules(self):
        items = self._create_items(self.client_a, 2)
        other = self._create_items(self.client_b)
        cases = [
            ("forward", items, {}, "address"),
            ("forward", items, {"forward_address": "   "}, "address"),
            ("pickup", items, {}, "pickup date"),
            (
                "pickup",
                items,
                {
                    "pickup_date": fields.Date.context_today(self.Request)
                    - timedelta(days=1)
                },
                "past",
            ),
            ("pickup", items, {"pickup_date": "not a date"}, "Invalid pickup date"),
            ("shred", items | other, {}, "belong to its client\\.$"),
            ("shred", other, {}, "belong to its client\\.$"),
            ("shred", items, {"state": "done"}, "Unknown values"),
            ("shred", items, {"note": ["list"]}, "Invalid value"),
            ("teleport", items, {}, "Unknown kind"),
            ("shred", self.Mail, {}, "Select the items"),
        ]
        for kind, mails, values, message in cases:
            with self.subTest(kind=kind, values=values):
                with self._assert_user_error(message):
                    self._submit(kind, mails, values)
        with self._assert_user_error("belong to its client"):
            self.Request._desktomy_submit(self.person, "shred", items)
        with self._assert_user_error("not one"):
            self.Request.create(
                {
                    "partner_id": self.person.id,
                    "kind": "shred",
                    "mail_ids": [Command.set(items.ids)],
                }
            )
        self.assertFalse(self.Request.search([("partner_id", "=", self.client_a.id)]))

    def test_portal_carriers(self):
        items = self._create_items(self.client_a, 2)
        values = {"forward_address": "Adres 1", "forward_carrier": "Teleport Ltd"}
        with self._assert_user_error("carriers offered"):
            self._submit("forward", items[0], values)
        request = self.Request._desktomy_submit(
            self.client_a, "forward", items[0], values, origin="desk"
        )
        self.assertEqual(request.forward_carrier, "Teleport Ltd")
        request = self._submit(
            "forward", items[1], dict(values, forward_carrier="InPost")
        )
        self.assertEqual(request.forward_carrier, "InPost")

    def test_one_pending_request_per_item(self):
        items = self._create_items(self.client_a, 2)
        request = self._submit("shred", items[0])
        with self._assert_user_error("already have a pending request"):
            self._submit("scan", items)
        request.action_cancel()
        self.assertEqual(self._submit("scan", items).state, "pending")

    def test_preview_counts_charged_items_not_lines(self):
        """An item with two usage lines of the service (its automatic charge
        and a manual correction on the same item) is one item charged: the
        preview of the items leaves exactly the other items to charge."""
        charged, fresh = self._create_items(self.client_a, 2)
        self.Usage._record_item_events(charged, "scan")
        self.Usage.create(
            {
                "partner_id": self.client_a.id,
                "service_id": self.service["scan"].id,
                "mail_id": charged.id,
                "name": "Correction",
                "quantity": 1.0,
                "unit_price": 2.0,
            }
        )
        self.assertEqual(len(self._charges(charged, "scan")), 2)
        # 2 included, 2 used (the charge and the correction): none left
        preview = self.Request._desktomy_price_preview(
            self.client_a, "scan", charged | fresh
        )
        self.assertEqual(preview["included_left"], 0.0)
        self.assertEqual(preview["billable_qty"], 1.0)
        self.assertEqual(preview["amount"], 1.5)
        only_charged = self.Request._desktomy_price_preview(
            self.client_a, "scan", charged
        )
        self.assertEqual(only_charged["billable_qty"], 0.0)
        self.assertEqual(only_charged["amount"], 0.0)

    def test_only_waiting_items(self):
        items = self._create_items(self.client_a, 2)
        items[0].action_mark_returned()
        with self._assert_user_error("waiting at the office"):
            self._submit("shred", items)

    def test_scan_request_on_scanned_item(self):
        """A scan of the contents of an item that has an envelope scan: the
        item's scan was charged already, the new one is not charged again,
        and the preview of the items says so."""
        envelope = self._scan("envelope.pdf")
        scanned, fresh = self._create_items(self.client_a, 2)
        scanned.scan_ids = [Command.set(envelope.ids)]
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE ir_attachment SET create_date = create_date - interval '1 day' "
            "WHERE id = %s",
            [envelope.id],
        )
        envelope.invalidate_recordset(["create_date"])
        self.assertEqual(len(self._charges(scanned, "scan")), 1)
        items = scanned | fresh
        preview = self.Request._desktomy_price_preview(self.client_a, "scan", items)
        # 2 included, 1 used (the envelope): 1 left for the 1 item not charged
        self.assertEqual(preview["included_left"], 1.0)
        self.assertEqual(preview["billable_qty"], 0.0)
        self.assertEqual(preview["amount"], 0.0)
        self.assertEqual(
            self.Request._desktomy_price_preview(self.client_a, "scan", 2)[
                "billable_qty"
            ],
            1.0,
        )
        before = self._summary_line("scan")
        request = self._submit("scan", items)
        with self.mock_mail_gateway():
            fresh.scan_ids = [Command.link(self._scan().id)]
            self.assertEqual(request.state, "pending")
            scanned.scan_ids = [Command.link(self._scan("contents.pdf").id)]
        self.assertEqual(request.state, "done")
        self.assertEqual(len(self._charges(items, "scan")), 2)
        after = self._summary_line("scan")
        self.assertEqual(after["amount"] - before["amount"], preview["amount"])
        self.assertEqual(after["quantity"] - before["quantity"], 1.0)
        # a scan uploaded before the request, linked after it, counts too
        early = self._scan("early.pdf")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE ir_attachment SET create_date = create_date - interval '1 hour' "
            "WHERE id = %s",
            [early.id],
        )
        early.invalidate_recordset(["create_date"])
        late = self._create_items(self.client_a)
        late_request = self._submit("scan", late)
        with self.mock_mail_gateway():
            late.scan_ids = [Command.link(early.id)]
        self.assertEqual(late_request.state, "done")

    def test_state_written_only_by_actions(self):
        item = self._create_items(self.client_a)
        request = self._submit("shred", item)
        desk_request = request.with_user(self.user_desk)
        for vals in (
            {"state": "done"},
            {"refuse_reason": "x"},
            {"done_datetime": fields.Datetime.now()},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                desk_request.write(vals)
        for forged in (
            {"state": "done"},
            {"origin": "portal", "requested_by_id": self.person.id},
            {"origin": "instruction"},
            {"requested_datetime": fields.Datetime.now() - timedelta(days=5)},
        ):
            with self.subTest(forged=forged), self.assertRaises(UserError):
                self.Request.with_user(self.user_desk).create(
                    {
                        "partner_id": self.client_a.id,
                        "mail_ids": [
                            Command.set(self._create_items(self.client_a).ids)
                        ],
                        "kind": "shred",
                        **forged,
                    }
                )
        for vals in (
            {"origin": "desk"},
            {"requested_by_id": self.client_b.id},
            {"requested_datetime": fields.Datetime.now() - timedelta(days=3)},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                desk_request.write(vals)
        desk_request.write({"origin": "portal", "note": "Handle with care"})
        self.assertEqual(request.note, "Handle with care")
        request.action_cancel()
        with self._assert_user_error("Only pending"):
            desk_request.write({"note": "changed"})

    def test_items_deleted_refuses(self):
        items = self._create_items(self.client_a, 2)
        request = self._submit("shred", items)
        with self.mock_mail_gateway():
            items[0].with_user(self.user_desk_manager).unlink()
            self.assertEqual(request.state, "pending")
            items[1].with_user(self.user_desk_manager).unlink()
        self.assertEqual(request.state, "refused")
        self.assertIn("registered by mistake", request.refuse_reason)

    def test_desk_creates_request_in_form(self):
        item = self._create_items(self.client_a)
        with Form(self.Request.with_user(self.user_desk)) as form:
            form.partner_id = self.client_a
            form.kind = "forward"
            form.forward_address = "ul. Prosta 1\n00-001 Warszawa"
            form.mail_ids.add(item)
        request = form.record
        self.assertEqual(request.origin, "desk")
        self.assertEqual(request.state, "pending")

    # ------------------------------------------------------------------
    # Each kind end to end: submit -> queue -> fulfilment
    # ------------------------------------------------------------------

    def test_scan_request_end_to_end(self):
        items = self._create_items(self.client_a, 3)
        preview = self.Request._desktomy_price_preview(self.client_a, "scan", 3)
        self.assertEqual(preview["included_left"], 2.0)
        self.assertEqual(preview["billable_qty"], 1.0)
        self.assertEqual(preview["unit_price"], 1.5)
        self.assertEqual(preview["amount"], 1.5)
        before = self._summary_line("scan")["amount"]
        request = self._submit("scan", items)
        desk = request.with_user(self.user_desk)
        self.assertIn(desk, desk.search([("state", "=", "pending")]))
        action = desk.action_fulfil()
        self.assertEqual(action["res_model"], "desktomy.mail")
        with self.mock_mail_gateway():
            for item in items.with_user(self.user_desk):
                item.scan_ids = [Command.link(self._scan().id)]
                if item != items[-1]:
                    self.assertEqual(request.state, "pending")
        self.assertEqual(request.state, "done")
        self.assertEqual(request.done_user_id, self.user_desk)
        self.assertEqual(len(self._charges(items, "scan")), 3)
        mail = self._request_mails(request)
        self.assertEqual(len(mail), 1)
        self.assertIn("office@alfa.example.com", mail.email_to)
        self.assertIn("ceo@alfa.example.com", mail.email_to)
        self.assertEqual(len(mail.attachment_ids), 3)
        self.assertEqual(self._summary_line("scan")["amount"] - before, 1.5)
        # scanning again charges nothing more
        items[0].with_user(self.user_desk).scan_ids = [
            Command.link(self._scan("back.pdf").id)
        ]
        self.assertEqual(len(self._charges(items, "scan")), 3)

    def test_scan_request_done_by_notification_with_scan(self):
        """Notifying the items with their scan attached also fulfils a scan
        request (the desk sent the scan); without the scan it does not."""
        envelope = self._scan("envelope.pdf")
        scanned, bare = self._create_items(self.client_a, 2)
        scanned.scan_ids = [Command.set(envelope.ids)]
        request = self._submit("scan", scanned)
        other = self._submit("scan", bare)
        with self.mock_mail_gateway():
            bare.with_context(desktomy_send_without_attachment=True).action_notify()
            self.assertEqual(other.state, "pending")
            scanned.with_user(self.user_desk).action_notify()
        self.assertEqual(request.state, "done")
        self.assertEqual(len(self._request_mails(request)), 1)
        self.assertEqual(len(self._charges(scanned, "scan")), 1)
        self.assertEqual(other.state, "pending")

    def test_forward_request_end_to_end(self):
        items = self._create_items(self.client_a, 2)
        preview = self.Request._desktomy_price_preview(self.client_a, "forward", 2)
        self.assertEqual(preview["included_left"], 1.0)
        self.assertEqual(preview["billable_qty"], 1.0)
        self.assertEqual(preview["unit_price"], 12.0)
        self.assertEqual(preview["amount"], 12.0)
        request = self._submit(
            "forward",
            items,
            {
                "forward_address": "ul. Prosta 1\n00-001 Warszawa",
                "forward_carrier": "DHL",
            },
        )
        action = request.with_user(self.user_desk).action_fulfil()
        self.assertEqual(action["res_model"], "desktomy.mail.disposition.wizard")
        wizard = Form(
            self.env["desktomy.mail.disposition.wizard"]
            .with_user(self.user_desk)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.disposition, "forwarded")
        self.assertEqual(wizard.forward_address, "ul. Prosta 1\n00-001 Warszawa")
        self.assertEqual(wizard.forward_carrier, "DHL")
        wizard.forward_tracking_number = "RR123456789PL"
        wizard.forward_postage = 8.5
        with self.mock_mail_gateway():
            wizard.save().action_confirm()
        self.assertEqual(request.state, "done")
        self.assertEqual(set(items.mapped("state")), {"forwarded"})
        self.assertEqual(items[0].forward_tracking_number, "RR123456789PL")
        self.assertEqual(len(self._charges(items, "forward")), 2)
        self.assertEqual(len(self._request_mails(request)), 1)
        self.assertEqual(self._summary_line("forward")["amount"], preview["amount"])

    def test_forward_partly_stays_pending(self):
        items = self._create_items(self.client_a, 2)
        request = self._submit("forward", items, {"forward_address": "Somewhere 1"})
        with self.mock_mail_gateway():
            items[0].action_mark_forwarded("Somewhere 1", "Poczta", "T1", 5.0)
            self.assertEqual(request.state, "pending")
            items[1].action_mark_forwarded("Somewhere 1", "Poczta", "T2", 5.0)
        self.assertEqual(request.state, "done")

    def test_shred_request_end_to_end(self):
        items = self._create_items(self.client_a, 2)
        preview = self.Request._desktomy_price_preview(self.client_a, "shred", 2)
        self.assertEqual(preview["included_left"], 0.0)
        self.assertEqual(preview["amount"], 14.0)
        request = self._submit("shred", items)
        action = request.with_user(self.user_desk).action_fulfil()
        wizard = Form(
            self.env["desktomy.mail.disposition.wizard"]
            .with_user(self.user_desk)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.disposition, "shredded")
        with self.mock_mail_gateway():
            wizard.save().action_confirm()
        self.assertEqual(request.state, "done")
        self.assertEqual(len(self._charges(items, "shred")), 2)
        self.assertEqual(len(self._request_mails(request)), 1)
        self.assertEqual(self._summary_line("shred")["amount"], preview["amount"])

    def test_pickup_request_ready(self):
        items = self._create_items(self.client_a, 2)
        preview = self.Request._desktomy_price_preview(self.client_a, "pickup", 2)
        self.assertEqual(preview["amount"], 6.0)
        request = self._submit(
            "pickup",
            items,
            {
                "pickup_date": fields.Date.context_today(self.Request)
                + timedelta(days=2)
            },
        )
        with self.mock_mail_gateway():
            request.with_user(self.user_desk).action_fulfil()
        self.assertEqual(request.state, "done")
        self.assertEqual(len(self._request_mails(request)), 1)
        # nothing charged until the handover
        self.assertFalse(self._charges(items, "pickup"))
        self.assertEqual(set(items.mapped("state")), {"received"})
        handover = self.env["desktomy.mail.handover"].create(
            {
                "mail_ids": [Command.set(items.ids)],
                "collector_name": "Anna Nowak",
                "collector_id_number": "ABC123456",
                "digital_confirmation": False,
            }
        )
        handover.action_confirm()
        self.assertEqual(len(self._charges(items, "pickup")), 2)
        self.assertEqual(self._summary_line("pickup")["amount"], preview["amount"])

    def test_pending_pickup_done_by_handover(self):
        items = self._create_items(self.client_a)
        request = self._submit(
            "pickup", items, {"pickup_date": fields.Date.context_today(self.Request)}
        )
        with self.mock_mail_gateway():
            self.env["desktomy.mail.handover"].create(
                {
                    "mail_ids": [Command.set(items.ids)],
                    "collector_name": "Anna Nowak",
                    "collector_id_number": "ABC123456",
                    "digital_confirmation": False,
                }
            ).action_confirm()
        self.assertEqual(request.state, "done")
        self.assertEqual(len(self._charges(items, "pickup")), 1)

    def test_left_otherwise_refuses_with_reason(self):
        items = self._create_items(self.client_a, 2)
        request = self._submit("forward", items, {"forward_address": "Somewhere 1"})
        with self.mock_mail_gateway():
            items[1].action_mark_shredded()
        self.assertEqual(request.state, "refused")
        self.assertIn(items[1].name, request.refuse_reason)
        self.assertIn("Shredded", request.refuse_reason)
        mail = self._request_mails(request)
        self.assertEqual(len(mail), 1)
        self.assertIn(items[1].name, mail.body_html)
        self.assertFalse(self._charges(items, "forward"))
        # the other item is free for a new request
        self.assertEqual(self._submit("shred", items[0]).state, "pending")

    # ------------------------------------------------------------------
    # Price preview = what the summary charges
    # ------------------------------------------------------------------

    def test_price_preview_equals_summary_charge(self):
        used = self._create_items(
            self.client_a, 1, scan_ids=[Command.set(self._scan().ids)]
        )
        self.assertEqual(len(self._charges(used, "scan")), 1)
        items = self._create_items(self.client_a, 4)
        preview = self.Request._desktomy_price_preview(self.client_a, "scan", 4)
        # 2 included, 1 used: 1 left, 3 billable at the package price
        self.assertEqual(preview["included_left"], 1.0)
        self.assertEqual(preview["billable_qty"], 3.0)
        self.assertEqual(preview["amount"], 4.5)
        self.assertEqual(preview["currency"], self.company.currency_id)
        self.assertEqual(preview["service"], self.service["scan"])
        before = self._summary_line("scan")
        request = self._submit("scan", items)
        with self.mock_mail_gateway():
            for item in items:
                item.scan_ids = [Command.link(self._scan().id)]
        self.assertEqual(request.state, "done")
        after = self._summary_line("scan")
        self.assertEqual(after["amount"] - before["amount"], preview["amount"])
        self.assertEqual(
            after["billable"] - before["billable"], preview["billable_qty"]
        )
        # a client without package pays the catalogue price
        preview_b = self.Request._desktomy_price_preview(self.client_b, "forward", 2)
        self.assertEqual(preview_b["included_left"], 0.0)
        self.assertEqual(preview_b["amount"], 24.0)

    def test_price_preview_input(self):
        with self.assertRaises(UserError):
            self.Request._desktomy_price_preview(self.client_a, "teleport", 1)
        with self.assertRaises(UserError):
            self.Request._desktomy_price_preview(self.client_a, "scan", "x")
        with self.assertRaises(UserError):
            self.Request._desktomy_price_preview(self.client_a, "scan", -1)
        self.assertEqual(
            self.Request._desktomy_price_preview(self.client_a, "scan", 0)["amount"],
            0.0,
        )

    # ------------------------------------------------------------------
    # Cancelling, refusing
    # ------------------------------------------------------------------

    def test_cancel(self):
        item = self._create_items(self.client_a)
        request = self._submit("shred", item)
        with self.mock_mail_gateway():
            request.with_user(self.user_desk).action_cancel()
        self.assertEqual(request.state, "cancelled")
        self.assertTrue(request.cancelled_datetime)
        self.assertFalse(self._request_mails(request))
        self.assertFalse(item.pending_request_id)
        with self._assert_user_error("Only pending"):
            request.action_cancel()
        with self._assert_user_error("Only pending"):
            request.action_refuse("late")
        item.action_mark_shredded()
        self.assertEqual(request.state, "cancelled")

    def test_refuse(self):
        item = self._create_items(self.client_a)
        request = self._submit("shred", item)
        desk = request.with_user(self.user_desk)
        with self._assert_user_error("needs a reason"):
            desk.action_refuse("   ")
        action = desk.action_open_refuse_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_desk)
            .with_context(**action["context"])
        )
        wizard.reason = "The contract does not cover shredding."
        with self.mock_mail_gateway():
            wizard.save().action_confirm()
        self.assertEqual(request.state, "refused")
        self.assertEqual(
            request.refuse_reason, "The contract does not cover shredding."
        )
        mail = self._request_mails(request)
        self.assertEqual(len(mail), 1)
        self.assertIn("The contract does not cover shredding.", mail.body_html)
        self.assertIn("office@alfa.example.com", request.message_ids[0].body)
        self.assertIn(
            "The contract does not cover shredding.", request.message_ids[0].body
        )
        self.assertEqual(item.state, "received")
        self.assertFalse(item.desktomy_usage_ids)

    def test_notification_in_polish(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.client_a.lang = "pl_PL"
        item = self._create_items(self.client_a)
        request = self._submit("shred", item)
        with self.mock_mail_gateway():
            request.action_refuse("Brak umowy")
        mail = self._request_mails(request)
        self.assertIn("odrzucone", mail.subject)
        self.assertIn("Brak umowy", mail.body_html)
        self.assertIn("Zlecenie zniszczenia", mail.subject)
        # the reason of an automatic refusal is in the client's language
        other = self._create_items(self.client_a)
        request = self._submit("forward", other, {"forward_address": "Adres 1"})
        with self.mock_mail_gateway():
            other.action_mark_shredded()
        self.assertIn("opuściły biuro", request.refuse_reason)
        self.assertIn("Zniszczona", request.refuse_reason)
        # the e-mail of a request done, in Polish
        waiting = self._create_items(self.client_a)
        request = self._submit(
            "pickup",
            waiting,
            {
                "pickup_date": fields.Date.context_today(self.Request)
                + timedelta(days=1)
            },
        )
        with self.mock_mail_gateway():
            request.action_mark_ready()
        mail = self._request_mails(request)
        self.assertIn("zostało wykonane", mail.subject)
        self.assertIn("Zatrzymaj do odbioru", mail.subject)
        self.assertIn("czekają na odbiór", mail.body_html)
        self.assertIn(waiting.name, mail.body_html)

    # ------------------------------------------------------------------
    # Overdue, access, queue
    # ------------------------------------------------------------------

    def test_overdue(self):
        items = self._create_items(self.client_a, 3)
        old = self._submit("shred", items[0])
        recent = self._submit("shred", items[1])
        done = self._submit("shred", items[2])
        self.env.cr.execute(
            "UPDATE desktomy_mail_request SET requested_datetime = %s WHERE id IN %s",
            (fields.Datetime.now() - timedelta(days=2), (old.id, done.id)),
        )
        self.Request.invalidate_model()
        done.action_cancel()
        self.company.desktomy_request_overdue_days = 1
        self.assertTrue(old.is_overdue)
        self.assertFalse(recent.is_overdue)
        self.assertFalse(done.is_overdue)
        mine = [("id", "in", (old | recent | done).ids)]
        self.assertEqual(self.Request.search(mine + [("is_overdue", "=", True)]), old)
        self.assertEqual(
            self.Request.search(mine + [("is_overdue", "=", False)]), recent | done
        )
        with self.assertRaises(UserError):
            self.company.desktomy_request_overdue_days = -1
        self.company.desktomy_request_overdue_days = 3
        self.Request.invalidate_model(["is_overdue"])
        self.assertFalse(old.is_overdue)
        self.assertFalse(self.Request.search(mine + [("is_overdue", "=", True)]))

    def test_access(self):
        item = self._create_items(self.client_a)
        request = self._submit("shred", item)
        portal = new_test_user(self.env, login="req_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.Request.with_user(portal).search([])
        with self.assertRaises(AccessError):
            request.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            request.with_user(portal).action_cancel()
        # the client panel asks for the price as the portal user
        preview = self.Request.with_user(portal)._desktomy_price_preview(
            self.client_a, "forward", 2
        )
        self.assertEqual(preview["amount"], 12.0)
        plain = new_test_user(self.env, login="req_plain", groups="base.group_user")
        with self.assertRaises(AccessError):
            request.with_user(plain).read(["name"])
        # staff-only fields of the item
        with self.assertRaises(AccessError):
            item.with_user(plain).read(["request_ids"])
        # another office does not see it
        other_company = self.env["res.company"].create({"name": "Other Office"})
        other_desk = new_test_user(
            self.env,
            login="req_other_desk",
            groups="desktomy_virtual_office.group_desktomy_user",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        self.assertFalse(self.Request.with_user(other_desk).search([]))
        with self.assertRaises(AccessError):
            request.with_user(other_desk).read(["name"])
        with self.assertRaises(AccessError):
            request.with_user(self.user_desk).unlink()

    def test_items_of_one_office(self):
        other_company = self.env["res.company"].create({"name": "Second Office"})
        item = self._create_items(self.client_a)
        other = self._create_items(self.client_a, company_id=other_company.id)
        with self._assert_user_error("one office"):
            self._submit("shred", item | other)

    def test_queue_first_page_queries_constant(self):
        """The queue's first page (list view, 80 rows, with the count) costs the
        same queries with 85 or 300 requests."""
        clients = self.env["res.partner"].create(
            [
                {"name": f"Queue client {n}", "desktomy_is_client": True}
                for n in range(10)
            ]
        )

        def add(count):
            items = self.env["desktomy.mail"].create(
                [
                    {"partner_id": clients[n % len(clients)].id, "sender": "Queue"}
                    for n in range(count)
                ]
            )
            for n, item in enumerate(items):
                kind = ("scan", "shred", "forward", "pickup")[n % 4]
                self.Request._desktomy_submit(
                    item.partner_id,
                    kind,
                    item,
                    {
                        "forward_address": "Somewhere 1",
                        "pickup_date": fields.Date.context_today(self.Request),
                    }
                    if kind in ("forward", "pickup")
                    else {},
                    origin="desk",
                )

        def first_page():
            env = self.env(user=self.user_desk)
            env = env(context=dict(env.user.context_get(), bin_size=True))
            Request = env["desktomy.mail.request"]
            # (the test's requests only: the demo's, with the persons who
            # asked, would add the query that reads those persons)
            return Request.web_search_read(
                [("state", "=", "pending"), ("partner_id", "in", clients.ids)],
                list_specification(Request),
                offset=0,
                limit=80,
                order=QUEUE_ORDER,
                count_limit=10001,
            )

        def measure():
            for _warm_up in range(2):
                self.env.invalidate_all()
                first_page()
            self.env.invalidate_all()
            start = sql_db.sql_counter
            with self.assertQueryCount(5):
                page = first_page()
            self.assertEqual(len(page["records"]), 80)
            return sql_db.sql_counter - start, page

        add(85)
        small, page = measure()
        self.assertGreaterEqual(page["length"], 85)
        add(215)
        large, page = measure()
        self.assertGreaterEqual(page["length"], 300)
        self.assertEqual(small, large)
