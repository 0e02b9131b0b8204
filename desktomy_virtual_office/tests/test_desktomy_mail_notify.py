# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import Form, tagged, users, warmup

from .common import SCAN_PDF, DesktomyMailCommon


@tagged("post_install", "-at_install")
class TestDesktomyMailNotify(DesktomyMailCommon):
    def _flush_queue(self):
        self.env["mail.mail"].sudo().process_email_queue()

    @users("desk_user")
    def test_notify_one_email_per_client(self):
        """A batch sends one e-mail per client listing all its items, with the scans."""
        items_a = self._create_items(self.client_a, count=3, kind="registered")
        items_a[0].scan_ids = self._scan("alfa-1.pdf")
        items_a[1].scan_ids = self._scan("alfa-2a.pdf") | self._scan("alfa-2b.pdf")
        items_a[2].notify_with_attachment = False
        items_b = self._create_items(self.client_b, count=2)
        items_b.write({"notify_with_attachment": False})
        items = items_a | items_b
        with self.mock_mail_gateway():
            items.action_notify()
            self.assertEqual(len(self._new_mails), 2, "one e-mail per client")
            mail_a = self.assertMailMailWEmails(
                ["office@alfa.example.com, ceo@alfa.example.com"],
                "outgoing",
                content="We have received the following mail for you",
                fields_values={
                    "subject": "New mail for Alfa Sp. z o.o. at YourTestCompany",
                },
            )
            for item in items_a:
                self.assertIn(item.name, mail_a.body_html)
            self.assertIn("Registered letter", mail_a.body_html)
            self.assertNotIn(items_b[0].name, mail_a.body_html)
            self.assertEqual(
                sorted(mail_a.attachment_ids.mapped("name")),
                ["alfa-1.pdf", "alfa-2a.pdf", "alfa-2b.pdf"],
            )
            self._flush_queue()
        self.assertSentEmail(
            self.company_admin.email_formatted,
            ["office@alfa.example.com", "ceo@alfa.example.com"],
            subject="New mail for Alfa Sp. z o.o. at YourTestCompany",
            attachments_info=[
                {"name": "alfa-1.pdf", "raw": SCAN_PDF, "type": "application/pdf"},
                {"name": "alfa-2a.pdf", "raw": SCAN_PDF, "type": "application/pdf"},
                {"name": "alfa-2b.pdf", "raw": SCAN_PDF, "type": "application/pdf"},
            ],
        )
        self.assertSentEmail(
            self.company_admin.email_formatted,
            ["biuro@beta.example.com"],
            subject="New mail for Beta S.A. at YourTestCompany",
            attachments_info=[],
        )
        self.assertEqual(len(self._mails), 2)
        self.assertEqual(set(items.mapped("state")), {"notified"})
        self.assertTrue(all(items.mapped("notified_datetime")))
        # logged in each item's chatter, with the status change
        for item in items:
            message = item.message_ids[0]
            self.assertIn("Notification e-mail sent to", str(message.body))
            self.assertTracking(
                message, [("state", "selection", "Received", "Notified")]
            )
        self.assertIn("with 3 scan(s)", str(items_a[0].message_ids[0].body))
        self.assertIn("without scan", str(items_b[0].message_ids[0].body))
        notifications = items.notification_ids
        self.assertEqual(len(notifications), 2)
        self.assertEqual(notifications.partner_id, self.client_a | self.client_b)

    @users("desk_user")
    def test_notify_again_keeps_state(self):
        """A waiting item can be notified again; other items cannot be notified."""
        item = self._create_items(self.client_b, notify_with_attachment=False)
        with self.mock_mail_gateway():
            item.action_notify()
            item.action_notify()
        self.assertEqual(len(self._new_mails), 2)
        self.assertEqual(item.state, "notified")
        item.action_mark_returned()
        with self.mock_mail_gateway(), self.assertRaises(UserError):
            item.action_notify()
        self.assertFalse(self._new_mails)

    @users("desk_user")
    def test_notify_without_address_refused(self):
        """A client without any e-mail address is named in a clear error."""
        self.client_b.sudo().email = False
        items = self._create_items(self.client_a, notify_with_attachment=False)
        items |= self._create_items(self.client_b, notify_with_attachment=False)
        with self.mock_mail_gateway(), self.assertRaisesRegex(UserError, "Beta S.A."):
            items.action_notify()
        self.assertFalse(self._new_mails)
        self.assertEqual(set(items.mapped("state")), {"received"})

    @users("desk_user")
    def test_missing_attachment_refused_on_server(self):
        """Without "send anyway", a missing scan refuses the batch: nothing done."""
        ok_item = self._create_items(self.client_a)
        ok_item.scan_ids = self._scan()
        no_scan = self._create_items(self.client_a)
        empty_scan = self._create_items(self.client_b)
        empty_scan.scan_ids = self._scan("failed-upload.pdf", raw=b"")
        items = ok_item | no_scan | empty_scan
        self.flush_tracking()
        messages = {item.id: len(item.message_ids) for item in items}
        with self.mock_mail_gateway():
            with self.assertRaises(UserError) as error:
                items.action_notify()
            # the Action menu's entry shows the same dialog as the buttons
            action = self.env.ref("desktomy_virtual_office.desktomy_mail_action_notify")
            dialog = action.with_context(
                active_model="desktomy.mail", active_ids=items.ids
            ).run()
            self.assertEqual(dialog["res_model"], "desktomy.mail.notify.wizard")
        self.assertIn(no_scan.name, str(error.exception))
        self.assertIn(empty_scan.name, str(error.exception))
        self.assertNotIn(ok_item.name, str(error.exception))
        self.assertNotSentEmail()
        self.assertFalse(self._new_mails)
        self.flush_tracking()
        self.assertEqual(set(items.mapped("state")), {"received"})
        self.assertFalse(any(items.mapped("notified_datetime")))
        self.assertFalse(items.notification_ids)
        self.assertEqual({item.id: len(item.message_ids) for item in items}, messages)

    @users("desk_user")
    def test_missing_attachment_alert_wizard(self):
        """From the UI the alert names the items; "Send anyway" sends the batch."""
        ok_item = self._create_items(self.client_a)
        ok_item.scan_ids = self._scan()
        no_scan = self._create_items(self.client_b)
        items = ok_item | no_scan
        with self.mock_mail_gateway():
            action = items.with_context(desktomy_notify_from_ui=True).action_notify()
            self.assertFalse(self._new_mails)
            self.assertEqual(action["res_model"], "desktomy.mail.notify.wizard")
            wizard = self.env[action["res_model"]].browse(action["res_id"])
            self.assertEqual(wizard.missing_item_ids, no_scan)
            self.assertEqual(wizard.item_ids, items)
            self.assertEqual(set(items.mapped("state")), {"received"})
            wizard.with_context(**action["context"]).action_send_anyway()
        self.assertEqual(len(self._new_mails), 2)
        self.assertEqual(set(items.mapped("state")), {"notified"})

    @users("desk_user")
    def test_missing_attachment_alert_off(self):
        """With the company's alert switched off, items without scan are sent."""
        self.company_admin.sudo().desktomy_missing_attachment_alert = False
        item = self._create_items(self.client_a)
        with self.mock_mail_gateway():
            item.action_notify()
        self.assertEqual(len(self._new_mails), 1)
        self.assertFalse(self._new_mails.attachment_ids)
        self.assertEqual(item.state, "notified")

    def test_settings_toggle(self):
        """The setting is per company, on by default, and saved on the company."""
        self.assertTrue(self.company_admin.desktomy_missing_attachment_alert)
        self.assertTrue(self.company_2.desktomy_missing_attachment_alert)
        settings = Form(self.env["res.config.settings"])
        self.assertTrue(settings.desktomy_missing_attachment_alert)
        settings.desktomy_missing_attachment_alert = False
        settings.save().execute()
        self.assertFalse(self.env.company.desktomy_missing_attachment_alert)
        self.assertTrue(self.company_2.desktomy_missing_attachment_alert)

    def test_after_notify_hook(self):
        """The billing hook is called once per batch with all notified items."""
        items = self._create_items(self.client_a, count=2, notify_with_attachment=False)
        items |= self._create_items(self.client_b, notify_with_attachment=False)
        calls = []
        Mail = type(self.env["desktomy.mail"])
        original = Mail._desktomy_after_notify

        def _hook(records):
            calls.append(records)
            return original(records)

        with (
            patch.object(Mail, "_desktomy_after_notify", _hook),
            self.mock_mail_gateway(),
        ):
            items.action_notify()
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0], items)


