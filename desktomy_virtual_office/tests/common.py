# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo.addons.mail.tests.common import MailCommon, mail_new_test_user

#: A tiny but valid one-page PDF, as a scan would be.
SCAN_PDF = (
    b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 60 60]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class DesktomyMailCommon(MailCommon):
    """Clients, items and the Virtual Office users of the mail registry tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_desk = mail_new_test_user(
            cls.env,
            login="desk_user",
            name="Dorota Desk",
            email="desk@virtual-office.example.com",
            groups="base.group_user,desktomy_virtual_office.group_desktomy_user",
            company_id=cls.company_admin.id,
            notification_type="inbox",
        )
        cls.user_desk_manager = mail_new_test_user(
            cls.env,
            login="desk_manager",
            name="Marek Manager",
            email="manager@virtual-office.example.com",
            groups="base.group_user,desktomy_virtual_office.group_desktomy_manager",
            company_id=cls.company_admin.id,
            notification_type="inbox",
        )
        cls.client_a, cls.client_b = cls.env["res.partner"].create(
            [
                {
                    "name": "Alfa Sp. z o.o.",
                    "is_company": True,
                    "desktomy_is_client": True,
                    "email": "office@alfa.example.com",
                    "desktomy_notification_email": (
                        "office@alfa.example.com, ceo@alfa.example.com"
                    ),
                },
                {
                    "name": "Beta S.A.",
                    "is_company": True,
                    "desktomy_is_client": True,
                    "email": "biuro@beta.example.com",
                },
            ]
        )
        cls.Mail = cls.env["desktomy.mail"]

    def _create_items(self, partner, count=1, **values):
        return self.env["desktomy.mail"].create(
            [
                {
                    "partner_id": partner.id,
                    "sender": f"Sender {index}",
                    **values,
                }
                for index in range(count)
            ]
        )

    def _scan(self, name="scan.pdf", raw=SCAN_PDF):
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(raw),
                "res_model": "desktomy.mail",
                "res_id": 0,
                "mimetype": "application/pdf",
            }
        )
