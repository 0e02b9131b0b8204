# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, users

from odoo.addons.desktomy_virtual_office.models.desktomy_mail_handover import (
    DesktomyMailHandover,
)

from .common_handover import SIGNATURE, HandoverCommon


class TestHandover(HandoverCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_handover()

    def test_several_companies_in_one_go(self):
        """One handover moves every waiting item of two companies to collected."""
        clients = self.clients[:2]
        items = self._waiting(clients)
        self.assertEqual(len(items), 6)
        other = self._waiting(self.clients[2])
        self._wizard(clients).action_handover()
        handover = items.handover_id
        self.assertEqual(len(handover), 1)
        self.assertEqual(handover.state, "done")
        self.assertTrue(handover.name.startswith("HO/"))
        self.assertEqual(handover.partner_ids, clients)
        self.assertEqual(handover.mail_ids, items)
        self.assertEqual(handover.collector_name, "Jan Kowalski")
        self.assertTrue(handover.collector_authorized)
        self.assertEqual(set(items.mapped("state")), {"collected"})
        self.assertEqual(set(items.mapped("collector_name")), {"Jan Kowalski"})
        self.assertEqual(set(other.mapped("state")), {"received", "notified"})

    def test_code_path_partner_ids_only(self):
        """A wizard created with partner_ids hands over all their waiting items,
        but only to an identified collector when nobody authorised collects."""
        clients = self.clients[1:]
        items = self._waiting(clients)
        vals = {
            "partner_ids": [Command.set(clients.ids)],
            "digital_confirmation": True,
            "signature": SIGNATURE,
        }
        Wizard = self.env["desktomy.mail.handover.wizard"]
        with self.assertRaisesRegex(UserError, "not an authorised person"):
            Wizard.create(vals).action_handover()
        with self.assertRaisesRegex(UserError, "not an authorised person"):
            Wizard.create(dict(vals, collector_name="Anna Nowak")).action_handover()
        self.assertEqual(set(items.mapped("state")), {"received", "notified"})
        Wizard.create(
            dict(vals, collector_name="Anna Nowak", collector_id_number="ABC123456")
        ).action_handover()
        self.assertEqual(set(items.mapped("state")), {"collected"})
        self.assertFalse(items.handover_id.collector_authorized)

    def test_authorised_person_search(self):
        """Picking a person adds every company this person may collect for."""
        wizard_form = Form(self.env["desktomy.mail.handover.wizard"])
        wizard_form.person_search_id = self.person
        self.assertEqual(set(wizard_form.partner_ids.ids), set(self.clients[:2].ids))
        self.assertEqual(wizard_form.collector_partner_id, self.person)
        self.assertEqual(len(wizard_form.mail_ids), 6)
        self.assertFalse(wizard_form.authorization_warning)
        kept = wizard_form.mail_ids[0]
        wizard_form.mail_ids.remove(id=kept.id)
        wizard_form.signature = SIGNATURE
        wizard = wizard_form.save()
        wizard.action_handover()
        self.assertIn(kept.state, ("received", "notified"))
        self.assertFalse(kept.handover_id)
        self.assertEqual(len(wizard.mail_ids.handover_id.mail_ids), 5)

    def test_add_clients(self):
        """Adding a client lists its waiting items; removing it drops them."""
        wizard_form = Form(self.env["desktomy.mail.handover.wizard"])
        self.assertFalse(wizard_form.mail_ids)
        wizard_form.partner_ids.add(self.clients[2])
        self.assertEqual(wizard_form.partner_ids.ids, self.clients[2].ids)
        self.assertEqual(len(wizard_form.mail_ids), 3)
        # an item removed by the user stays removed when another client joins
        removed = wizard_form.mail_ids[0]
        wizard_form.mail_ids.remove(id=removed.id)
        wizard_form.partner_ids.add(self.clients[0])
        self.assertEqual(len(wizard_form.mail_ids), 5)
        self.assertNotIn(removed, wizard_form.mail_ids[:])
        # Jan Kowalski may not collect for this company: warning shown.
        wizard_form.collector_partner_id = self.person
        self.assertIn(self.clients[2].name, wizard_form.authorization_warning)
        wizard_form.partner_ids.remove(id=self.clients[2].id)
        self.assertEqual(
            set(wizard_form.mail_ids[:].partner_id.ids), set(self.clients[0].ids)
        )
        self.assertFalse(wizard_form.authorization_warning)

    def test_open_from_items(self):
        """Opened from a selection of items, the wizard lists those items only."""
        items = self._waiting(self.clients[:2])
        chosen = (
            items[:2] | items.filtered(lambda i: i.partner_id == self.clients[1])[:1]
        )
        wizard_form = Form(
            self.env["desktomy.mail.handover.wizard"].with_context(
                active_model="desktomy.mail", active_ids=chosen.ids
            )
        )
        self.assertEqual(set(wizard_form.partner_ids.ids), set(chosen.partner_id.ids))
        self.assertEqual(set(wizard_form.mail_ids[:].ids), set(chosen.ids))

    def test_unauthorised_collector_needs_document(self):
        """A collector who is not authorised must give an ID document number."""
        wizard = self._wizard(self.clients[1:], collector_name="Anna Nowak")
        wizard.collector_partner_id = False
        with self.assertRaisesRegex(UserError, "identity document"):
            wizard.action_handover()
        wizard.collector_id_number = "ABC123456"
        wizard.action_handover()
        handover = self._handovers()
        self.assertEqual(handover.collector_id_number, "ABC123456")
        self.assertEqual(handover.collector_name, "Anna Nowak")

    def test_refused_without_signature(self):
        """Digital confirmation without a signature hands over nothing."""
        items = self._waiting(self.clients[:2])
        wizard = self._wizard(self.clients[:2], signature=False)
        with self.assertRaisesRegex(UserError, "signature"):
            wizard.action_handover()
        self.assertEqual(set(items.mapped("state")), {"received", "notified"})
        self.assertFalse(self._handovers())

    def test_receipt_attached_everywhere(self):
        """The receipt is attached to the handover and every item, with content."""
        items = self._waiting(self.clients[:2])
        self._wizard(self.clients[:2]).action_handover()
        handover = items.handover_id
        receipt = handover.receipt_attachment_id
        self.assertTrue(receipt)
        self.assertIn(receipt.mimetype, ("application/pdf", "text/html"))
        self.assertEqual(
            (receipt.res_model, receipt.res_id), (handover._name, handover.id)
        )
        self.assertEqual(len(handover.receipt_sha256), 64)
        content = receipt.raw.decode()
        for name in self.clients[:2].mapped("name") + items.mapped("name"):
            self.assertIn(name, content)
        self.assertIn("Jan Kowalski", content)
        self.assertNotIn(self.clients[2].name, content)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "desktomy.mail"), ("res_id", "in", items.ids)]
        )
        self.assertEqual(len(attachments), len(items))
        self.assertEqual(set(attachments.mapped("checksum")), {receipt.checksum})
        for item in items:
            self.assertEqual(item.receipt_attachment_id.res_id, item.id)

    def test_paper_handover_has_no_receipt_box(self):
        """Without digital confirmation no receipt is attached; paper print works."""
        items = self._waiting(self.clients[:1])
        self._wizard(
            self.clients[:1], digital_confirmation=False, signature=False
        ).action_handover()
        handover = items.handover_id
        self.assertFalse(handover.receipt_attachment_id)
        self.assertFalse(items.receipt_attachment_id)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "desktomy_virtual_office.desktomy_mail_handover_report_action",
                handover.ids,
            )[0]
            .decode()
        )
        self.assertIn("Signature of the collector", html)
        self.assertNotIn('alt="Signature"', html)

    def test_immutable(self):
        """Nobody, not even the superuser, edits or deletes a confirmed handover."""
        self._wizard(self.clients[:1]).action_handover()
        handover = self.clients[:1].desktomy_mail_ids.handover_id
        for record in (handover, handover.sudo()):
            with self.assertRaises(UserError):
                record.write({"collector_name": "Someone Else"})
            with self.assertRaises(UserError):
                record.unlink()
        self.assertEqual(handover.collector_name, "Jan Kowalski")
        correction = self.env["desktomy.mail.handover"].create(
            {
                "collector_name": "Jan Kowalski",
                "correction_of_id": handover.id,
                "note": "Wrong collector number",
            }
        )
        self.assertEqual(correction.correction_of_id, handover)

    def test_items_no_longer_waiting_refused(self):
        """An item handed over meanwhile is named and nothing else changes."""
        items = self._waiting(self.clients[:2])
        wizard_form = Form(self.env["desktomy.mail.handover.wizard"])
        wizard_form.person_search_id = self.person
        wizard_form.signature = SIGNATURE
        wizard = wizard_form.save()
        # another desk takes the first item between opening and confirming
        self._wizard(self.clients[:1]).action_handover()
        taken = items.filtered(lambda item: item.state == "collected")
        with self.assertRaisesRegex(UserError, taken[0].name):
            wizard.action_handover()
        rest = items - taken
        self.assertEqual(set(rest.mapped("state")), {"received", "notified"})
        self.assertFalse(rest.handover_id)
        self.assertEqual(len(self._handovers()), 1)

    def test_render_failure_keeps_signature(self):
        """A failed receipt render hands over nothing and keeps the signature."""
        items = self._waiting(self.clients[:2])
        wizard = self._wizard(self.clients[:2])
        with (
            patch.object(
                DesktomyMailHandover,
                "_desktomy_render_receipt",
                side_effect=OSError("wkhtmltopdf crashed"),
            ),
            self.assertLogs(
                "odoo.addons.desktomy_virtual_office.models.desktomy_mail_handover",
                level="ERROR",
            ),
            self.assertRaisesRegex(UserError, "could not be generated"),
        ):
            wizard.action_handover()
        self.assertEqual(set(items.mapped("state")), {"received", "notified"})
        self.assertFalse(items.handover_id)
        self.assertFalse(self._handovers())
        self.assertTrue(wizard.signature)
        wizard.action_handover()
        self.assertEqual(set(items.mapped("state")), {"collected"})

    def test_billing_hook_called_once(self):
        """The billing hook runs once on all handed-over items."""
        Mail = type(self.env["desktomy.mail"])
        calls = []
        original = Mail._desktomy_after_handover

        def spy(records, handover):
            calls.append((records, handover))
            return original(records, handover)

        items = self._waiting(self.clients[:2])
        with patch.object(Mail, "_desktomy_after_handover", spy):
            self._wizard(self.clients[:2]).action_handover()
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0][0], items)
        self.assertEqual(calls[0][1], items.handover_id)

    @users("ho_desk")
    def test_access_desk_user(self):
        """A desk user hands over but cannot edit or delete the handover."""
        clients = self.clients[:2].with_user(self.env.user)
        self._wizard(clients).action_handover()
        handover = self._handovers()
        self.assertEqual(len(handover), 1)
        with self.assertRaises(UserError):
            handover.write({"note": "x"})
        with self.assertRaises(UserError):
            handover.unlink()
        self.assertEqual(handover.receipt_attachment_id.res_id, handover.id)

    @users("ho_plain")
    def test_access_plain_user(self):
        """An internal user outside the groups sees no handover nor wizard."""
        with self.assertRaises(AccessError):
            self.env["desktomy.mail.handover"].search([])
        with self.assertRaises(AccessError):
            self.env["desktomy.mail.handover.wizard"].create({})


