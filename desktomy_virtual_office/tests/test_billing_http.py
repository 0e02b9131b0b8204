# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestBillingDownloads(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("report.print_delay", 0)
        cls.client = cls.env["res.partner"].create(
            {"name": "Gamma Sp. j.", "is_company": True, "desktomy_is_client": True}
        )
        cls.env["desktomy.service.usage"].create(
            {
                "partner_id": cls.client.id,
                "service_id": cls.env.ref(
                    "desktomy_virtual_office.product_service_forwarding"
                ).id,
                "date": date(2025, 3, 4),
                "unit_price": 12.0,
                "quantity": 3,
            }
        )
        cls.receptionist = new_test_user(
            cls.env,
            login="bi_desk",
            password="bi_desk_password",
            groups="desktomy_virtual_office.group_desktomy_user",
        )

    def _march(self, user):
        return (
            self.env["desktomy.billing.report"]
            .with_user(user)
            .with_context(
                desktomy_billing_date_from="2025-03-01",
                desktomy_billing_date_to="2025-03-31",
            )
        )

    def test_xlsx_and_pdf_download(self):
        """A receptionist downloads the summaries as XLSX and as a real PDF."""
        rows = self._march(self.receptionist).browse(self.client.id)
        action = rows.action_export_xlsx()
        self.authenticate("bi_desk", "bi_desk_password")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:2], b"PK")
        self.assertIn("attachment", response.headers.get("Content-Disposition", ""))

        report = self.env["ir.actions.report"].with_user(self.receptionist)
        content, fmt = report.with_context(
            force_report_rendering=True
        )._render_qweb_pdf(
            "desktomy_virtual_office.action_report_billing_summary",
            self.client.ids,
            data=rows.action_print_pdf()["data"],
        )
        self.assertEqual(fmt, "pdf")
        self.assertEqual(content[:4], b"%PDF")

    def test_other_user_cannot_download(self):
        """Another user's summary file is not served."""
        action = self._march(self.env.user).action_export_xlsx()
        self.authenticate("bi_desk", "bi_desk_password")
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 404)


@tagged("post_install", "-at_install")
class TestBillingTour(HttpCase):
    def test_summary_screen_tour(self):
        """A receptionist opens Billing → Summaries, searches, changes the month,
        opens a client's table, then Usage."""
        client = self.env["res.partner"].create(
            {"name": "Tour Client", "is_company": True, "desktomy_is_client": True}
        )
        self.env["desktomy.service.usage"].create(
            {
                "partner_id": client.id,
                "service_id": self.env.ref(
                    "desktomy_virtual_office.product_service_forwarding"
                ).id,
                "unit_price": 12.0,
                "quantity": 3,
            }
        )
        new_test_user(
            self.env,
            login="bi_tour",
            password="bi_tour_password",
            groups="desktomy_virtual_office.group_desktomy_user",
        )
        self.start_tour("/odoo", "desktomy_billing_summary_tour", login="bi_tour")
