# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A month's invoicing as a background run (``desktomy.billing.invoice.run``):
started by the screen's button or the monthly cron, done in batches by the
cron ``ir_cron_invoice_runs``, one run per company and month, resumed after
an interruption or a failure without invoicing anyone twice."""

import logging
from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, RedirectWarning, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.desktomy_virtual_office.models.desktomy_billing_invoice import (
    DesktomyBillingInvoice,
)

from ..models.desktomy_billing_rule import month_bounds
from .test_billing_common import MARCH
from .test_billing_invoice import BillingInvoiceCommon

_logger = logging.getLogger(__name__)


class BillingInvoiceRunCommon(BillingInvoiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._march_usage()
        (cls.client | cls.client_2).write(
            {"street": "ul. Prosta 51", "city": "Warszawa", "zip": "00-838"}
        )
        cls.Run = cls.env["desktomy.billing.invoice.run"]
        cls.cron = cls.env.ref("desktomy_virtual_office.ir_cron_invoice_runs")

    def _start(self, month=MARCH[0], user=None):
        """The screen's button, as ``user`` (the invoicer by default)."""
        rows = self._rows(*MARCH, env=self.env(user=user or self.invoicer))
        return rows.action_invoice_month()

    def _run(self, month=MARCH[0]):
        return self.Run.search(
            [("company_id", "=", self.env.company.id), ("month", "=", month)]
        )

    def _work(self, batch_size=100, limit=20):
        """What the cron's workers do: call it until nothing is left (as the
        batched cron does), at most ``limit`` times."""
        for _call in range(limit):
            cron, progress = self.cron._add_progress()
            Run = self.Run.with_context(ir_cron_progress_id=progress.id)
            Run._cron_process_runs(batch_size=batch_size)
            if not progress.remaining:
                return
        if limit == 20:
            self.fail("the runs did not end")


