# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common_http import call_kw


@tagged("post_install", "-at_install")
class TestBillingInvoiceHttp(HttpCase):
    """Invoicing a month over JSON-RPC, as the web client sends it, and the
    screen's button in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.desktomy_billing_lock_date = False
        cls.forwarding = cls.env.ref(
            "desktomy_virtual_office.product_service_forwarding"
        )
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Invoice Tour Client",
                "is_company": True,
                "desktomy_is_client": True,
                "lang": "en_US",
                "street": "ul. Prosta 51",
                "city": "Warszawa",
            }
        )
        cls.invoicer = new_test_user(
            cls.env,
            login="bi_invoice_http",
            password="bi_invoice_http",
            lang="en_US",
            groups="desktomy_virtual_office.group_desktomy_manager,"
            "account.group_account_invoice",
        )

    def _usage(self, day):
        self.env["desktomy.service.usage"].create(
            {
                "partner_id": self.client.id,
                "service_id": self.forwarding.id,
                "unit_price": 12.0,
                "quantity": 1,
                "date": day,
            }
            for _index in range(3)
        )

    def _call_kw(self, model, method, args, kwargs=None):
        return call_kw(self, model, method, args, kwargs)

    def _invoices(self):
        return self.env["account.move"].search(
            [("desktomy_client_id", "=", self.client.id)]
        )

    def _work(self):
        """The run's cron, as its workers call it, until nothing is left."""
        cron = self.env.ref("desktomy_virtual_office.ir_cron_invoice_runs")
        for _call in range(10):
            cron, progress = cron._add_progress()
            self.env["desktomy.billing.invoice.run"].with_context(
                ir_cron_progress_id=progress.id
            )._cron_process_runs()
            if not progress.remaining:
                break

    def test_invoice_month_twice_over_rpc(self):
        """The call starts the month's run and returns at once; a second call
        is refused with the run to open; the run's cron makes one invoice."""
        self._usage(date(2025, 3, 10))
        self.authenticate("bi_invoice_http", "bi_invoice_http")
        context = {
            "desktomy_billing_date_from": "2025-03-01",
            "desktomy_billing_date_to": "2025-03-31",
        }
        answer = self._call_kw(
            "desktomy.billing.report",
            "action_invoice_month",
            [[self.client.id]],
            {"context": context},
        )
        self.assertNotIn("error", answer, answer)
        following = answer["result"]["params"]["next"]
        self.assertEqual(following["res_model"], "desktomy.billing.invoice.run")
        run = self.env["desktomy.billing.invoice.run"].browse(following["res_id"])
        self.assertEqual(run.state, "queued")
        self.assertFalse(self._invoices())
        for _attempt in range(2):
            answer = self._call_kw(
                "desktomy.billing.report",
                "action_invoice_month",
                [[]],
                {"context": context},
            )
            error = answer["error"]["data"]
            self.assertEqual(error["name"], "odoo.exceptions.RedirectWarning")
            self.assertEqual(error["arguments"][1]["res_id"], run.id)
            self._work()
        self.assertEqual(run.state, "done")
        invoices = self._invoices()
        self.assertEqual(len(invoices), 1)
        self.assertAlmostEqual(invoices.amount_untaxed, 36.0)
        # The run is read over RPC as the web client does.
        answer = self._call_kw(
            "desktomy.billing.invoice.run",
            "web_read",
            [run.ids],
            {"specification": {"state": {}, "clients_done": {}, "progress": {}}},
        )
        self.assertEqual(answer["result"][0]["clients_done"], 1)
        self.assertEqual(answer["result"][0]["progress"], 100.0)
        # Nobody writes a run over RPC.
        answer = self._call_kw(
            "desktomy.billing.invoice.run", "write", [run.ids, {"state": "queued"}]
        )
        self.assertIn("error", answer)
        # A usage line of the invoiced month is refused over RPC too.
        answer = self._call_kw(
            "desktomy.service.usage",
            "create",
            [
                {
                    "partner_id": self.client.id,
                    "service_id": self.forwarding.id,
                    "date": "2025-03-31",
                }
            ],
        )
        self.assertIn("error", answer)
        # The link to the invoice is not written over RPC.
        line = self.env["desktomy.service.usage"].search(
            [("partner_id", "=", self.client.id)], limit=1
        )
        answer = self._call_kw(
            "desktomy.service.usage", "write", [line.ids, {"invoice_line_id": False}]
        )
        self.assertIn("error", answer)
        self.assertTrue(line.invoice_line_id)

    def test_invoice_month_tour(self):
        """Billing → Summaries, the previous month: Invoice the Month opens the
        run; its cron makes the invoice."""
        today = fields.Date.context_today(self.invoicer)
        self._usage(today.replace(day=1) - relativedelta(months=1))
        self.start_tour(
            "/odoo/billing-summaries",
            "desktomy_invoice_month_tour",
            login="bi_invoice_http",
        )
        self.assertFalse(self._invoices())
        self._work()
        self.assertEqual(len(self._invoices()), 1)
