# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import date
from html import escape
from urllib.parse import urlsplit

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DesktomyPortalCase


@tagged("post_install", "-at_install")
class TestPortalInvoices(DesktomyPortalCase):
    """The invoices of the months, in Odoo's /my/invoices: those of the
    companies the person represents, and only those."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.desktomy_portal_billing_summary = True
        cls.env.company.desktomy_billing_lock_date = False
        scan = cls.env.ref("desktomy_virtual_office.product_service_scan")
        package = cls.env["desktomy.package"].create(
            {
                "name": "Portal Invoice Package",
                "monthly_fee": 80.0,
                "line_ids": [
                    Command.create({"service_id": scan.id, "included_qty": 5})
                ],
            }
        )
        cls.env["desktomy.package.assignment"].create(
            [
                {
                    "partner_id": client.id,
                    "package_id": package.id,
                    "date_from": date(2025, 1, 1),
                }
                for client in (cls.client_a, cls.client_b, cls.client_other)
            ]
        )
        cls.env["desktomy.service.usage"].create(
            {
                "partner_id": cls.client_a.id,
                "service_id": scan.id,
                "date": date(2025, 3, 3),
                "quantity": 7,
                "unit_price": 2.0,
            }
        )
        result = cls.env["desktomy.billing.invoice"]._invoice_month(
            date(2025, 3, 1), cls.client_a | cls.client_b | cls.client_other
        )
        moves = result["moves"]
        cls.invoice_a = moves.filtered(lambda m: m.desktomy_client_id == cls.client_a)
        cls.invoice_other = moves.filtered(
            lambda m: m.desktomy_client_id == cls.client_other
        )
        cls.draft_b = moves.filtered(lambda m: m.desktomy_client_id == cls.client_b)
        (cls.invoice_a | cls.invoice_other).action_post()

    def test_my_invoices_lists_the_represented_companies(self):
        self.authenticate("dt_person", "dt_person")
        response = self.url_open("/my/invoices")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.invoice_a.name, response.text)
        self.assertNotIn(self.invoice_other.name, response.text)
        page = self.url_open(f"/my/invoices/{self.invoice_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.invoice_a.name, page.text)

    def test_other_invoices_redirect_as_stock(self):
        """Another company's invoice, a draft or a missing id: redirected to
        /my, as stock Odoo does (the same answer for all three, so it tells
        nothing of which ids exist), and no PDF of it is served."""
        self.authenticate("dt_person", "dt_person")
        missing = (
            self.env["account.move"].search([], order="id desc", limit=1).id + 1000
        )
        for invoice_id in (self.invoice_other.id, self.draft_b.id, missing):
            for query in ("", "?report_type=pdf&download=True"):
                with self.subTest(invoice_id=invoice_id, query=query):
                    response = self.url_open(
                        f"/my/invoices/{invoice_id}{query}", allow_redirects=False
                    )
                    self.assertEqual(response.status_code, 303)
                    self.assertEqual(urlsplit(response.headers["Location"]).path, "/my")

    @mute_logger("odoo.http")
    def test_absurd_invoice_ids_answer_404(self):
        """An id out of range never reaches the database: 404."""
        self.authenticate("dt_person", "dt_person")
        for path in ("/my/invoices/%d" % 2**40, "/my/invoices/0"):
            with self.subTest(path=path):
                response = self.url_open(path, allow_redirects=False)
                self.assertEqual(response.status_code, 404)

    def test_download_serves_the_issued_pdf(self):
        """``download=True`` of a posted invoice serves the PDF that was issued
        (stored when the invoice was sent), byte for byte, as stock does."""
        self.invoice_a._generate_and_send()
        self.assertTrue(self.invoice_a.invoice_pdf_report_id)
        self.authenticate("dt_person", "dt_person")
        for download in ("True", "true", "1"):
            with self.subTest(download=download):
                response = self.url_open(
                    f"/my/invoices/{self.invoice_a.id}"
                    f"?report_type=pdf&download={download}"
                )
                self.assertEqual(response.status_code, 200)
                self.assertEqual(
                    response.content, self.invoice_a.invoice_pdf_report_id.raw
                )

    def test_rpc_reads_only_the_represented_invoices(self):
        self.authenticate("dt_person", "dt_person")
        response = self.url_open(
            "/web/dataset/call_kw/account.move/search_read",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "account.move",
                        "method": "search_read",
                        "args": [[]],
                        "kwargs": {"fields": ["name", "desktomy_client_id"]},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        ids = {row["id"] for row in response.json()["result"]}
        self.assertIn(self.invoice_a.id, ids)
        self.assertNotIn(self.invoice_other.id, ids)
        self.assertNotIn(self.draft_b.id, ids)

    def test_own_company_contact_sees_its_invoice(self):
        """Odoo's own rule: the contact of Omega reads Omega's invoice."""
        self.authenticate("dt_other", "dt_other")
        response = self.url_open(f"/my/invoices/{self.invoice_other.id}")
        self.assertEqual(response.status_code, 200)
        response = self.url_open(
            f"/my/invoices/{self.invoice_a.id}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)

    def test_billing_page_links_the_invoiced_month(self):
        self.authenticate("dt_person", "dt_person")
        response = self.url_open(
            f"/my/billing?client_id={self.client_a.id}&period=2025-03"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(f'href="/my/invoices/{self.invoice_a.id}"', response.text)
        # Beta's invoice is a draft: no link; another month: none either.
        response = self.url_open(
            f"/my/billing?client_id={self.client_b.id}&period=2025-03"
        )
        self.assertNotIn(
            "/my/invoices/", response.text.split("o_desktomy_portal_billing")[-1]
        )
        response = self.url_open(
            f"/my/billing?client_id={self.client_a.id}&period=2025-04"
        )
        months = response.text.split("o_desktomy_billing_invoices")
        self.assertEqual(len(months), 1, "no invoiced month in April")

    def _open_card(self, client):
        response = self.url_open(f"/my/billing?client_id={client.id}&period=2025-04")
        self.assertEqual(response.status_code, 200)
        card = response.text.split("o_desktomy_billing_open")[1]
        return card.split("o_desktomy_billing_invoices")[0].split(
            "o_desktomy_billing_left"
        )[0]

    def test_billing_page_shows_the_open_balance(self):
        """The open balance and the unpaid invoices of the selected client,
        whatever the period, each linked to Odoo's own invoice page and PDF;
        another client's never, and a paid invoice leaves the list."""
        self.authenticate("dt_person", "dt_person")
        card = self._open_card(self.client_a)
        self.assertIn(f'href="/my/invoices/{self.invoice_a.id}"', card)
        self.assertIn(
            f"/my/invoices/{self.invoice_a.id}?report_type=pdf&amp;download=true", card
        )
        self.assertNotIn(self.invoice_other.name, card)
        amount = self.invoice_a.amount_residual
        self.assertGreater(amount, 0)
        balance = card.split("o_desktomy_billing_balance")[1].split("</strong>")[0]
        digits = "".join(c for c in balance.split(">", 1)[1] if c.isdigit())
        self.assertEqual(digits, f"{amount:.2f}".replace(".", ""))
        # Beta has only a draft: nothing to pay.
        card_b = self._open_card(self.client_b)
        self.assertNotIn("/my/invoices/", card_b.split("All invoices")[0])
        # Another company's balance is not reachable through the switch.
        response = self.url_open(
            f"/my/billing?client_id={self.client_other.id}&period=2025-04"
        )
        self.assertNotIn(self.invoice_other.name, response.text)
        # Paid: the invoice leaves the list.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice_a.ids
        ).create({})._create_payments()
        self.assertIn(self.invoice_a.payment_state, ("paid", "in_payment"))
        card = self._open_card(self.client_a)
        self.assertNotIn(f'href="/my/invoices/{self.invoice_a.id}"', card)

    # ------------------------------------------------------------
    # Online payment through stock account_payment
    # ------------------------------------------------------------

    def _disable_providers(self):
        """No payment provider enabled (the demo data may enable one)."""
        self.env["payment.provider"].search(
            [("state", "!=", "disabled")]
        ).state = "disabled"

    def _enable_provider(self, company=None):
        """A provider in test mode, published, with a payment method, as stock
        ``payment``'s tests make theirs (``PaymentCommon.dummy_provider``)."""
        self._disable_providers()
        method = self.env.ref("payment.payment_method_unknown")
        provider = self.env["payment.provider"].create(
            {
                "name": "Test Provider",
                "code": "none",
                "state": "test",
                "is_published": True,
                "company_id": (company or self.env.company).id,
                "payment_method_ids": [Command.set(method.ids)],
            }
        )
        # (stock refuses a method without a provider: activated after it)
        method.active = True
        return provider

    def _pay_url(self, invoice):
        """The payment link stock ``account_payment`` puts on /my/invoices."""
        return invoice.get_portal_url(anchor="portal_pay", query_string="&payment=True")

    def test_billing_page_links_the_online_payment(self):
        """With a provider: each open invoice of the selected client has the
        stock payment link, which opens Odoo's own invoice page with its
        payment dialog; a paid invoice and another client's never have one."""
        provider = self._enable_provider()
        self.assertTrue(self.invoice_a._has_to_be_paid())
        self.authenticate("dt_person", "dt_person")
        card = self._open_card(self.client_a)
        self.assertEqual(card.count("o_desktomy_open_pay"), 1)
        self.assertIn(f'href="{escape(self._pay_url(self.invoice_a))}"', card)
        # Stock's own page: the "Pay Now" button and the provider's form.
        response = self.url_open(self._pay_url(self.invoice_a))
        self.assertEqual(response.status_code, 200)
        self.assertIn('data-bs-target="#pay_with"', response.text)
        self.assertIn('id="portal_pay" data-payment="True"', response.text)
        self.assertIn(f'data-provider-id="{provider.id}"', response.text)
        # Beta has only a draft, Omega is not represented: no payment link.
        self.assertNotIn("o_desktomy_open_pay", self._open_card(self.client_b))
        response = self.url_open(
            f"/my/billing?client_id={self.client_other.id}&period=2025-04"
        )
        self.assertNotIn(f"/my/invoices/{self.invoice_other.id}", response.text)
        # Omega's own contact pays Omega's invoice, not Alfa's.
        self.authenticate("dt_other", "dt_other")
        card = self._open_card(self.client_other)
        self.assertIn(f'href="{escape(self._pay_url(self.invoice_other))}"', card)
        self.assertNotIn(f"/my/invoices/{self.invoice_a.id}", card)
        # Paid: no payment link any more.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice_a.ids
        ).create({})._create_payments()
        self.assertFalse(self.invoice_a._has_to_be_paid())
        self.authenticate("dt_person", "dt_person")
        self.assertNotIn("o_desktomy_open_pay", self._open_card(self.client_a))

    def test_billing_page_without_provider_has_no_payment_link(self):
        """No provider enabled in the invoice's company (one of another company
        does not count, nor an unpublished one): the open invoice is listed
        with its PDF, and no payment link that would lead to an empty dialog."""
        self._disable_providers()
        self.authenticate("dt_person", "dt_person")
        card = self._open_card(self.client_a)
        self.assertIn(f'href="/my/invoices/{self.invoice_a.id}"', card)
        self.assertNotIn("o_desktomy_open_pay", card)
        self.assertNotIn("portal_pay", card)
        # Stock's invoice page, unchanged: its "Pay Now" does not look for a
        # provider, its dialog says that there is no way to pay.
        response = self.url_open(f"/my/invoices/{self.invoice_a.id}")
        self.assertIn('data-bs-target="#pay_with"', response.text)
        self.assertNotIn('id="o_payment_form"', response.text)
        other_company = self.env["res.company"].create({"name": "Other Office"})
        self._enable_provider(company=other_company)
        self.assertNotIn("o_desktomy_open_pay", self._open_card(self.client_a))
        self._enable_provider().is_published = False
        self.assertNotIn("o_desktomy_open_pay", self._open_card(self.client_a))