class TestBillingInvoiceRun(BillingInvoiceRunCommon):
    def test_button_starts_a_run_and_returns(self):
        """The button invoices nothing in the request: it starts the run,
        triggers its cron and opens it; the cron's batches make the invoices
        and the user is notified at the end."""
        triggers = self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.cron.id)]
        )
        action = self._start()
        run = self._run()
        self.assertEqual(run.state, "queued")
        self.assertEqual(run.clients_total, 2)
        self.assertEqual(run.user_id, self.invoicer)
        self.assertFalse(self._invoice_of(self.client, MARCH[0]))
        self.assertEqual(action["params"]["next"]["res_id"], run.id)
        self.assertEqual(
            action["params"]["next"]["res_model"], "desktomy.billing.invoice.run"
        )
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers,
        )
        self._work(batch_size=1)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.clients_done, 2)
        self.assertEqual(run.error_count, 0)
        self.assertEqual(run.progress, 100.0)
        self.assertTrue(run.start_datetime and run.end_datetime)
        self.assertGreaterEqual(run.duration, 0.0)
        acme = self._invoice_of(self.client, MARCH[0])
        beta = self._invoice_of(self.client_2, MARCH[0])
        self.assertAlmostEqual(acme.amount_untaxed, 133.5)
        self.assertAlmostEqual(beta.amount_untaxed, 199.0)
        self.assertEqual(run.link_ids.move_id, acme | beta)
        self.assertEqual(
            run.with_user(self.invoicer).action_view_invoices()["domain"],
            [("id", "in", (acme | beta).ids)],
        )
        # The user who started it is notified (inbox) when it ends.
        ending = run.message_ids.filtered(
            lambda message: self.invoicer.partner_id in message.partner_ids
        )
        self.assertEqual(len(ending), 1)
        self.assertIn("2 clients invoiced", ending.body)
        # Nothing more is done by later calls.
        self._work()
        self.assertEqual(len(self._invoice_of(self.client, MARCH[0])), 1)

    def test_one_run_per_company_and_month(self):
        """A second start is refused with a message that opens the run, while
        it runs and once it is done; the database refuses a second run."""
        self._start()
        run = self._run()
        for _state in ("queued", "done"):
            with self.assertRaises(RedirectWarning) as refusal:
                self._start()
            message, action, _button, _context = refusal.exception.args
            self.assertIn("March 2025 already has its invoicing run", message)
            self.assertEqual(action["res_id"], run.id)
            self._work()
        self.assertEqual(len(self._run()), 1)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO desktomy_billing_invoice_run "
                    "(company_id, month, state, origin) "
                    "VALUES (%s, %s, 'queued', 'manual')",
                    (self.env.company.id, MARCH[0]),
                )

    def test_client_error_listed_others_go_on(self):
        """A client without an invoice address, another with a service that
        has no sales tax: each is listed with its reason, the others are
        invoiced; once fixed, Resume invoices them and archives the errors."""
        gamma = self.env["res.partner"].create(
            {
                "name": "Gamma Sp. j.",
                "is_company": True,
                "desktomy_is_client": True,
                "street": "ul. Krucza 5",
                "city": "Warszawa",
            }
        )
        self._assign(gamma, self.package_20, date(2025, 1, 1))
        self._usage(gamma, self.return_service, date(2025, 3, 4), price=7.0)
        self.return_service.with_company(self.env.company).taxes_id = False
        self.client_2.street = False
        self._start()
        self._work(batch_size=10)
        run = self._run()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.clients_done, 1)
        self.assertEqual(run.error_count, 2)
        reasons = {error.partner_id: error.reason for error in run.error_ids}
        self.assertIn("no invoice address", reasons[self.client_2])
        self.assertIn("no sales tax", reasons[gamma])
        self.assertTrue(self._invoice_of(self.client, MARCH[0]))
        self.assertFalse(self._invoice_of(self.client_2, MARCH[0]))
        self.assertFalse(self._invoice_of(gamma, MARCH[0]))
        # (the month is not closed while a client of it is not invoiced)
        self.assertFalse(run.locked_until)
        # Fixed, resumed: only what was missing.
        self.client_2.street = "ul. Prosta 51"
        self.return_service.taxes_id = self.forwarding.taxes_id
        run.with_user(self.invoicer).action_resume()
        self.assertEqual(run.state, "queued")
        self.assertEqual(run.error_count, 0)
        self.assertEqual(run.clients_total, 3)
        self._work()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.clients_done, 3)
        self.assertEqual(len(run.with_context(active_test=False).error_ids), 2)
        for client in (self.client, self.client_2, gamma):
            self.assertEqual(len(self._invoice_of(client, MARCH[0])), 1)

    def test_accounting_error_of_one_client(self):
        """An error of Accounting for one client of a batch (here: its
        invoice does not match its summary) lists it; the batch's other
        clients are invoiced."""
        create = DesktomyBillingInvoice._create_invoices

        def failing_for_beta(invoicing, company, month_start, month_end, rows, **kw):
            if any(row[0] == self.client_2.id for row in rows):
                raise UserError(
                    invoicing.env._("The invoice of Beta does not match its summary.")
                )
            return create(invoicing, company, month_start, month_end, rows, **kw)

        self._start()
        with patch.object(DesktomyBillingInvoice, "_create_invoices", failing_for_beta):
            self._work(batch_size=10)
        run = self._run()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.error_ids.partner_id, self.client_2)
        self.assertIn("does not match", run.error_ids.reason)
        self.assertEqual(len(self._invoice_of(self.client, MARCH[0])), 1)
        self.assertFalse(self._invoice_of(self.client_2, MARCH[0]))
        self.assertFalse(
            self.Invoicing.search(
                [("partner_id", "=", self.client_2.id), ("month", "=", MARCH[0])]
            ),
            "the failed client's claim is rolled back with its invoice",
        )

    def test_interrupted_batch_resumes(self):
        """A worker killed in a batch: the batch's transaction is rolled back,
        claims and invoices together; the next call invoices the same clients
        once, and none is skipped."""
        self._start()
        run = self._run()
        self._work(batch_size=1, limit=1)
        first = run.link_ids.partner_id
        self.assertEqual(len(first), 1)
        self.assertEqual(run.state, "running")

        class Killed(Exception):
            pass

        with self.assertRaises(Killed), self.env.cr.savepoint():
            run._process_batch(batch_size=1)
            self.assertEqual(len(run.link_ids), 2)
            raise Killed
        self.env.invalidate_all()
        self.assertEqual(run.link_ids.partner_id, first)
        self.assertEqual(run.state, "running")
        self._work()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.clients_done, 2)
        for client in (self.client, self.client_2):
            self.assertEqual(len(self._invoice_of(client, MARCH[0])), 1)

    def test_failed_run_is_resumed_not_restarted(self):
        """An unexpected error stops the run as failed, with the reason, and
        notifies; "Invoice the Month" again resumes the same run."""

        def broken(*args, **kwargs):
            raise RuntimeError("disk full")

        self._start()
        run = self._run()
        with (
            patch.object(DesktomyBillingInvoice, "_create_invoices", broken),
            mute_logger(
                "odoo.addons.desktomy_virtual_office.models.desktomy_billing_invoice_run"
            ),
        ):
            self._work()
        self.assertEqual(run.state, "failed")
        self.assertIn("disk full", run.failure)
        self.assertFalse(self._invoice_of(self.client, MARCH[0]))
        self.assertFalse(run.link_ids)
        self._start()
        self.assertEqual(self._run(), run)
        self.assertEqual(run.state, "queued")
        self._work()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.clients_done, 2)

    def test_cancelled_invoice_reinvoiced_by_resume(self):
        """An accounting manager cancels one invoice (the month reopens for
        that client): Resume on the run invoices it again, alone."""
        self._start()
        self._work()
        run = self._run()
        acme = self._invoice_of(self.client, MARCH[0])
        acme.with_user(self.accountant).button_cancel()
        run.invalidate_recordset()
        self.assertEqual(run.clients_done, 1)
        run.with_user(self.invoicer).action_resume()
        self._work()
        self.assertEqual(run.clients_done, 2)
        self.assertEqual(len(self._invoice_of(self.client, MARCH[0])), 1)
        self.assertEqual(len(self._invoice_of(self.client_2, MARCH[0])), 1)

    def test_rights(self):
        """Only an office administrator with the invoicing rights starts or
        resumes a run; receptionists do not even see the runs."""
        for user in (self.receptionist, self.administrator):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._start(user=user)
        self.assertFalse(self._run())
        self._start()
        run = self._run()
        with self.assertRaises(AccessError):
            self.Run.with_user(self.receptionist).search([])
        with self.assertRaises(AccessError):
            run.with_user(self.administrator).action_resume()
        with self.assertRaises(AccessError):
            run.with_user(self.invoicer).write({"state": "done"})
        with self.assertRaises(AccessError):
            self.Run.with_user(self.invoicer).create({"month": MARCH[0]})
        # A portal user reaches neither the runs nor their errors.
        portal = new_test_user(
            self.env, login="bi_run_portal", groups="base.group_portal"
        )
        for model in (
            "desktomy.billing.invoice.run",
            "desktomy.billing.invoice.run.error",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(portal).search([])
        with self.assertRaises(AccessError):
            self.Run.with_user(portal)._start(MARCH[0])

    def test_month_not_over_refused(self):
        """The current month and a future one are refused (a month is
        invoiced once it has ended): a clear error, no run."""
        today = fields.Date.context_today(self.Run.with_user(self.invoicer))
        for month in (today, today.replace(year=today.year + 1)):
            with (
                self.subTest(month=month),
                self.assertRaisesRegex(UserError, "is not over yet"),
            ):
                self.Run.with_user(self.invoicer)._start(month)
            self.assertFalse(self._run(month.replace(day=1)))
        rows = self._rows(*month_bounds(today), env=self.env(user=self.invoicer))
        with self.assertRaises(UserError):
            rows.action_invoice_month()

    def test_monthly_cron_starts_the_run(self):
        """The monthly cron starts the previous month's run on its day (once)
        and the run's cron invoices it."""
        company = self.env.company
        today = fields.Date.context_today(self.Run)
        previous = today.replace(day=1) - relativedelta(months=1)
        client = self.env["res.partner"].create(
            {
                "name": "Cron Client",
                "is_company": True,
                "desktomy_is_client": True,
                "street": "ul. Zgoda 1",
                "city": "Kraków",
            }
        )
        self._assign(client, self.package_20, previous)
        company.write(
            {"desktomy_invoice_auto": True, "desktomy_invoice_day": today.day}
        )
        self.Invoicing._cron_invoice_previous_month()
        self.Invoicing._cron_invoice_previous_month()
        run = self._run(previous)
        self.assertEqual(len(run), 1)
        self.assertEqual(run.origin, "cron")
        self.assertEqual(run.state, "queued")
        self._work()
        self.assertEqual(run.state, "done")
        move = self.env["account.move"].search([("desktomy_client_id", "=", client.id)])
        self.assertEqual(move.desktomy_billing_month, previous)
        self.assertAlmostEqual(move.amount_untaxed, 99.0)


@tagged("post_install", "-at_install")
class TestBillingInvoiceRunQueries(BillingInvoiceRunCommon):
    def _clients(self, count, month):
        clients = self.env["res.partner"].create(
            [
                {
                    "name": f"R{month.month} {index}",
                    "is_company": True,
                    "desktomy_is_client": True,
                    "street": f"ul. Prosta {index}",
                    "city": "Warszawa",
                }
                for index in range(count)
            ]
        )
        # (no package: the clients are billed in this month only)
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

    def _batch_queries(self, count, month):
        clients = self._clients(count, month)
        run = self.Run.with_user(self.invoicer)._start(month).sudo()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        run._process_batch(batch_size=count)
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(run.state, "done")
        self.assertEqual(run.link_ids.partner_id, clients)
        return queries

    def test_batch_queries_bounded(self):
        """A batch's queries do not grow with its clients (the invoices are
        created together); measured at 10 and 20 clients."""
        self._batch_queries(2, date(2024, 4, 1))  # (warm-up)
        small = self._batch_queries(10, date(2024, 5, 1))
        large = self._batch_queries(20, date(2024, 6, 1))
        _logger.info("A batch of 10 clients: %d queries, of 20: %d", small, large)
        self.assertLessEqual(large, small + 2, (small, large))
        month = date(2024, 7, 1)
        self._clients(20, month)
        run = self.Run.with_user(self.invoicer)._start(month).sudo()
        self.env.flush_all()
        self.env.invalidate_all()
        # (measured: 85 for 20 clients, 86 for 10; 2026-12-08)
        with self.assertQueryCount(__system__=88):
            run._process_batch(batch_size=20)
