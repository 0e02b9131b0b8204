# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Invoices of the monthly billing, in Odoo Accounting.

Hand-computed from the fixture's prices (scan 2.00, forwarding 12.00,
notification 0.50; package "Test 20": 99.00 a month, 20 scans included then
1.50 each, 5 forwardings included; package "Test 100": 199.00, 100 scans
included), with VAT 23 %.
"""

import logging
from datetime import date

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .test_billing_common import MARCH
from .test_billing_report import BillingReportCommon

_logger = logging.getLogger(__name__)

APRIL = (date(2025, 4, 1), date(2025, 4, 30))
FEBRUARY = (date(2025, 2, 1), date(2025, 2, 28))


class BillingInvoiceCommon(BillingReportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_vat(cls.env.company)
        cls.invoicer = new_test_user(
            cls.env,
            login="bi_invoicer",
            groups="desktomy_virtual_office.group_desktomy_manager,"
            "account.group_account_invoice",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="bi_accountant",
            groups="desktomy_virtual_office.group_desktomy_manager,"
            "account.group_account_manager",
        )
        cls.Invoicing = cls.env["desktomy.billing.invoice"]

    @classmethod
    def _setup_vat(cls, company):
        """VAT 23 % (sales) on the services and the package fee of ``company``."""
        group = cls.env["account.tax.group"].create(
            {
                "name": "VAT 23% test",
                "company_id": company.id,
                "country_id": company.account_fiscal_country_id.id,
            }
        )
        tax = cls.env["account.tax"].create(
            {
                "name": "VAT 23% test",
                "type_tax_use": "sale",
                "amount_type": "percent",
                "amount": 23.0,
                "company_id": company.id,
                "country_id": company.account_fiscal_country_id.id,
                "tax_group_id": group.id,
            }
        )
        products = (
            cls.scan
            | cls.forwarding
            | cls.notification
            | cls.handover
            | cls.env.ref("desktomy_virtual_office.product_desktomy_package_fee")
        ).with_company(company)
        products.write({"taxes_id": [fields.Command.set(tax.ids)]})
        return tax

    @classmethod
    def _march_usage(cls):
        """Acme on "Test 20": 26 scans (6 beyond at 1.50), 7 forwardings (2
        beyond at 12.00), 3 notifications (outside, 0.50): 99 + 9 + 24 + 1.50
        = 133.50, VAT 30.71, total 164.21. Beta on "Test 100": 50 scans (all
        included): 199.00."""
        cls._assign(cls.client, cls.package_20, date(2025, 1, 1))
        cls._assign(cls.client_2, cls.package_100, date(2025, 1, 1))
        cls._usage(cls.client, cls.scan, date(2025, 3, 3), count=20)
        cls._usage(cls.client, cls.scan, date(2025, 3, 20), quantity=6)
        cls._usage(cls.client, cls.forwarding, date(2025, 3, 10), count=7)
        cls._usage(cls.client, cls.notification, date(2025, 3, 12), count=3)
        cls._usage(cls.client_2, cls.scan, date(2025, 3, 5), quantity=50)

    def _invoice(self, month, partners=None, user=None):
        env = self.env(user=user or self.invoicer)
        return env["desktomy.billing.invoice"]._invoice_month(
            month, partners.with_env(env) if partners is not None else None
        )

    def _invoice_of(self, partner, month, company=None):
        return self.env["account.move"].search(
            [
                ("desktomy_client_id", "=", partner.id),
                ("desktomy_billing_month", "=", month),
                ("company_id", "=", (company or self.env.company).id),
                ("state", "!=", "cancel"),
            ]
        )


class TestBillingInvoice(BillingInvoiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._march_usage()

    def test_invoice_equals_summary(self):
        """The invoice of a month is its billing summary, line by line, plus VAT."""
        invoice_address = self.env["res.partner"].create(
            {"name": "Acme accounts", "type": "invoice", "parent_id": self.client.id}
        )
        summary = self._summary(self.client, *MARCH)[self.client.id]
        self.assertAlmostEqual(summary["total"], 133.50)
        result = self._invoice(MARCH[0], self.client | self.client_2)
        move = self._invoice_of(self.client, MARCH[0])
        self.assertEqual(len(move), 1)
        self.assertEqual(
            result["moves"], move | self._invoice_of(self.client_2, MARCH[0])
        )
        self.assertEqual(move.state, "draft")
        self.assertEqual(move.move_type, "out_invoice")
        self.assertEqual(move.partner_id, invoice_address)
        self.assertEqual(move.currency_id, self.env.company.currency_id)
        self.assertAlmostEqual(move.amount_untaxed, summary["total"])
        self.assertAlmostEqual(move.amount_untaxed, 133.50)
        self.assertAlmostEqual(move.amount_tax, 30.71)
        self.assertAlmostEqual(move.amount_total, 164.21)
        lines = {line.product_id: line for line in move.invoice_line_ids}
        fee = self.env.ref("desktomy_virtual_office.product_desktomy_package_fee")
        self.assertEqual(
            set(lines), {fee, self.scan, self.forwarding, self.notification}
        )
        expected = {
            fee: (1, 99.0, 99.0),
            self.scan: (6, 1.5, 9.0),
            self.forwarding: (2, 12.0, 24.0),
            self.notification: (3, 0.5, 1.5),
        }
        for product, (quantity, price, subtotal) in expected.items():
            with self.subTest(product=product.name):
                self.assertEqual(lines[product].quantity, quantity)
                self.assertAlmostEqual(lines[product].price_unit, price)
                self.assertAlmostEqual(lines[product].price_subtotal, subtotal)
                self.assertEqual(len(lines[product].tax_ids), 1)
                self.assertEqual(lines[product].tax_ids.amount, 23.0)
        for line in summary["lines"]:
            if line["billable"]:
                self.assertAlmostEqual(
                    lines[line["service"]].price_subtotal, line["amount"]
                )
        self.assertIn("used 26, included 20, charged 6", lines[self.scan].name)
        self.assertIn("Test 20", lines[fee].name)
        # The same figure on the summaries screen.
        row = self._rows(*MARCH).browse(self.client.id)
        self.assertAlmostEqual(row.total, move.amount_untaxed)
        # Within the package: the fee's line only, and the same total.
        move_2 = self._invoice_of(self.client_2, MARCH[0])
        self.assertEqual(move_2.invoice_line_ids.product_id, fee)
        self.assertAlmostEqual(move_2.amount_untaxed, 199.0)

    def test_usage_lines_know_their_invoice(self):
        self._invoice(MARCH[0], self.client | self.client_2)
        move = self._invoice_of(self.client, MARCH[0])
        usage = self.Usage.search(
            [("partner_id", "=", self.client.id), ("date", ">=", MARCH[0])]
        )
        self.assertEqual(len(usage), 31)
        self.assertEqual(usage.invoice_id, move)
        scan_line = move.invoice_line_ids.filtered(
            lambda line: line.product_id == self.scan
        )
        self.assertEqual(
            scan_line.desktomy_usage_ids,
            usage.filtered(lambda line: line.service_id == self.scan),
        )
        self.assertEqual(move.desktomy_usage_count, 31)
        action = move.action_desktomy_view_usage()
        self.assertEqual(self.Usage.search(action["domain"]), usage)
        # Beta's scans, all within the package: charged by the fee's line.
        move_2 = self._invoice_of(self.client_2, MARCH[0])
        usage_2 = self.Usage.search([("partner_id", "=", self.client_2.id)])
        self.assertEqual(usage_2.invoice_line_id, move_2.invoice_line_ids)
        # The link is written by the invoicing only.
        with self.assertRaises(UserError):
            usage[:1].with_user(self.administrator).write({"invoice_line_id": False})

    def test_idempotent(self):
        first = self._invoice(MARCH[0], self.client)
        self.assertEqual(len(first["moves"]), 1)
        second = self._invoice(MARCH[0], self.client)
        self.assertFalse(second["moves"])
        self.assertEqual(second["skipped"], self.client)
        everybody = self._invoice(date(2025, 3, 15))
        self.assertEqual(everybody["moves"], self._invoice_of(self.client_2, MARCH[0]))
        self.assertIn(self.client, everybody["skipped"])
        self.assertEqual(len(self._invoice_of(self.client, MARCH[0])), 1)
        # The database refuses a second link of a client-month.
        link = self.Invoicing.search([("partner_id", "=", self.client.id)])
        self.assertEqual(len(link), 1)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO desktomy_billing_invoice "
                    "(partner_id, company_id, month) VALUES (%s, %s, %s)",
                    (self.client.id, self.env.company.id, MARCH[0]),
                )

    def test_screen_action(self):
        """The summaries screen's button starts the month's run (whole
        months only; test_billing_invoice_run.py follows the run)."""
        rows = self._rows(*MARCH, env=self.env(user=self.invoicer))
        action = rows.browse(self.client.id).action_invoice_month()
        self.assertEqual(action["tag"], "display_notification")
        run = self.env["desktomy.billing.invoice.run"].browse(
            action["params"]["next"]["res_id"]
        )
        self.assertEqual(run.month, MARCH[0])
        self.assertFalse(self._invoice_of(self.client, MARCH[0]))
        half = self._rows(date(2025, 3, 1), date(2025, 3, 15), env=rows.env)
        with self.assertRaises(UserError):
            half.browse(self.client_2.id).action_invoice_month()
        # Only an office administrator with the invoicing rights.
        for user in (self.receptionist, self.administrator):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._rows(
                    date(2025, 2, 1), FEBRUARY[1], env=self.env(user=user)
                ).browse(self.client_2.id).action_invoice_month()

    def test_invoiced_month_is_closed(self):
        """An invoiced client-month is closed like a month before the lock
        date: its usage and package history are refused; other clients and
        later months stay open."""
        self._invoice(MARCH[0], self.client)
        with self.assertRaisesRegex(UserError, "Acme"):
            self._usage(self.client, self.scan, date(2025, 3, 31))
        with self.assertRaises(UserError):
            self.Usage.search([("partner_id", "=", self.client.id)])[:1].unlink()
        with self.assertRaises(UserError):
            self._assign(self.client, self.package_100, date(2025, 3, 20))
        with self.assertRaises(UserError):
            self.package_20.with_context(
                desktomy_terms_date_from=date(2025, 3, 1)
            ).monthly_fee = 120.0
        self._usage(self.client_2, self.scan, date(2025, 3, 31))
        self._usage(self.client, self.scan, date(2025, 4, 1))
        self._assign(self.client, self.package_100, date(2025, 4, 1))
        self.assertFalse(self.env.company.desktomy_billing_lock_date)

    def test_all_clients_close_the_month(self):
        """Invoicing every client of a month that has ended moves the lock
        date to its end, once the months since the lock date are invoiced."""
        result = self._invoice(MARCH[0])
        self.assertEqual(len(result["moves"]), 2)
        self.assertFalse(result["locked_until"])
        self.assertFalse(self.env.company.desktomy_billing_lock_date)
        result = self._invoice(date(2025, 1, 1))
        self.assertEqual(result["locked_until"], date(2025, 1, 31))
        result = self._invoice(FEBRUARY[0])
        self.assertEqual(self.env.company.desktomy_billing_lock_date, FEBRUARY[1])
        result = self._invoice(MARCH[0])
        self.assertFalse(result["moves"])
        self.assertEqual(len(result["skipped"]), 2)
        self.assertEqual(result["locked_until"], MARCH[1])
        self.assertEqual(self.env.company.desktomy_billing_lock_date, MARCH[1])
        # (selected clients never move it)
        self._usage(self.client, self.scan, APRIL[0])
        self._invoice(APRIL[0], self.client | self.client_2)
        self.assertEqual(self.env.company.desktomy_billing_lock_date, MARCH[1])
        with self.assertRaises(UserError):
            self._usage(
                self.env["res.partner"].create(
                    {"name": "New", "desktomy_is_client": True}
                ),
                self.scan,
                MARCH[1],
            )

    def test_cancel_reopens_only_for_an_accounting_manager(self):
        self._invoice(MARCH[0], self.client)
        move = self._invoice_of(self.client, MARCH[0])
        for method in ("button_cancel", "unlink"):
            with self.subTest(method=method), self.assertRaises(UserError):
                getattr(move.with_user(self.invoicer), method)()
        self.assertEqual(move.state, "draft")
        move.with_user(self.invoicer).action_post()
        with self.assertRaises(UserError):
            move.with_user(self.invoicer).button_cancel()
        move.with_user(self.accountant).button_cancel()
        self.assertEqual(move.state, "cancel")
        self.assertFalse(self.Invoicing.search([("move_id", "=", move.id)]))
        self.assertFalse(
            self.Usage.search([("partner_id", "=", self.client.id)]).invoice_line_id
        )
        # Open again: a correction, then a new invoice.
        self._usage(self.client, self.scan, date(2025, 3, 31))
        with self.assertRaises(UserError):
            move.with_user(self.accountant).button_draft()
        result = self._invoice(MARCH[0], self.client)
        self.assertEqual(len(result["moves"]), 1)
        self.assertAlmostEqual(result["moves"].amount_untaxed, 135.0)

    def test_cron(self):
        """Off by default; on, it starts the previous month's run on the
        chosen day (test_billing_invoice_run.py: the run itself)."""
        company = self.env.company
        self.assertFalse(company.desktomy_invoice_auto)
        today = fields.Date.context_today(self.Invoicing)
        previous = today.replace(day=1) - relativedelta(months=1)
        Run = self.env["desktomy.billing.invoice.run"]
        self.Invoicing._cron_invoice_previous_month()
        self.assertFalse(Run.search([("month", "=", previous)]))
        company.write(
            {"desktomy_invoice_auto": True, "desktomy_invoice_day": today.day % 28 + 1}
        )
        self.Invoicing._cron_invoice_previous_month()
        self.assertFalse(Run.search([("month", "=", previous)]))
        company.desktomy_invoice_day = today.day
        self.Invoicing._cron_invoice_previous_month()
        self.Invoicing._cron_invoice_previous_month()
        self.assertEqual(len(Run.search([("month", "=", previous)])), 1)


class TestBillingInvoiceOffices(BillingInvoiceCommon):
    def test_client_of_two_offices(self):
        """A client of two offices gets two invoices, each from its office."""
        company_2 = self.env["res.company"].create(
            {"name": "Second Office", "currency_id": self.env.company.currency_id.id}
        )
        self.env["account.chart.template"].try_loading(
            "generic_coa", company_2, install_demo=False
        )
        self._setup_vat(company_2)
        self.invoicer.company_ids |= company_2
        package_2 = (
            self.env["desktomy.package"]
            .with_company(company_2)
            .create(
                {"name": "Office 2", "monthly_fee": 50.0, "company_id": company_2.id}
            )
        )
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self.env["desktomy.package.assignment"].with_company(company_2).create(
            {
                "partner_id": self.client.id,
                "package_id": package_2.id,
                "date_from": date(2025, 1, 1),
            }
        )
        self._usage(self.client, self.scan, date(2025, 3, 3), quantity=21)
        self.env["desktomy.service.usage"].with_company(company_2).create(
            {
                "partner_id": self.client.id,
                "service_id": self.scan.id,
                "date": date(2025, 3, 4),
                "quantity": 3,
                "unit_price": 2.0,
                "company_id": company_2.id,
            }
        )
        env = self.env(user=self.invoicer)
        first = env["desktomy.billing.invoice"]._invoice_month(
            MARCH[0], self.client.with_env(env)
        )
        env_2 = env(
            context=dict(
                env.context, allowed_company_ids=[company_2.id, self.env.company.id]
            )
        )
        second = env_2["desktomy.billing.invoice"]._invoice_month(
            MARCH[0], self.client.with_env(env_2)
        )
        self.assertEqual(first["moves"].company_id, self.env.company)
        self.assertEqual(second["moves"].company_id, company_2)
        self.assertAlmostEqual(first["moves"].amount_untaxed, 99.0 + 1.5)
        self.assertAlmostEqual(second["moves"].amount_untaxed, 50.0 + 6.0)
        self.assertEqual(second["moves"].journal_id.company_id, company_2)
        self.assertEqual(
            second["moves"].invoice_line_ids.mapped("tax_ids.company_id"), company_2
        )


@tagged("post_install", "-at_install")
class TestBillingInvoiceQueries(BillingInvoiceCommon):
    def _clients(self, count, month):
        clients = self.env["res.partner"].create(
            [
                {
                    "name": f"Q{month.month} {index}",
                    "is_company": True,
                    "desktomy_is_client": True,
                }
                for index in range(count)
            ]
        )
        self.env["desktomy.package.assignment"].create(
            [
                {
                    "partner_id": c.id,
                    "package_id": self.package_20.id,
                    "date_from": month,
                }
                for c in clients
            ]
        )
        self.env["desktomy.service.usage"].create(
            [
                {
                    "partner_id": c.id,
                    "service_id": service.id,
                    "date": month,
                    "quantity": 25,
                    "unit_price": 2.0,
                }
                for c in clients
                for service in (self.scan, self.notification)
            ]
        )
        self.env.flush_all()
        return clients

    def _count(self, clients, month):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = self._invoice(month, clients)
        count = self.env.cr.sql_log_count - before
        self.assertEqual(len(result["moves"]), len(clients))
        return count

    def test_queries_grow_linearly(self):
        """Invoicing N clients, then 2N: the queries grow at most linearly,
        with a small constant per client (the invoices are created in batch):
        here not at all."""
        n = 10
        # (warm-up: the caches of the rules, fields and taxes)
        self._count(self._clients(2, date(2024, 4, 1)), date(2024, 4, 1))
        small = self._count(self._clients(n, date(2024, 5, 1)), date(2024, 5, 1))
        large = self._count(self._clients(2 * n, date(2024, 6, 1)), date(2024, 6, 1))
        per_client = (large - small) / n
        _logger.info(
            "Invoicing %d clients: %d queries, %d clients: %d", n, small, 2 * n, large
        )
        # (74 and 74 when written: the invoices, their lines and the links
        # are written in batches; the ORM inserts by chunks of rows)
        self.assertLessEqual(per_client, 1, f"{small} -> {large} queries")
        self.assertLessEqual(small, 100, f"{small} queries")
