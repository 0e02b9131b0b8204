# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import DesktomyMailCommon


@tagged("post_install", "-at_install")
class TestDesktomySecurity(DesktomyMailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_portal_user()
        cls.user_desk_c2 = mail_new_test_user(
            cls.env,
            login="desk_user_c2",
            name="Celina Company Two",
            email="desk2@virtual-office.example.com",
            groups="base.group_user,desktomy_virtual_office.group_desktomy_user",
            company_id=cls.company_2.id,
            company_ids=[(6, 0, cls.company_2.ids)],
        )
        cls.item = cls.env["desktomy.mail"].create(
            {"partner_id": cls.client_a.id, "sender": "ZUS"}
        )
        cls.scan = cls.env["ir.attachment"].create(
            {"name": "scan.pdf", "raw": b"%PDF-1.1", "res_model": "desktomy.mail"}
        )
        cls.item.scan_ids = cls.scan
        cls.item_c2 = cls.env["desktomy.mail"].create(
            {
                "partner_id": cls.client_b.id,
                "sender": "KRS",
                "company_id": cls.company_2.id,
            }
        )

    @users("desk_user")
    def test_user_access(self):
        """A receptionist registers, reads and changes items but deletes none."""
        item = self.item.with_env(self.env)
        self.assertEqual(item.sender, "ZUS")
        item.sender = "ZUS Oddział"
        self._create_items(self.client_b)
        self.assertEqual(item.scan_ids.with_env(self.env).raw, b"%PDF-1.1")
        self.env["ir.attachment"].browse(self.scan.id).check_access("read")
        with self.assertRaises(AccessError):
            item.unlink()

    @users("desk_user")
    def test_user_contract_data(self):
        """A receptionist sees the contract status but changes no contract data."""
        client = self.client_a.with_env(self.env)
        self.assertEqual(client.desktomy_contract_state, "active")
        client.desktomy_notification_email = "new@alfa.example.com"
        with self.assertRaises(AccessError):
            client.desktomy_contract_state = "ended"
        with self.assertRaises(AccessError):
            client.read(["desktomy_contract_end"])
        with self.assertRaises(AccessError):
            self.env["res.partner"].create(
                {
                    "name": "Gamma",
                    "is_company": True,
                    "desktomy_is_client": True,
                    "desktomy_contract_state": "ended",
                }
            )

    @users("desk_manager")
    def test_manager_access(self):
        """An administrator changes contract data and deletes items."""
        client = self.client_a.with_env(self.env)
        client.write(
            {"desktomy_contract_state": "ended", "desktomy_contract_end": "2026-12-31"}
        )
        self.assertEqual(client.desktomy_contract_state, "ended")
        self.item.with_env(self.env).unlink()
        self.assertFalse(self.item.exists())

    @users("employee")
    def test_internal_user_without_group(self):
        """An internal user outside the Virtual Office groups sees no item nor scan."""
        with self.assertRaises(AccessError):
            self.env["desktomy.mail"].search([])
        with self.assertRaises(AccessError):
            self.item.with_env(self.env).read(["sender"])
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].browse(self.scan.id).read(["raw"])
        with self.assertRaises(AccessError):
            self.client_a.with_env(self.env).read(["desktomy_mail_count"])
        with self.assertRaises(AccessError):
            self.env["desktomy.mail.notification"].search([])

    @users("portal_test")
    def test_portal_user(self):
        """A portal user reads no item, notification or scan in the back office."""
        if self.env["ir.module.module"]._get("desktomy_portal").state == "installed":
            # The client panel lets portal users read their own companies' items
            # only; this portal user represents no client.
            self.assertFalse(self.env["desktomy.mail"].search([]))
        else:
            with self.assertRaises(AccessError):
                self.env["desktomy.mail"].search([])
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].browse(self.scan.id).read(["raw"])
        with self.assertRaises(AccessError):
            self.env["desktomy.mail.notification"].search([])

    @users("desk_user_c2")
    def test_other_company(self):
        """A receptionist of another company sees only that company's items."""
        items = self.env["desktomy.mail"].search([])
        self.assertIn(self.item_c2, items)
        self.assertNotIn(self.item, items)
        with self.assertRaises(AccessError):
            self.item.with_env(self.env).read(["sender"])
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].browse(self.scan.id).read(["raw"])

    @users("desk_user")
    def test_settings_for_administrators(self):
        """The settings are for administrators only."""
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].create({})
        with self.assertRaises(AccessError):
            self.env.company.desktomy_missing_attachment_alert = False
