# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields

from .common_benchmark import open_billing_summaries
from .test_billing_common import BillingCommon

YEAR = (date(2025, 1, 1), date(2025, 12, 31))
MAY = (date(2025, 5, 1), date(2025, 5, 31))


class TestBillingSummaryQueries(BillingCommon):
    """The summary runs in a constant number of queries (small vs large case)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.small = Partner.create(
            {"name": "Small Client", "is_company": True, "desktomy_is_client": True}
        )
        cls.large = Partner.create(
            {"name": "Large Client", "is_company": True, "desktomy_is_client": True}
        )
        cls.many = Partner.create(
            [
                {"name": f"Client {n}", "is_company": True, "desktomy_is_client": True}
                for n in range(40)
            ]
        )
        for partner in cls.small | cls.large | cls.many:
            cls._assign(partner, cls.package_20, date(2024, 11, 1))
        cls._assign(cls.large, cls.package_100, date(2025, 6, 15))
        cls._assign(cls.many[0], cls.package_100, date(2025, 5, 10))
        services = [
            cls.scan,
            cls.notification,
            cls.forwarding,
            cls.other,
            cls.shredding,
        ]
        vals = [
            {
                "partner_id": cls.small.id,
                "service_id": cls.scan.id,
                "date": date(2025, 5, 3),
                "unit_price": 2.0,
            }
        ]
        for month in range(1, 13):
            for n in range(40):
                vals.append(
                    {
                        "partner_id": cls.large.id,
                        "service_id": services[n % len(services)].id,
                        "date": date(2025, month, 1 + n % 28),
                        "unit_price": 2.0,
                    }
                )
        for index, partner in enumerate(cls.many):
            for n in range(10 + index):
                vals.append(
                    {
                        "partner_id": partner.id,
                        "service_id": services[n % len(services)].id,
                        "date": date(2025, 5, 1 + n % 28),
                        "unit_price": 3.0,
                    }
                )
        cls.env["desktomy.service.usage"].create(vals)

    def _measure(self, partners, date_from, date_to, count):
        Usage = self.env["desktomy.service.usage"]
        Usage._get_billing_summary(partners, date_from, date_to)  # warm the caches
        self.env.invalidate_all()
        with self.assertQueryCount(count):
            result = Usage._get_billing_summary(partners, date_from, date_to)
            # Everything the back office and portal read is loaded.
            for summary in result.values():
                for line in summary["lines"]:
                    self.assertTrue(line["service"].name)
        return result

    def test_queries_one_client_one_month(self):
        """One client, one month: same query count for 1 and 40 usage lines."""
        small = self._measure(self.small, *MAY, count=5)
        large = self._measure(self.large, *MAY, count=5)
        self.assertEqual(small[self.small.id]["total"], 99.0)
        self.assertEqual(len(large[self.large.id]["lines"]), 5)

    def test_queries_one_client_twelve_months(self):
        """One client, twelve months: same query count for 1 and 480 usage lines."""
        self._measure(self.small, *YEAR, count=5)
        large = self._measure(self.large, *YEAR, count=5)
        summary = large[self.large.id]
        self.assertEqual(summary["package_fee"], 5 * 99.0 + 7 * 199.0)
        scan = self._line(summary, self.scan)
        self.assertEqual(scan["quantity"], 12 * 8)

    def test_queries_all_clients_one_month(self):
        """All clients, one month: same query count for 2 and 42 clients."""
        self._measure(self.small | self.large, *MAY, count=5)
        result = self._measure(self.small | self.large | self.many, *MAY, count=5)
        self.assertEqual(len(result), 42)
        self.assertEqual(result[self.many[0].id]["package"], self.package_100)


class TestBillingScreenQueries(BillingCommon):
    """Opening Billing > Summaries costs the same queries whatever the data size."""

    def _add_clients(self, count, lines_per_client):
        Partner = self.env["res.partner"]
        start = Partner.search_count([])
        partners = Partner.create(
            [
                {
                    "name": f"Screen Client {start + n}",
                    "is_company": True,
                    "desktomy_is_client": True,
                }
                for n in range(count)
            ]
        )
        self.env["desktomy.package.assignment"].create(
            [
                {
                    "partner_id": partner.id,
                    "package_id": (self.package_20, self.package_100)[n % 2].id,
                    "date_from": date(2024, 1, 1),
                }
                for n, partner in enumerate(partners[: count // 2])
            ]
        )
        services = [self.scan, self.notification, self.forwarding, self.other]
        # this month (the screen opens on it) and the previous ones
        this_month = fields.Date.context_today(self.receptionist).replace(day=1)
        self.env["desktomy.service.usage"].create(
            [
                {
                    "partner_id": partner.id,
                    "service_id": services[n % len(services)].id,
                    "date": this_month - relativedelta(months=n % 3, days=-(n % 28)),
                    "unit_price": 2.0,
                }
                for partner in partners
                for n in range(lines_per_client)
            ]
        )

    def _open_screen(self, live=False):
        """The menu's action, the first page as the list view loads it, totals.

        ``live``: computed from the usage lines (periods that are not whole
        months, several companies) instead of the stored months.
        """
        env = self.env(user=self.receptionist)
        env = env(
            context=dict(
                env.user.context_get(), bin_size=True, desktomy_billing_live=live
            )
        )
        Report = env["desktomy.billing.report"]
        self.assertEqual(Report._use_stored_months(*Report._get_period()), not live)
        page, totals = open_billing_summaries(env)
        self.assertEqual(page["length"], totals["clients"])
        return page, totals

    def _measure(self, count, live=False):
        # warm the caches (rules, views) with records read from the database
        # (the first opening also stores the months of the new clients)
        for _warm_up in range(2):
            self.env.invalidate_all()
            self._open_screen(live)
        self.env.invalidate_all()
        with self.assertQueryCount(count):
            return self._open_screen(live)

    def test_screen_queries_do_not_grow(self):
        """Same queries with ~90 clients and 1 line each, or 4x more clients and
        20x more lines (in both cases the first page is full, with a count)."""
        self._add_clients(90, 1)
        page, totals = self._measure(15)
        self._measure(15, live=True)
        self.assertEqual(len(page["records"]), 80)
        small = totals
        self._add_clients(300, 20)
        page, totals = self._measure(15)
        self._measure(15, live=True)
        self.assertEqual(len(page["records"]), 80)
        self.assertEqual(totals["clients"], small["clients"] + 300)
        self.assertGreater(totals["usage_amount"], small["usage_amount"])
        self.assertEqual(
            [record["total"] for record in page["records"]],
            sorted((record["total"] for record in page["records"]), reverse=True),
        )
