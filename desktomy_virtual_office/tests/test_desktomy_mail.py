# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import TransactionCase


class TestDesktomyMail(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.env["res.partner"].create(
            {"name": "Acme Sp. z o.o.", "is_company": True, "desktomy_is_client": True}
        )

    def test_reference_and_client_number(self):
        """An item gets a reference from the sequence; a client gets a number."""
        item = self.env["desktomy.mail"].create({"partner_id": self.client.id})
        self.assertTrue(item.name.startswith("MAIL/"))
        self.assertTrue(self.client.desktomy_client_number)
        self.assertEqual(item.state, "received")

    def test_leave_collected_needs_confirmation(self):
        """Moving an item out of "collected" is refused without confirmation."""
        item = self.env["desktomy.mail"].create({"partner_id": self.client.id})
        item.state = "collected"
        with self.assertRaises(UserError):
            item.state = "received"
        self.assertEqual(item.state, "collected")
        item.action_set_state("received")
        self.assertEqual(item.state, "received")
