# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

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
        small = self._measure(self.small, *MAY, count=9)
        large = self._measure(self.large, *MAY, count=9)
        self.assertEqual(small[self.small.id]["total"], 99.0)
        self.assertEqual(len(large[self.large.id]["lines"]), 5)

    def test_queries_one_client_twelve_months(self):
        """One client, twelve months: same query count for 1 and 480 usage lines."""
        self._measure(self.small, *YEAR, count=9)
        large = self._measure(self.large, *YEAR, count=9)
        summary = large[self.large.id]
        self.assertEqual(summary["package_fee"], 5 * 99.0 + 7 * 199.0)
        scan = self._line(summary, self.scan)
        self.assertEqual(scan["quantity"], 12 * 8)

    def test_queries_all_clients_one_month(self):
        """All clients, one month: same query count for 2 and 42 clients."""
        self._measure(self.small | self.large, *MAY, count=9)
        result = self._measure(self.small | self.large | self.many, *MAY, count=9)
        self.assertEqual(len(result), 42)
        self.assertEqual(result[self.many[0].id]["package"], self.package_100)