@tagged("post_install", "-at_install")
class TestDesktomyMailNotifyPerformance(DesktomyMailCommon):
    """Query counts of ``action_notify`` (the e-mails are queued, not sent).

    Measured with the billing hook (``_desktomy_after_notify`` records usage
    lines): 40 clients x 2 items = 75 queries, 40 clients x 5 items = 80,
    20 clients x 4 items = 55; the mail registry alone costs 66, 69 and 46
    (billing adds 9, and 2 more at 200 items). The difference between 80 and
    200 items comes from the ORM writing rows 100 at a time (one more INSERT
    of the chatter messages, of their tracking values, of the usage lines, one
    more UPDATE of the items), not from a query per item; each e-mail (client)
    costs 1 query.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = cls.env["res.partner"].create(
            [
                {
                    "name": f"Klient {index:02d} Sp. z o.o.",
                    "is_company": True,
                    "desktomy_is_client": True,
                    "email": f"biuro{index}@klient.example.com",
                }
                for index in range(40)
            ]
        )

    def _batch(self, clients, per_client):
        items = self.env["desktomy.mail"].create(
            [
                {"partner_id": client.id, "sender": f"Nadawca {index}"}
                for client in clients
                for index in range(per_client)
            ]
        )
        scans = self.env["ir.attachment"].create(
            [
                {
                    "name": f"scan-{item.id}.pdf",
                    "raw": SCAN_PDF,
                    "res_model": "desktomy.mail",
                    "res_id": item.id,
                }
                for item in items
            ]
        )
        for item, scan in zip(items, scans, strict=True):
            item.scan_ids = scan
        self.env.flush_all()
        self.env.invalidate_all()
        return items.with_env(self.env)

    def _notify(self, clients, per_client, expected):
        # (expected includes 3 queries that store the month's billing of the
        # clients charged, desktomy.billing.month, run at the mail savepoint)
        items = self._batch(clients, per_client)
        with self.mock_mail_gateway(), self.assertQueryCount(desk_user=expected):
            items.action_notify()
            self.env.flush_all()
        self.assertEqual(len(self._new_mails), len(clients))
        self.assertEqual(len(self._new_mails.attachment_ids), len(items))
        self.assertEqual(set(items.mapped("state")), {"notified"})

    @users("desk_user")
    @warmup
    def test_notify_queries_40_clients_80_items(self):
        """40 clients with 80 items: the query count of the batch."""
        self._notify(self.clients, 2, expected=77)

    @users("desk_user")
    @warmup
    def test_notify_queries_40_clients_200_items(self):
        """40 clients with 200 items: no query per item (ORM inserts by 100 rows)."""
        self._notify(self.clients, 5, expected=80)

    @users("desk_user")
    @warmup
    def test_notify_queries_20_clients_80_items(self):
        """20 clients with 80 items: the per-e-mail cost of the mail stack."""
        self._notify(self.clients[:20], 4, expected=57)
