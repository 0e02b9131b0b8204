# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import DesktomyPortalCase


@tagged("post_install", "-at_install")
class TestPortalBilling(DesktomyPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.desktomy_portal_billing_summary = True
        Product = cls.env["product.product"]
        cls.scan = Product.create(
            {
                "name": "Portal Test Scan",
                "type": "service",
                "desktomy_service_kind": "scan",
                "list_price": 2.0,
            }
        )
        cls.forwarding = Product.create(
            {
                "name": "Portal Test Forwarding",
                "type": "service",
                "desktomy_service_kind": "forwarding",
                "list_price": 15.0,
            }
        )
        cls.package = cls.env["desktomy.package"].create(
            {
                "name": "Portal Test Package",
                "monthly_fee": 99.0,
                "line_ids": [
                    Command.create({"service_id": cls.scan.id, "included_qty": 20.0})
                ],
            }
        )
        cls.today = fields.Date.context_today(cls.env.user)
        cls.month_start = cls.today.replace(day=1)
        cls.month_end = cls.month_start + relativedelta(months=1, days=-1)
        cls.previous_start = cls.month_start - relativedelta(months=1)
        cls.env["desktomy.package.assignment"].create(
            {
                "partner_id": cls.client_a.id,
                "package_id": cls.package.id,
                "date_from": cls.month_start - relativedelta(months=3),
            }
        )
        # This month: 23 scans (3 beyond the package) and a forwarding;
        # last month: 5 scans.
        cls._usage(cls.client_a, cls.scan, cls.month_start, 23)
        cls._usage(cls.client_a, cls.forwarding, cls.month_start, 1)
        cls._usage(cls.client_a, cls.scan, cls.previous_start, 5)

    @classmethod
    def _usage(cls, client, service, day, count):
        return cls.env["desktomy.service.usage"].create(
            [
                {
                    "partner_id": client.id,
                    "service_id": service.id,
                    "date": day,
                    "quantity": 1.0,
                    "unit_price": service.list_price,
                }
                for _index in range(count)
            ]
        )

    def _page_numbers(self, response):
        """The numbers of a rendered summary, read from its table rows."""
        self.assertEqual(response.status_code, 200)
        lines = {}
        for row in re.findall(r"<tr [^>]*o_desktomy_billing_line[^>]*>", response.text):
            attrs = dict(re.findall(r'data-(\w+)="([^"]*)"', row))
            service_id = int(attrs.pop("service_id"))
            lines[service_id] = {key: float(value) for key, value in attrs.items()}
        totals = {}
        for key in ("package_fee", "usage_amount", "total"):
            totals[key] = float(re.search(rf'data-{key}="([^"]*)"', response.text)[1])
        left = {
            int(service): float(remaining)
            for service, remaining in re.findall(
                r'o_desktomy_billing_left_line"\s+data-service_id="(\d+)"'
                r'\s+data-remaining="([^"]*)"',
                response.text,
            )
        }
        return lines, totals, left

    def _back_office_numbers(self, client, date_from, date_to):
        summary = self.env["desktomy.service.usage"]._get_billing_summary(
            client, date_from, date_to
        )[client.id]
        keys = ("quantity", "included", "billable", "unit_price", "amount")
        lines = {
            line["service"].id: {key: line[key] for key in keys}
            for line in summary["lines"]
        }
        totals = {key: summary[key] for key in ("package_fee", "usage_amount", "total")}
        left = {
            line["service"].id: line["remaining"]
            for line in summary["lines"]
            if line["included"]
        }
        return lines, totals, left

    def test_toggle_on_page_tile_and_menu(self):
        """Toggle on: the page, its home tile and its menu entry exist."""
        self.authenticate("dt_person", "dt_person")
        home = self._get("/my/home")
        self.assertIn('href="/my/billing"', home.text)
        self.assertIn("o_desktomy_billing_menu", home.text)
        page = self._get("/my/billing")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Summaries", page.text)
        self.assertIn("Portal Test Scan", page.text)
        # An internal user representing no client sees neither.
        self.authenticate("admin", "admin")
        self.assertNotIn("o_desktomy_billing_menu", self._get("/my/home").text)
        self.assertEqual(self._get("/my/billing").status_code, 404)

    def test_numbers_equal_back_office(self):
        """The page shows exactly the back-office summary, for every kind of period."""
        self.authenticate("dt_person", "dt_person")
        this_month = self._back_office_numbers(
            self.client_a, self.month_start, self.month_end
        )
        self.assertEqual(this_month[1]["total"], 99.0 + 3 * 2.0 + 15.0)
        self.assertEqual(this_month[2], {self.scan.id: 0.0})
        periods = [
            ("", (self.month_start, self.month_end)),
            (
                "&period=%s" % self.previous_start.strftime("%Y-%m"),
                (self.previous_start, self.month_start - relativedelta(days=1)),
            ),
            (
                "&date_from=%s&date_to=%s" % (self.previous_start, self.month_end),
                (self.previous_start, self.month_end),
            ),
        ]
        for query, (date_from, date_to) in periods:
            response = self._get(f"/my/billing?client_id={self.client_a.id}{query}")
            lines, totals, left = self._page_numbers(response)
            expected = self._back_office_numbers(self.client_a, date_from, date_to)
            self.assertEqual(lines, expected[0], query)
            self.assertEqual(totals, expected[1], query)
            # What is left of the package is always this month's.
            self.assertEqual(left, this_month[2], query)

    def test_invalid_period_shows_current_month(self):
        """A date range ending before it starts falls back to the current month
        with a warning; a period that is not a month is a 404 (the parser)."""
        self.authenticate("dt_person", "dt_person")
        expected = self._back_office_numbers(
            self.client_a, self.month_start, self.month_end
        )
        for query in ("date_from=2026-05-10&date_to=2026-05-01", "date_to=2026-05-01"):
            response = self._get(f"/my/billing?{query}")
            self.assertIn("alert-warning", response.text)
            self.assertEqual(self._page_numbers(response)[1], expected[1])
        self.assertEqual(self._get("/my/billing?period=2026-13").status_code, 404)

    def test_switch_billing_between_clients(self):
        """The billing page follows the profile switcher and the session."""
        self._usage(self.client_b, self.forwarding, self.month_start, 2)
        self.authenticate("dt_person", "dt_person")
        response = self._get(f"/my/billing?client_id={self.client_b.id}")
        self.assertCountEqual(self._switcher_ids(response), self.clients.ids)
        self.assertEqual(self._page_numbers(response)[1]["total"], 30.0)
        remembered = self._get("/my/billing")
        self.assertEqual(self._page_numbers(remembered)[1]["total"], 30.0)
        self.assertIn(self.client_b.name, remembered.text)

    def test_other_company_refused_like_nonexistent(self):
        """Billing of a company the user does not represent is a plain 404."""
        self.authenticate("dt_person", "dt_person")
        missing = self._nonexistent_partner_id()
        for url in ("/my/billing", "/my/billing/pdf"):
            self._assert_same_refusal(
                self._get(f"{url}?client_id={self.client_other.id}"),
                self._get(f"{url}?client_id={missing}"),
                url,
            )

    def test_pdf_download(self):
        """The summary downloads as a report rendered for the checked client only."""
        self.authenticate("dt_person", "dt_person")
        page = self._get(f"/my/billing?client_id={self.client_a.id}")
        pdf_url = re.search(r'o_desktomy_billing_pdf"\s+href="([^"]+)"', page.text)[1]
        response = self._get(pdf_url.replace("&amp;", "&"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        # Under --test-enable reports render as HTML instead of PDF.
        self.assertIn(
            response.headers["Content-Type"].split(";")[0],
            ("application/pdf", "text/html"),
        )
        if response.headers["Content-Type"].startswith("text/html"):
            self.assertIn("Alfa Sp. z o.o.", response.text)
            self.assertIn("Portal Test Scan", response.text)
            self.assertIn('data-total="120.0"', response.text)
            self.assertNotIn(self.client_other.name, response.text)

    def test_report_route_refused_to_portal_users(self):
        """The generic report route does not bypass the client panel's check."""
        self.authenticate("dt_person", "dt_person")
        options = '{"date_from": "%s", "date_to": "%s"}' % (
            self.month_start,
            self.month_end,
        )
        for client in (self.client_a, self.client_other):
            response = self._get(
                "/report/html/desktomy_virtual_office.report_billing_summary/%s?options=%s"
                % (client.id, options)
            )
            self.assertNotEqual(response.status_code, 200)
            self.assertNotIn("Portal Test Scan", response.text)

    def test_query_counts(self):
        """/my/billing takes the same number of queries for 24 or 3,000 usage lines."""
        self.env["desktomy.package.assignment"].create(
            {
                "partner_id": self.client_c.id,
                "package_id": self.package.id,
                "date_from": self.previous_start,
            }
        )
        self._usage(self.client_c, self.scan, self.month_start, 2000)
        self._usage(self.client_c, self.forwarding, self.month_end, 1000)
        self.authenticate("dt_person", "dt_person")
        self._get(f"/my/billing?client_id={self.client_a.id}")  # warm up
        small = self._count_queries("/my/billing")
        self.assertLessEqual(small, 40)
        self._get(f"/my/billing?client_id={self.client_c.id}")
        with self.assertQueryCount(small):
            self._get("/my/billing")

    def test_usage_record_rule(self):
        """Portal users read no usage lines themselves, not even their own:
        the page computes the figures for them."""
        Usage = self.env["desktomy.service.usage"]
        for user in (self.user_person, self.user_other):
            self.assertFalse(Usage.with_user(user).has_access("read"))
            self.assertFalse(Usage.with_user(user).has_access("write"))
