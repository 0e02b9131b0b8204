# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user

from .test_billing_common import MARCH, BillingCommon

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


class BillingReportCommon(BillingCommon):
    """Helpers to read ``desktomy.billing.report`` for a period."""

    @staticmethod
    def _period(date_from, date_to):
        return {
            "desktomy_billing_date_from": fields.Date.to_string(date_from),
            "desktomy_billing_date_to": fields.Date.to_string(date_to),
        }

    def _rows(self, date_from, date_to, env=None, live=False):
        Report = (env or self.env)["desktomy.billing.report"].with_context(
            **self._period(date_from, date_to), desktomy_billing_live=live
        )
        return Report.search([])

    def _uses_stored_months(self, rows):
        return rows._use_stored_months(*rows._get_period())

    def assertRowsMatchReference(self, date_from, date_to, env=None):
        """Every client has one row, equal to ``_get_billing_summary``, whether
        computed from the usage lines or read from the stored months."""
        env = env or self.env
        clients = env["res.partner"].search([("desktomy_is_client", "=", True)])
        reference = env["desktomy.service.usage"]._get_billing_summary(
            clients, date_from, date_to
        )
        for live in (True, False):
            rows = self._rows(date_from, date_to, env, live=live)
            self.assertEqual(sorted(rows.ids), sorted(clients.ids))
            totals = rows.mapped("total")
            self.assertEqual(totals, sorted(totals, reverse=True))
            for row in rows:
                summary = reference[row.id]
                with self.subTest(
                    client=row.partner_id.name, period=(date_from, date_to), live=live
                ):
                    self.assertEqual(row.partner_id.id, row.id)
                    self.assertEqual(row.package_id, summary["package"])
                    self.assertAlmostEqual(row.package_fee, summary["package_fee"], 6)
                    self.assertAlmostEqual(row.usage_amount, summary["usage_amount"], 6)
                    self.assertAlmostEqual(row.total, summary["total"], 6)
                    self.assertEqual(row.date_from, date_from)
                    self.assertEqual(row.date_to, date_to)
        return rows


