# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    desktomy_missing_attachment_alert = fields.Boolean(
        string="Missing Attachment Alert",
        default=True,
        help="Before notification e-mails are sent, warn about items marked "
        '"Send e-mail notification with attachment" that have no scan.',
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    desktomy_receipt_email_clients = fields.Boolean(
        string="E-mail the Receipt to the Clients",
        default=True,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="After a handover with digital confirmation, e-mail each client "
        "its copy of the receipt confirmation (only its own items) at its "
        "notification address.",
    )

    desktomy_request_overdue_days = fields.Integer(
        string="Requests Overdue After (Days)",
        default=1,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="A client's request still pending after this many days is "
        "overdue in the request queue.",
    )

    @api.constrains("desktomy_request_overdue_days")
    def _check_desktomy_request_overdue_days(self):
        if any(company.desktomy_request_overdue_days < 0 for company in self):
            raise ValidationError(
                self.env._(
                    "The days after which a request is overdue cannot be negative."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        for company in companies:
            company._desktomy_mail_sequence()
        return companies

    def _desktomy_mail_sequence(self):
        """Return the sequence of correspondence item references of this company.

        Every company numbers its items on its own; the sequence is created on
        first use for companies that existed before the module.
        """
        self.ensure_one()
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", "desktomy.mail"), ("company_id", "=", self.id)],
            order="id",
            limit=1,
        )
        if not sequence:
            sequence = Sequence.create(
                {
                    "name": self.env._(
                        "Correspondence Item (%(company)s)", company=self.name
                    ),
                    "code": "desktomy.mail",
                    "prefix": "MAIL/%(range_year)s/",
                    "padding": 6,
                    "use_date_range": True,
                    "company_id": self.id,
                }
            )
        return sequence

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------

    def _desktomy_demo_reset_accounting(self):
        """Remove the demo journal entries of Odoo Accounting (posted in the
        company's first currency), so that the demo can bill in PLN."""
        moves = (
            self.env["account.move"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "child_of", self.ids)])
        )
        moves.filtered(lambda move: move.state == "posted").button_draft()
        moves.with_context(force_delete=True).unlink()

    def _desktomy_demo_setup_invoicing(self):
        """Polish VAT 23 % (sales) on the virtual-office products, with the
        income account of the chart, for the demo company; its client
        companies read their invoices in Polish."""
        if self.env["res.lang"]._lang_get("pl_PL"):
            self.env["res.partner"].sudo().search(
                [("desktomy_is_client", "=", True), ("lang", "!=", "pl_PL")]
            ).lang = "pl_PL"
        Tax = self.env["account.tax"].sudo()
        products = (
            self.env["product.product"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("desktomy_service_kind", "!=", False),
                    (
                        "id",
                        "=",
                        self.env.ref(
                            "desktomy_virtual_office.product_desktomy_package_fee"
                        ).id,
                    ),
                ]
            )
        )
        for company in self.sudo():
            tax = Tax.search(
                [
                    ("company_id", "=", company.id),
                    ("type_tax_use", "=", "sale"),
                    ("amount_type", "=", "percent"),
                    ("amount", "=", 23.0),
                    ("price_include", "=", False),
                ],
                limit=1,
            )
            if not tax:
                if company.country_id:
                    # (the demo office is Polish: its taxes are)
                    company.account_fiscal_country_id = company.country_id
                group = (
                    self.env["account.tax.group"]
                    .sudo()
                    .create(
                        {
                            "name": "VAT 23%",
                            "company_id": company.id,
                            "country_id": company.account_fiscal_country_id.id,
                        }
                    )
                )
                tax = Tax.create(
                    {
                        "tax_group_id": group.id,
                        "name": "VAT 23%",
                        "description": "23%",
                        "invoice_label": "VAT 23%",
                        "type_tax_use": "sale",
                        "amount_type": "percent",
                        "amount": 23.0,
                        "company_id": company.id,
                        "country_id": company.account_fiscal_country_id.id,
                    }
                )
            company.account_sale_tax_id = tax
            income = (
                self.env["account.account"]
                .sudo()
                .search(
                    [
                        ("company_ids", "in", company.ids),
                        ("account_type", "=", "income"),
                    ],
                    limit=1,
                )
            )
            products_company = products.with_company(company)
            products_company.write(
                {
                    "taxes_id": [Command.link(tax.id)]
                    + [
                        Command.unlink(other.id)
                        for other in products_company.taxes_id
                        if other.company_id == company and other != tax
                    ],
                    "property_account_income_id": income.id,
                }
            )
