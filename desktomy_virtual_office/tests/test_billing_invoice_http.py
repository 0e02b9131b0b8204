# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

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

    def test_invoice_month_twice_over_rpc(self):
        """The second call skips the client-month: one invoice."""
        self._usage(date(2025, 3, 10))
        self.authenticate("bi_invoice_http", "bi_invoice_http")
        context = {
            "desktomy_billing_date_from": "2025-03-01",
            "desktomy_billing_date_to": "2025-03-31",
        }
        for attempt in range(2):
            answer = self._call_kw(
                "desktomy.billing.report",
                "action_invoice_month",
                [[self.client.id]],
                {"context": context},
            )
            self.assertNotIn("error", answer, answer)
            invoices = self._invoices()
            self.assertEqual(len(invoices), 1)
            self.assertAlmostEqual(invoices.amount_untaxed, 36.0)
            if attempt:
                self.assertIn(
                    "Invoice Tour Client", answer["result"]["params"]["message"]
                )
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
        """Billing → Summaries: select a client, Invoice the Month, open its
        invoice, then the usage lines it charged."""
        self._usage(date.today())
        self.start_tour(
            "/odoo/billing-summaries",
            "desktomy_invoice_month_tour",
            login="bi_invoice_http",
        )
        self.assertEqual(len(self._invoices()), 1)
