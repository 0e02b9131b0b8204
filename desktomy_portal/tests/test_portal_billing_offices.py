# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import Command, fields
from odoo.tests import new_test_user, tagged
from odoo.tools import date_utils

from .common import DesktomyPortalCase


@tagged("post_install", "-at_install")
class TestPortalBillingOffices(DesktomyPortalCase):
    """A client served by two offices (companies): each office's client panel
    page and PDF show that office's figures only, equal to its back office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office_a = cls.env.company
        cls.office_b = cls.env["res.company"].create({"name": "Portal Office B"})
        (cls.office_a | cls.office_b).desktomy_portal_billing_summary = True
        cls.scan = cls.env["product.product"].create(
            {
                "name": "Offices Test Scan",
                "type": "service",
                "desktomy_service_kind": "scan",
                "list_price": 2.0,
            }
        )
        Package = cls.env["desktomy.package"]
        cls.package_a = Package.create(
            {
                "name": "Office A Standard",
                "monthly_fee": 99.0,
                "company_id": cls.office_a.id,
                "line_ids": [
                    Command.create({"service_id": cls.scan.id, "included_qty": 20})
                ],
            }
        )
        cls.package_b = Package.with_company(cls.office_b).create(
            {
                "name": "Office B Basic",
                "monthly_fee": 50.0,
                "company_id": cls.office_b.id,
                "line_ids": [
                    Command.create(
                        {
                            "service_id": cls.scan.id,
                            "included_qty": 10,
                            "override_price": True,
                            "price_unit": 3.0,
                        }
                    )
                ],
            }
        )
        today = fields.Date.context_today(cls.env.user)
        cls.month_start = date_utils.start_of(today, "month")
        cls.month_end = date_utils.end_of(today, "month")
        Assignment = cls.env["desktomy.package.assignment"]
        for package in (cls.package_a, cls.package_b):
            Assignment.create(
                {
                    "partner_id": cls.client_a.id,
                    "package_id": package.id,
                    "date_from": cls.month_start,
                }
            )
        # Office A: 23 scans, 3 beyond its package at 2.00; office B: 12 scans,
        # 2 beyond its package at its own price 3.00.
        cls.env["desktomy.service.usage"].create(
            [
                {
                    "partner_id": cls.client_a.id,
                    "service_id": cls.scan.id,
                    "date": cls.month_start,
                    "unit_price": 2.0,
                    "company_id": company.id,
                }
                for company, count in ((cls.office_a, 23), (cls.office_b, 12))
                for _index in range(count)
            ]
        )
        # A person of office B's client panel representing the same client.
        cls.person_b = cls.env["res.partner"].create(
            {
                "name": "Person of Office B",
                "email": "office-b@example.com",
                "company_id": cls.office_b.id,
                "desktomy_represented_client_ids": [Command.set(cls.client_a.ids)],
            }
        )
        new_test_user(
            cls.env,
            login="dt_person_b",
            password="dt_person_b",
            groups="base.group_portal",
            partner_id=cls.person_b.id,
            company_id=cls.office_b.id,
            company_ids=[Command.set(cls.office_b.ids)],
        )
        # The item of the common fixture charged nothing in this month.

    def _totals(self, text):
        return {
            key: float(re.search(rf'data-{key}="([^"]*)"', text)[1])
            for key in ("package_fee", "usage_amount", "total")
        }

    def _back_office(self, company):
        summary = (
            self.env["desktomy.service.usage"]
            .with_company(company)
            ._get_billing_summary(self.client_a, self.month_start, self.month_end)[
                self.client_a.id
            ]
        )
        return {key: summary[key] for key in ("package_fee", "usage_amount", "total")}

    def test_each_office_page_and_pdf(self):
        """Office A: 99.00 + 6.00; office B: 50.00 + 6.00; page, PDF and back
        office agree, and neither shows the other office's package."""
        expected = {
            "dt_person": (
                self.office_a,
                {"package_fee": 99.0, "usage_amount": 6.0, "total": 105.0},
                "Office A Standard",
                "Office B Basic",
            ),
            "dt_person_b": (
                self.office_b,
                {"package_fee": 50.0, "usage_amount": 6.0, "total": 56.0},
                "Office B Basic",
                "Office A Standard",
            ),
        }
        for login, (company, totals, package, other) in expected.items():
            with self.subTest(login=login):
                self.assertEqual(self._back_office(company), totals)
                self.authenticate(login, login)
                page = self._get(f"/my/billing?client_id={self.client_a.id}")
                self.assertEqual(page.status_code, 200)
                self.assertEqual(self._totals(page.text), totals)
                self.assertIn(package, page.text)
                self.assertNotIn(other, page.text)
                pdf = self._get(f"/my/billing/pdf?client_id={self.client_a.id}")
                self.assertEqual(pdf.status_code, 200)
                if pdf.headers["Content-Type"].startswith("text/html"):
                    self.assertEqual(self._totals(pdf.text), totals)
                    self.assertIn(package, pdf.text)
                    self.assertNotIn(other, pdf.text)
