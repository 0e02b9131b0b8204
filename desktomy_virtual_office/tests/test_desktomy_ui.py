# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import MockEmail


@tagged("post_install", "-at_install")
class TestDesktomyMailUi(HttpCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Tour Client Sp. z o.o.",
                "is_company": True,
                "desktomy_is_client": True,
                "email": "tour@client.example.com",
            }
        )
        cls.env.company.desktomy_missing_attachment_alert = True

    def _item_url(self, item):
        return f"/odoo/action-desktomy_virtual_office.desktomy_mail_action/{item.id}"

    def test_missing_attachment_alert_tour(self):
        """The alert names the item, "Go back" sends nothing, "Send anyway" sends."""
        item = self.env["desktomy.mail"].create(
            {
                "partner_id": self.client.id,
                "sender": "TOUR-NO-SCAN-SENDER",
                "notify_with_attachment": True,
            }
        )
        with self.mock_mail_gateway():
            self.start_tour(
                self._item_url(item), "desktomy_missing_attachment_tour", login="admin"
            )
        self.assertEqual(item.state, "notified")
        self.assertEqual(len(self._new_mails), 1)
        self.assertEqual(self._new_mails.email_to, "tour@client.example.com")

    def test_list_notify_tour(self):
        """The list's "Send notification" on a selection shows the alert first."""
        item = self.env["desktomy.mail"].create(
            {"partner_id": self.client.id, "sender": "TOUR-LIST-NO-SCAN"}
        )
        with self.mock_mail_gateway():
            self.start_tour(
                "/odoo/action-desktomy_virtual_office.desktomy_mail_action",
                "desktomy_list_notify_tour",
                login="admin",
            )
        self.assertEqual(item.state, "received")
        self.assertFalse(self._new_mails)

    def test_settings_tour(self):
        """The alert is switched off in Settings, Virtual Office, Mail."""
        self.start_tour(
            "/odoo/action-desktomy_virtual_office.res_config_settings_action",
            "desktomy_settings_tour",
            login="admin",
        )
        self.assertFalse(self.env.company.desktomy_missing_attachment_alert)

    def test_intake_tour(self):
        """The "Register Mail" list keeps the client between entries."""
        self.start_tour(
            "/odoo/action-desktomy_virtual_office.desktomy_mail_action_intake",
            "desktomy_intake_tour",
            login="admin",
        )
        items = self.env["desktomy.mail"].search(
            [("sender", "in", ("INTAKE-ONE", "INTAKE-TWO"))]
        )
        self.assertEqual(len(items), 2)
        self.assertEqual(items.partner_id, self.client)
        self.assertEqual(len(set(items.mapped("received_datetime"))), 1)
