# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Billing that never changes after the fact: the figures below are computed by
hand from the fixture's prices (scan 2.00, forwarding 12.00, notification 0.50;
package "Test 20": 99.00 a month, 20 scans included then 1.50 each, 5
forwardings included; package "Test 100": 199.00, 100 scans included)."""

from datetime import date

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .test_billing_common import MARCH
from .test_billing_report import BillingReportCommon

FEBRUARY = (date(2025, 2, 1), date(2025, 2, 28))
APRIL = (date(2025, 4, 1), date(2025, 4, 30))


class BillingIntegrityCommon(BillingReportCommon):
    def _all_paths(self, partner, period, env=None):
        """``{path: (package fee, usage amount, total)}`` of ``partner`` for the
        live summary, the report computed from the usage lines and the report
        read from the stored months."""
        env = env or self.env(user=self.administrator)
        summary = env["desktomy.service.usage"]._get_billing_summary(partner, *period)[
            partner.id
        ]
        result = {
            "summary": (
                summary["package_fee"],
                summary["usage_amount"],
                summary["total"],
            )
        }
        for live in (True, False):
            row = self._rows(*period, env=env, live=live).browse(partner.id)
            result["live" if live else "stored"] = (
                row.package_fee,
                row.usage_amount,
                row.total,
            )
        return result

    def assertFigures(self, partner, period, expected, env=None):
        """Every path gives the hand-computed (fee, usage, total)."""
        for path, figures in self._all_paths(partner, period, env).items():
            with self.subTest(path=path, period=period):
                for value, wanted in zip(figures, expected, strict=True):
                    self.assertAlmostEqual(value, wanted, places=6)


class TestBillingRules(BillingIntegrityCommon):
    def test_overage_across_services(self):
        """Beyond the package: own price, catalogue price, service outside."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._usage(self.client, self.scan, date(2025, 3, 3), count=27)
        self._usage(self.client, self.forwarding, date(2025, 3, 10), count=8)
        self._usage(self.client, self.notification, date(2025, 3, 20), count=3)
        # 7 scans x 1.50 + 3 forwardings x 12.00 + 3 notifications x 0.50
        self.assertFigures(self.client, MARCH, (99.0, 10.5 + 36.0 + 1.5, 147.0))
        summary = self._summary(self.client, *MARCH)[self.client.id]
        scan = self._line(summary, self.scan)
        self.assertEqual(
            (scan["quantity"], scan["included"], scan["billable"]), (27, 20, 7)
        )
        self.assertEqual(self._line(summary, self.forwarding)["amount"], 36.0)

    def test_mid_month_package_change(self):
        """The package in force on the last day of the month bills the month."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._assign(self.client, self.package_100, date(2025, 3, 15))
        self._usage(self.client, self.scan, date(2025, 2, 10), count=25)
        self._usage(self.client, self.scan, date(2025, 3, 5), count=30)
        self._usage(self.client, self.scan, date(2025, 3, 25), count=90)
        # February, "Test 20": 5 scans x 1.50
        self.assertFigures(self.client, FEBRUARY, (99.0, 7.5, 106.5))
        # March, "Test 100" only: 120 scans, 20 x 2.00 beyond
        self.assertFigures(self.client, MARCH, (199.0, 40.0, 239.0))
        self.assertFigures(
            self.client, (date(2025, 2, 1), date(2025, 3, 31)), (298.0, 47.5, 345.5)
        )

    def test_package_moved_to_another_office(self):
        """With no month closed, a package may move to another office: its
        history is then billed by that office, and the stored months follow."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._usage(self.client, self.scan, date(2025, 3, 3), count=27)
        office_b = self.env["res.company"].create({"name": "Office B"})
        self.administrator.company_ids = [Command.link(office_b.id)]
        manager = self.env(user=self.administrator)
        self.assertFigures(self.client, MARCH, (99.0, 10.5, 109.5), env=manager)
        self.package_20.with_env(manager).company_id = office_b
        # Office A: no package any more, 27 scans at 2.00; office B: the fee.
        self.assertFigures(self.client, MARCH, (0.0, 54.0, 54.0), env=manager)
        in_b = self.env(
            user=self.administrator,
            context={"allowed_company_ids": [office_b.id, self.company.id]},
        )
        self.assertFigures(self.client, MARCH, (99.0, 0.0, 99.0), env=in_b)

    def _forwardings_84_01(self):
        """March: 7 forwardings worth 85.00 at the catalogue prices (6 x 12.00
        and 1 x 13.00), 2 beyond the 5 included in "Test 20": 85 x 2 / 7 =
        24.2857..."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._usage(self.client, self.forwarding, date(2025, 3, 3), count=6)
        self._usage(self.client, self.forwarding, date(2025, 3, 4), price=13.0)

    def test_rounding_in_company_currency(self):
        """Amounts are rounded per service and month to the currency's cents."""
        self.assertEqual(self.company.currency_id.rounding, 0.01)
        self._forwardings_84_01()
        self.assertFigures(self.client, MARCH, (99.0, 24.29, 123.29))

    def test_rounding_in_whole_units(self):
        """A currency without cents rounds the same amounts to whole units."""
        self.company.currency_id.rounding = 1.0
        self._forwardings_84_01()
        self.assertFigures(self.client, MARCH, (99.0, 24.0, 123.0))