class TestBillingReport(BillingReportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # Package change in the middle of March.
        cls._assign(cls.client, cls.package_20, date(2025, 1, 1))
        cls._assign(cls.client, cls.package_100, date(2025, 3, 15))
        cls._usage(cls.client, cls.scan, date(2025, 2, 10), count=25)
        cls._usage(cls.client, cls.scan, date(2025, 3, 5), count=30)
        cls._usage(cls.client, cls.scan, date(2025, 3, 25), count=90)
        # Usage but no package (client_2), no package and no usage.
        cls._usage(cls.client_2, cls.forwarding, date(2025, 3, 3), count=3)
        cls._usage(cls.client_2, cls.notification, date(2025, 4, 30), quantity=7)
        cls.idle = Partner.create(
            {"name": "Idle Sp. z o.o.", "is_company": True, "desktomy_is_client": True}
        )
        # Own price beyond the package (scan at 1.50 in package_20) and the
        # catalogue price of the lines, averaged over the month and rounded
        # (forwarding: 84.01 for 7, 2 beyond the 5 included).
        cls.own_price = Partner.create(
            {"name": "Delta S.A.", "is_company": True, "desktomy_is_client": True}
        )
        cls._assign(cls.own_price, cls.package_20, date(2024, 6, 1))
        cls._usage(cls.own_price, cls.scan, date(2025, 3, 9), count=27)
        cls._usage(cls.own_price, cls.forwarding, date(2025, 3, 9), count=6)
        cls._usage(cls.own_price, cls.forwarding, date(2025, 3, 31), price=12.01)
        cls._usage(cls.own_price, cls.other, date(2025, 3, 1), price=33.33)
        # A correction (negative quantity) in a later month.
        cls._usage(cls.own_price, cls.scan, date(2025, 4, 2), quantity=-2)
        # Not a client any more: no row.
        cls.archived = Partner.create(
            {"name": "Old Client", "is_company": True, "desktomy_is_client": True}
        )
        cls._usage(cls.archived, cls.scan, date(2025, 3, 9))
        cls.archived.active = False

    def test_rows_equal_reference(self):
        """The SQL rows equal _get_billing_summary for every client and period."""
        today = fields.Date.context_today(self.env.user)
        this_month = today.replace(day=1)
        # The first demo client changes package on the 15th, six months ago.
        change_month = this_month - relativedelta(months=5)
        periods = [
            MARCH,
            YEAR,
            (date(2025, 2, 1), date(2025, 4, 30)),
            # Partial months: before and after the change of the 15th.
            (date(2025, 3, 1), date(2025, 3, 10)),
            (date(2025, 3, 1), date(2025, 3, 20)),
            (date(2025, 3, 20), date(2025, 4, 10)),
            (this_month, this_month + relativedelta(months=1, days=-1)),
            (this_month - relativedelta(months=11), today),
            (change_month, change_month + relativedelta(days=9)),
            (change_month, change_month + relativedelta(days=19)),
            (
                change_month - relativedelta(days=3),
                change_month + relativedelta(days=3),
            ),
        ]
        desk = self.env(user=self.receptionist)
        stored = []
        for date_from, date_to in periods:
            self.assertRowsMatchReference(date_from, date_to)
            rows = self.assertRowsMatchReference(date_from, date_to, env=desk)
            stored.append(self._uses_stored_months(rows))
        # Whole months of one company come from the stored months, the
        # superuser and partial months from the usage lines.
        whole = [
            date_from.day == 1 and (date_to + relativedelta(days=1)).day == 1
            for date_from, date_to in periods
        ]
        self.assertEqual(stored, whole)
        self.assertEqual(whole[:7], [True, True, True, False, False, False, True])
        self.assertFalse(self._uses_stored_months(self._rows(*MARCH)))

    def test_rows_hand_computed(self):
        """March: the package of the end of the month, own and catalogue prices."""
        rows = self._rows(*MARCH)
        acme = rows.browse(self.client.id)
        # package_100 from the 15th governs March: 120 scans, 100 included,
        # 20 at the catalogue price of 2.00.
        self.assertEqual(acme.package_id, self.package_100)
        self.assertEqual(acme.package_fee, 199.0)
        self.assertEqual(acme.usage_amount, 40.0)
        self.assertEqual(acme.total, 239.0)
        delta = rows.browse(self.own_price.id)
        # 7 scans at 1.50, 2 forwardings at 84.01 / 7 (24.00), other 33.33.
        self.assertEqual(delta.usage_amount, 67.83)
        self.assertEqual(delta.total, 166.83)
        beta = rows.browse(self.client_2.id)
        self.assertFalse(beta.package_id)
        self.assertEqual((beta.package_fee, beta.total), (0.0, 36.0))
        idle = rows.browse(self.idle.id)
        self.assertEqual((idle.package_fee, idle.total), (0.0, 0.0))
        self.assertNotIn(self.archived.id, rows.ids)
        # Until the 10th, package_20 governs: 30 scans, 10 at 1.50.
        early = self._rows(date(2025, 3, 1), date(2025, 3, 10)).browse(self.client.id)
        self.assertEqual(early.package_id, self.package_20)
        self.assertEqual(early.total, 99.0 + 15.0)

    def test_rows_follow_the_period(self):
        """The same client read for two periods in one transaction."""
        march = self._rows(*MARCH).browse(self.client.id)
        february = self._rows(date(2025, 2, 1), date(2025, 2, 28)).browse(
            self.client.id
        )
        self.assertEqual(march.total, 239.0)
        self.assertEqual(february.total, 99.0 + 7.5)
        self.assertEqual(february.package_id, self.package_20)
        self.assertEqual(march.total, 239.0)

    def test_period_from_context(self):
        """The current month by default; dates are validated."""
        Report = self.env["desktomy.billing.report"]
        today = fields.Date.context_today(Report)
        date_from, date_to = Report._get_period()
        self.assertEqual(date_from, today.replace(day=1))
        self.assertEqual(date_to, date_from + relativedelta(months=1, days=-1))
        only_start = Report.with_context(desktomy_billing_date_from="2024-02-01")
        self.assertEqual(
            only_start._get_period(), (date(2024, 2, 1), date(2024, 2, 29))
        )
        for period in (("2025-03-31", "2025-03-01"), ("2025-13-01", "2025-12-31")):
            bad = Report.with_context(
                desktomy_billing_date_from=period[0],
                desktomy_billing_date_to=period[1],
            )
            with self.assertRaises(UserError):
                bad.search([])
        with self.assertRaises(UserError):
            Report.with_context(desktomy_billing_date_from=20250301).search([])

    def test_read_only(self):
        """Nobody edits the rows; receptionists and administrators read them."""
        for user in (self.receptionist, self.administrator):
            rows = self._rows(*MARCH, env=self.env(user=user))
            self.assertIn(self.client.id, rows.ids)
            self.assertFalse(rows.has_access("write"))
            with self.assertRaises(AccessError):
                rows[:1].write({"total": 0.0})
            with self.assertRaises(AccessError):
                rows[:1].unlink()
        with self.assertRaises(AccessError):
            self.env(user=self.receptionist)["desktomy.billing.report"].create({})

    def test_multi_company(self):
        """Rows follow the record rules of clients; the figures are those of
        the current company only (each office bills its own), whatever other
        companies are selected."""
        other_company = self.env["res.company"].create({"name": "Other Office"})
        # Usage of the shared client in the other office.
        self.env["desktomy.service.usage"].create(
            {
                "partner_id": self.client_2.id,
                "service_id": self.forwarding.id,
                "date": date(2025, 3, 3),
                "unit_price": 12.0,
                "company_id": other_company.id,
            }
        )
        foreign = self.env["res.partner"].create(
            {
                "name": "Foreign Client",
                "is_company": True,
                "desktomy_is_client": True,
                "company_id": other_company.id,
            }
        )
        both = new_test_user(
            self.env,
            login="bi_both_offices",
            groups="desktomy_virtual_office.group_desktomy_user",
            company_id=self.company.id,
            company_ids=[(6, 0, (self.company | other_company).ids)],
        )
        env = self.env(user=both, context={"allowed_company_ids": self.company.ids})
        rows = self.assertRowsMatchReference(*MARCH, env=env)
        self.assertNotIn(foreign.id, rows.ids)
        self.assertEqual(rows.browse(self.client_2.id).total, 36.0)
        env = self.env(
            user=both,
            context={"allowed_company_ids": (self.company | other_company).ids},
        )
        rows = self.assertRowsMatchReference(*MARCH, env=env)
        self.assertIn(foreign.id, rows.ids)
        self.assertEqual(rows.browse(self.client_2.id).total, 36.0)
        self.assertEqual(rows.browse(foreign.id).company_id, other_company)
        # The other office: its one forwarding only.
        env = self.env(
            user=both,
            context={"allowed_company_ids": (other_company | self.company).ids},
        )
        rows = self.assertRowsMatchReference(*MARCH, env=env)
        self.assertEqual(rows.browse(self.client_2.id).total, 12.0)


class TestBillingMonths(BillingReportCommon):
    """The stored months follow every change of the billing data."""

    def setUp(self):
        super().setUp()
        self.desk = self.env(user=self.receptionist)
        self.Month = self.env["desktomy.billing.month"]

    def assertStoredMatchReference(self, *periods):
        for period in periods:
            rows = self.assertRowsMatchReference(*period, env=self.desk)
            self.assertTrue(self._uses_stored_months(rows))

    def _total(self, partner, period):
        return self._rows(*period, env=self.desk).browse(partner.id).total

    def test_usage_changes(self):
        """Usage lines recorded, changed, moved and deleted."""
        april = (date(2025, 4, 1), date(2025, 4, 30))
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        lines = self._usage(self.client, self.scan, date(2025, 3, 5), count=25)
        self.assertStoredMatchReference(MARCH, april, YEAR)
        self.assertEqual(self._total(self.client, MARCH), 99.0 + 7.5)
        lines[0].quantity = 5
        lines[1].date = date(2025, 4, 2)
        lines[2].partner_id = self.client_2
        lines[3].unit_price = 4.0
        # 25 + 4 - 1 - 1 scans, 7 beyond the package at its own price
        self.assertEqual(self._total(self.client, MARCH), 99.0 + 10.5)
        self.assertEqual(self._total(self.client_2, MARCH), 2.0)
        lines[4:6].unlink()
        self.assertEqual(self._total(self.client, MARCH), 99.0 + 7.5)
        self.assertStoredMatchReference(MARCH, april, YEAR)

    def test_item_events(self):
        """Services charged by the items (the mailroom's hot path)."""
        today = fields.Date.context_today(self.env.user)
        this_month = (today.replace(day=1), today + relativedelta(day=31))
        before = self._total(self.client, this_month)
        self.env["desktomy.mail"].create(
            {
                "partner_id": self.client.id,
                "scan_ids": [Command.set(self._scan_file().ids)],
            }
        )
        self.assertEqual(self._total(self.client, this_month), before + 2.0)
        self.assertStoredMatchReference(this_month)

    def test_package_history_changes(self):
        """A package change in the middle of a month, moved, changed, removed."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._usage(self.client, self.scan, date(2025, 3, 5), count=30)
        self._usage(self.client, self.scan, date(2025, 4, 5), count=30)
        periods = (MARCH, (date(2025, 4, 1), date(2025, 4, 30)), YEAR)
        change = self._assign(self.client, self.package_100, date(2025, 3, 15))
        self.assertEqual(self._total(self.client, MARCH), 199.0)
        self.assertStoredMatchReference(*periods)
        change.date_from = date(2025, 4, 15)
        self.assertEqual(self._total(self.client, MARCH), 99.0 + 15.0)
        self.assertStoredMatchReference(*periods)
        change.unlink()
        self._assign(self.client_2, self.package_100, date(2025, 2, 1)).write(
            {"partner_id": self.client.id, "date_from": date(2025, 3, 31)}
        )
        self.assertEqual(self._total(self.client_2, MARCH), 0.0)
        self.assertEqual(self._total(self.client, MARCH), 199.0)
        self.assertStoredMatchReference(*periods)

    def test_package_changes(self):
        """The fee and the lines of a package change."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._usage(self.client, self.scan, date(2025, 3, 5), count=30)
        self._usage(self.client, self.notification, date(2025, 3, 5), count=4)
        self.package_20.monthly_fee = 109.0
        self.assertEqual(self._total(self.client, MARCH), 109.0 + 15.0 + 2.0)
        scan_line = self.package_20.line_ids.filtered(
            lambda line: line.service_id == self.scan
        )
        scan_line.included_qty = 25
        scan_line.override_price = False
        self.assertEqual(self._total(self.client, MARCH), 109.0 + 10.0 + 2.0)
        self.package_20.line_ids = [
            Command.create({"service_id": self.notification.id, "included_qty": 3})
        ]
        self.assertEqual(self._total(self.client, MARCH), 109.0 + 10.0 + 0.5)
        scan_line.unlink()
        self.assertEqual(self._total(self.client, MARCH), 109.0 + 60.0 + 0.5)
        self.assertStoredMatchReference(MARCH, YEAR)

    def test_new_month_and_rebuild(self):
        """The cron stores a new month; a rebuild repairs the stored months."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._usage(self.client, self.scan, date(2025, 3, 5), count=30)
        coverage = self.Month._get_coverage_end()
        self.assertEqual(coverage, self.Month._target_coverage_end())
        # As if the months after February had not been stored yet.
        self.env.cr.execute(
            "DELETE FROM desktomy_billing_month WHERE month > '2025-02-28'"
        )
        self.Month._set_coverage_end(date(2025, 2, 28))
        self.assertFalse(self._uses_stored_months(self._rows(*MARCH, env=self.desk)))
        self.assertRowsMatchReference(*MARCH, env=self.desk)
        self.Month._cron_extend()
        self.assertEqual(self.Month._get_coverage_end(), coverage)
        self.assertStoredMatchReference(MARCH, YEAR)
        # Lines written in SQL (a bulk import) are billed after a rebuild.
        self.env.cr.execute(
            "UPDATE desktomy_service_usage SET quantity = 2, amount = 4"
            " WHERE partner_id = %s",
            [self.client.id],
        )
        self.env.invalidate_all()
        self.assertEqual(self._total(self.client, MARCH), 99.0 + 15.0)
        self.Month._rebuild()
        self.assertEqual(self._total(self.client, MARCH), 99.0 + 60.0)
        self.assertStoredMatchReference(MARCH, YEAR)
