# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged, users

from .common import DesktomyMailCommon


@tagged("post_install", "-at_install")
class TestDesktomyMail(DesktomyMailCommon):
    def test_reference_and_client_number(self):
        """An item gets a reference from the sequence; a client gets a number."""
        item = self._create_items(self.client_a)
        self.assertTrue(item.name.startswith("MAIL/"))
        self.assertTrue(self.client_a.desktomy_client_number)
        self.assertNotEqual(
            self.client_a.desktomy_client_number, self.client_b.desktomy_client_number
        )
        self.assertEqual(item.state, "received")

    def test_reference_sequence_per_company(self):
        """Each company numbers its items with its own sequence."""
        self.client_a.company_id = False
        item_1 = self._create_items(self.client_a)
        item_2 = self._create_items(self.client_a, company_id=self.company_2.id)
        item_3 = self._create_items(self.client_a, company_id=self.company_2.id)
        self.assertTrue(item_1.name.startswith("MAIL/"))
        self.assertTrue(item_2.name.endswith("/000001"), "company 2 starts at 1")
        self.assertEqual(
            int(item_3.name.rsplit("/", 1)[1]), int(item_2.name.rsplit("/", 1)[1]) + 1
        )
        sequences = self.env["ir.sequence"].search([("code", "=", "desktomy.mail")])
        self.assertIn(self.company_2, sequences.company_id)
        self.assertIn(self.company_admin, sequences.company_id)
        self.assertFalse(sequences.filtered(lambda seq: not seq.company_id))

    def test_reference_sequence_on_company_creation(self):
        """A new company gets its own reference sequence at once."""
        company = self.env["res.company"].create({"name": "Biuro Kraków"})
        sequence = self.env["ir.sequence"].search(
            [("code", "=", "desktomy.mail"), ("company_id", "=", company.id)]
        )
        self.assertEqual(len(sequence), 1)
        self.assertEqual(company._desktomy_mail_sequence(), sequence)

    @users("desk_user")
    def test_lifecycle_tracking(self):
        """Every status change of an item is tracked in its chatter."""
        item = self._create_items(self.client_a)
        self.flush_tracking()
        item.action_mark_forwarded()
        self.flush_tracking()
        self.assertEqual(item.state, "forwarded")
        self.assertTracking(
            item.message_ids[0], [("state", "selection", "Received", "Forwarded")]
        )
        item.action_reset_received()
        self.flush_tracking()
        self.assertTracking(
            item.message_ids[0], [("state", "selection", "Forwarded", "Received")]
        )
        item.action_mark_shredded()
        self.flush_tracking()
        self.assertTracking(
            item.message_ids[0], [("state", "selection", "Received", "Shredded")]
        )
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id", "in", item.message_ids.ids),
                    ("field_id.name", "=", "state"),
                ]
            )
        )
        self.assertEqual(len(trackings), 3)

    @users("desk_user")
    def test_state_buttons_only_from_waiting(self):
        """Forwarded, returned and shredded apply to waiting items only."""
        items = self._create_items(self.client_a, count=3)
        items[0].action_mark_returned()
        items[1].action_mark_shredded()
        self.assertEqual(items.mapped("state"), ["returned", "shredded", "received"])
        with self.assertRaises(UserError):
            items[:2].action_mark_forwarded()
        self.assertEqual(items.mapped("state"), ["returned", "shredded", "received"])

    @users("desk_user")
    def test_scans_linked_to_item(self):
        """Uploaded scans are attached to their item; other documents' files are not."""
        scan = self._scan()
        item = self._create_items(self.client_a, scan_ids=[(6, 0, scan.ids)])
        self.assertEqual((scan.res_model, scan.res_id), ("desktomy.mail", item.id))
        other = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "contract.pdf",
                    "raw": b"x",
                    "res_model": "res.partner",
                    "res_id": self.client_b.id,
                }
            )
        )
        with self.assertRaises(UserError):
            item.write({"scan_ids": [(4, other.id)]})
        self.assertEqual(other.res_model, "res.partner")

    def test_notification_email_validated(self):
        """Notification addresses must be valid e-mail addresses."""
        self.client_b.desktomy_notification_email = (
            "a@beta.example.com, b@beta.example.com"
        )
        self.assertEqual(
            self.client_b._desktomy_notification_emails(),
            ["a@beta.example.com", "b@beta.example.com"],
        )
        with self.assertRaisesRegex(ValidationError, "not-an-address"):
            self.client_b.desktomy_notification_email = (
                "a@beta.example.com, not-an-address"
            )

    @users("desk_user")
    def test_intake_keeps_client_and_date(self):
        """A new row of "Register Mail" starts with the last entry's client and date."""
        Intake = self.env["desktomy.mail"].with_context(desktomy_intake=True)
        with Form(Intake) as form:
            form.partner_id = self.client_b
            form.received_datetime = "2026-01-05 08:30:00"
            form.sender = "ZUS"
        with Form(Intake) as form:
            self.assertEqual(form.partner_id, self.client_b)
            self.assertEqual(str(form.received_datetime), "2026-01-05 08:30:00")
            form.sender = "Urząd Skarbowy"
        registered = self.env["desktomy.mail"].search(
            [("sender", "=", "Urząd Skarbowy")]
        )
        self.assertEqual(registered.partner_id, self.client_b)
        # outside the intake list, the usual defaults apply
        with Form(self.env["desktomy.mail"]) as form:
            self.assertFalse(form.partner_id)
            form.partner_id = self.client_a