class TestVersionedTerms(BillingIntegrityCommon):
    def setUp(self):
        super().setUp()
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._usage(self.client, self.scan, date(2025, 3, 3), count=27)
        self._usage(self.client, self.scan, date(2025, 4, 3), count=27)
        self.manager = self.env(user=self.administrator)

    def test_terms_changed_after_month_billed(self):
        """A change of terms after March was closed applies from April on."""
        self.company.desktomy_billing_lock_date = date(2025, 3, 31)
        package = self.package_20.with_env(self.manager)
        package.monthly_fee = 120.0
        scan_line = package.line_ids.filtered(lambda line: line.service_id == self.scan)
        scan_line.write({"included_qty": 25, "price_unit": 1.0})
        self.assertEqual(package.terms_date_from, date(2025, 4, 1))
        self.assertEqual(
            package.terms_ids.mapped("date_from"), [date(2025, 4, 1), False]
        )
        # March as billed: 7 x 1.50
        self.assertFigures(self.client, MARCH, (99.0, 10.5, 109.5))
        # April with the new terms: 2 x 1.00
        self.assertFigures(self.client, APRIL, (120.0, 2.0, 122.0))

    def test_terms_without_closed_month_apply_from_the_start(self):
        """With no month closed, a change of terms applies to every month."""
        self.package_20.with_env(self.manager).monthly_fee = 120.0
        self.assertFigures(self.client, MARCH, (120.0, 10.5, 130.5))
        self.assertEqual(len(self.package_20.terms_ids), 1)

    def test_terms_from_a_chosen_open_day(self):
        """The administrator chooses the day the new terms apply from."""
        self.package_20.with_env(self.manager).write(
            {"monthly_fee": 120.0, "terms_date_from": date(2025, 4, 1)}
        )
        self.assertFigures(self.client, MARCH, (99.0, 10.5, 109.5))
        self.assertFigures(self.client, APRIL, (120.0, 10.5, 130.5))

    def test_new_package_terms_from_the_start(self):
        """A new package has one version of its terms, from the start."""
        self.company.desktomy_billing_lock_date = date(2025, 3, 31)
        package = (
            self.env["desktomy.package"]
            .with_env(self.manager)
            .create(
                {
                    "name": "New",
                    "monthly_fee": 10.0,
                    "line_ids": [
                        Command.create({"service_id": self.scan.id, "included_qty": 1})
                    ],
                }
            )
        )
        self.assertEqual(package.terms_ids.mapped("date_from"), [False])
        self.assertEqual(package.terms_ids.line_ids.included_qty, 1)