class TestHandoverQueries(HandoverCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_handover()
        cls.small = cls._create_clients(2, 3, prefix="Small")
        # The ORM updates the items in chunks of 100 rows, so the larger case
        # stays below 100 items to compare like with like; the chatter notes,
        # receipt attachments and usage lines are inserted in one query each
        # whatever the number of items.
        cls.large = cls._create_clients(12, 8, prefix="Large")

    def _count_handover(self, clients, expected, **vals):
        wizard = self._wizard(
            clients,
            collector_partner_id=False,
            collector_name="Anna Nowak",
            collector_id_number="X1",
            **vals,
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(expected):
            wizard.action_handover()
            self.env.flush_all()
        items = clients.desktomy_mail_ids
        self.assertEqual(set(items.mapped("state")), {"collected"})
        notes = items.message_ids.filtered(lambda m: "Handed over to" in m.body)
        self.assertEqual(set(notes.mapped("res_id")), set(items.ids))
        self.assertEqual(len(notes), len(items))
        self.assertEqual(
            len(
                items.desktomy_usage_ids.filtered(
                    lambda u: u.service_kind == "handover"
                )
            ),
            len(items),
        )

    def test_query_count_constant(self):
        """2 x 3 and 12 x 8 items are handed over in the same number of queries."""
        # warm-up: compile the report template, create the sequence date range
        self._wizard(self.clients[:1]).action_handover()
        # (4 of them store the month's billing of the clients charged,
        # desktomy.billing.month, at the savepoint of the handover; 2 look for
        # the clients' e-mail copies and note in the chatter that these
        # clients, who have no address, got none; 1 looks for the items'
        # pending requests, which the handover fulfils or refuses, while the
        # items' update is one query less; 1 more comes with Odoo Accounting
        # installed. The receipt's report is given to the report engine as a
        # record, so that it is not looked up again at each step.)
        self._count_handover(self.small, 53)
        self._count_handover(self.large, 53)

    def _pending_requests(self, clients):
        """A pickup (done by the handover), a scan and a forward request
        (refused by it) on the items of each of ``clients``."""
        Request = self.env["desktomy.mail.request"].sudo()
        pickup_date = fields.Date.add(fields.Date.context_today(Request), days=3)
        for client in clients:
            items = client.desktomy_mail_ids
            Request.create(
                [
                    {
                        "partner_id": client.id,
                        "kind": "scan",
                        "mail_ids": items[:1].ids,
                    },
                    {
                        "partner_id": client.id,
                        "kind": "pickup",
                        "pickup_date": pickup_date,
                        "mail_ids": items[1:2].ids,
                    },
                    {
                        "partner_id": client.id,
                        "kind": "forward",
                        "forward_address": "ul. Prosta 1\n00-001 Warszawa",
                        "forward_carrier": "DHL",
                        "mail_ids": items[2:3].ids,
                    },
                ]
            )

    def test_query_count_constant_with_requests(self):
        """The pending requests of the items are read and closed once per
        handover: 3 requests or 36 cost the same queries."""
        self._wizard(self.clients[:1]).action_handover()
        self._pending_requests(self.small[:1])
        self._pending_requests(self.large)
        # (53 of the handover without requests, and 6 for closing them, done
        # and refused together: the requests' update, one chatter insert, the
        # e-mails to the clients and one trigger of the mail queue. The larger
        # case measures one query less.)
        self._count_handover(self.small, 59)
        self._count_handover(self.large, 58)
        requests = (self.small + self.large).desktomy_mail_ids.request_ids
        self.assertEqual(len(requests), 39)
        self.assertEqual(
            sorted(set(requests.mapped(lambda r: (r.kind, r.state)))),
            [("forward", "refused"), ("pickup", "done"), ("scan", "refused")],
        )

    def test_query_count_constant_without_receipt(self):
        """The same without digital confirmation (no receipt, no attachments)."""
        self._wizard(
            self.clients[:1], digital_confirmation=False, signature=False
        ).action_handover()
        # (one more than before the item list became its own relation: the
        # handover's list is inserted in one query, whatever its size; and one
        # for the items' pending requests; one less since the items keep their
        # cache after their chatter notes are copied)
        self._count_handover(self.small, 38, digital_confirmation=False)
        self._count_handover(self.large, 38, digital_confirmation=False)