class TestClosedMonthFrozen(BillingIntegrityCommon):
    """Every kind of change inside a closed month is refused, and the month's
    figures stay as they were."""

    def setUp(self):
        super().setUp()
        self.assignment = self._assign(self.client, self.package_20, date(2025, 1, 1))
        self.lines = self._usage(self.client, self.scan, date(2025, 3, 3), count=27)
        self.company.desktomy_billing_lock_date = date(2025, 3, 31)
        self.manager = self.env(user=self.administrator)
        # 7 scans x 1.50
        self.march = (99.0, 10.5, 109.5)
        self.assertFigures(self.client, MARCH, self.march)

    def assertRefused(self, change, exception=UserError):
        with self.assertRaises(exception) as refused:
            with self.env.cr.savepoint():
                change()
        if exception is UserError:
            # The closed month the change reaches into, and why.
            self.assertRegex(
                str(refused.exception),
                r"^(January|March) 2025 is a closed month of .*billing is "
                r"closed up to 03/31/2025",
            )
        self.env.invalidate_all()
        self.assertFigures(self.client, MARCH, self.march)

    def test_usage_lines(self):
        Usage = self.env["desktomy.service.usage"].with_env(self.manager)
        line = self.lines[0].with_env(self.manager)
        self.assertRefused(
            lambda: Usage.create(
                {
                    "partner_id": self.client.id,
                    "service_id": self.scan.id,
                    "date": date(2025, 3, 31),
                    "unit_price": 2.0,
                }
            )
        )
        self.assertRefused(lambda: line.write({"quantity": 5}))
        self.assertRefused(lambda: line.write({"date": date(2025, 4, 1)}))
        self.assertRefused(line.unlink)

    def test_package_history(self):
        Assignment = self.env["desktomy.package.assignment"].with_env(self.manager)
        assignment = self.assignment.with_env(self.manager)
        self.assertRefused(
            lambda: Assignment.create(
                {
                    "partner_id": self.client.id,
                    "package_id": self.package_100.id,
                    "date_from": date(2025, 3, 15),
                }
            )
        )
        self.assertRefused(lambda: assignment.write({"date_from": date(2025, 4, 1)}))
        self.assertRefused(
            lambda: assignment.write({"package_id": self.package_100.id})
        )
        self.assertRefused(assignment.unlink)
        # From a day of an open month: allowed.
        Assignment.create(
            {
                "partner_id": self.client.id,
                "package_id": self.package_100.id,
                "date_from": date(2025, 4, 15),
            }
        )
        self.assertFigures(self.client, MARCH, self.march)

    def test_package_terms(self):
        package = self.package_20.with_env(self.manager)
        scan_line = package.line_ids.filtered(lambda line: line.service_id == self.scan)
        self.assertRefused(
            lambda: package.write(
                {"monthly_fee": 1.0, "terms_date_from": date(2025, 3, 1)}
            )
        )
        self.assertRefused(
            lambda: scan_line.with_context(desktomy_terms_date_from="2025-03-01").write(
                {"included_qty": 100}
            )
        )
        self.assertRefused(
            lambda: package.with_context(desktomy_terms_date_from="2025-01-01").write(
                {"line_ids": [Command.unlink(scan_line.id)]}
            )
        )
        # By default the change applies from April: March unchanged.
        package.write({"monthly_fee": 1.0, "line_ids": [Command.unlink(scan_line.id)]})
        self.assertFigures(self.client, MARCH, self.march)
        # April: 0 scans used; the new fee only.
        self.assertFigures(self.client, APRIL, (1.0, 0.0, 1.0))

    def test_product_price(self):
        """A new catalogue price does not reprice the lines already recorded."""
        self.scan.with_env(self.manager).list_price = 5.0
        self.forwarding.with_env(self.manager).list_price = 50.0
        self.assertFigures(self.client, MARCH, self.march)

    def test_company_of_records(self):
        other = self.env["res.company"].create({"name": "Other Office"})
        self.administrator.company_ids = [Command.link(other.id)]
        package = self.package_20.with_env(self.manager)
        line = self.lines[0].with_env(self.manager)
        self.assertRefused(lambda: package.write({"company_id": other.id}))
        self.assertRefused(lambda: line.write({"company_id": other.id}))
        self.assertRefused(lambda: self.client.write({"company_id": other.id}))

    def test_lock_date_closes_whole_months(self):
        self.assertRefused(
            lambda: setattr(
                self.company, "desktomy_billing_lock_date", date(2025, 4, 15)
            ),
            ValidationError,
        )


class TestEachOfficeBillsItsOwn(BillingIntegrityCommon):
    """A client served by two offices: each office sees its own figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office_b = cls.env["res.company"].create({"name": "Office B"})
        cls.office_b.currency_id.rounding = 0.01
        cls.package_b = (
            cls.env["desktomy.package"]
            .with_company(cls.office_b)
            .create(
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
        )
        # Office A: "Test 20" from January, 27 scans in March.
        cls._assign(cls.client, cls.package_20, date(2025, 1, 1))
        cls._usage(cls.client, cls.scan, date(2025, 3, 3), count=27)
        # Office B: its own package the same day, 12 scans in March.
        cls.env["desktomy.package.assignment"].create(
            {
                "partner_id": cls.client.id,
                "package_id": cls.package_b.id,
                "date_from": date(2025, 1, 1),
            }
        )
        cls.env["desktomy.service.usage"].create(
            [
                {
                    "partner_id": cls.client.id,
                    "service_id": cls.scan.id,
                    "date": date(2025, 3, 4),
                    "unit_price": 2.0,
                    "company_id": cls.office_b.id,
                }
                for _index in range(12)
            ]
        )
        cls.user_b = new_test_user(
            cls.env,
            login="bi_office_b",
            groups="desktomy_virtual_office.group_desktomy_manager",
            company_id=cls.office_b.id,
            company_ids=[Command.set((cls.office_b | cls.company).ids)],
        )
        cls.administrator.company_ids = [Command.link(cls.office_b.id)]

    def _env(self, user, company, *companies):
        return self.env(
            user=user,
            context={"allowed_company_ids": [company.id, *(c.id for c in companies)]},
        )

    def test_each_office_figures(self):
        """Office A: 7 scans x 1.50; office B: 2 scans x 3.00; whatever other
        company is also selected."""
        office_a = self._env(self.administrator, self.company, self.office_b)
        office_b = self._env(self.user_b, self.office_b, self.company)
        self.assertFigures(self.client, MARCH, (99.0, 10.5, 109.5), env=office_a)
        self.assertFigures(self.client, MARCH, (50.0, 6.0, 56.0), env=office_b)
        summary_b = office_b["desktomy.service.usage"]._get_billing_summary(
            self.client, *MARCH
        )[self.client.id]
        self.assertEqual(summary_b["package"], self.package_b)
        self.assertEqual(self._line(summary_b, self.scan)["quantity"], 12)

    def test_superuser_computes_one_office(self):
        """Computed as superuser (the client portal), still one office."""
        Usage = self.env["desktomy.service.usage"].sudo()
        for company, total in ((self.company, 109.5), (self.office_b, 56.0)):
            summary = Usage.with_company(company)._get_billing_summary(
                self.client, *MARCH
            )[self.client.id]
            self.assertEqual(summary["total"], total)

    def test_each_office_pdf(self):
        """The back-office PDF shows the office's own figures."""
        for env, package, total in (
            (self._env(self.administrator, self.company), "Test 20", "109.50"),
            (self._env(self.user_b, self.office_b), "Office B Basic", "56.00"),
        ):
            html, __ = env["ir.actions.report"]._render_qweb_html(
                "desktomy_virtual_office.action_report_billing_summary",
                self.client.ids,
                data={
                    "date_from": fields.Date.to_string(MARCH[0]),
                    "date_to": fields.Date.to_string(MARCH[1]),
                },
            )
            html = html.decode()
            self.assertIn(package, html)
            self.assertIn(total, html)

    def test_terms_of_the_other_office_invisible(self):
        """An office reads the terms versions of its own packages only."""
        Terms = self.env["desktomy.package.terms"]
        only_b = self.env(
            user=self.user_b, context={"allowed_company_ids": self.office_b.ids}
        )
        self.assertEqual(
            Terms.with_env(only_b).search([("package_id", "in", self.package_20.ids)]),
            Terms,
        )
        self.assertEqual(Terms.with_env(only_b).search([]).package_id, self.package_b)

    def test_package_company_required(self):
        """A package belongs to one office."""
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["desktomy.package"].create(
                    {"name": "Shared", "company_id": False}
                )
