# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .desktomy_package_terms import TERMS_DATE, TERMS_SAVING

#: Changes of package lines that change the terms of the package.
BILLING_LINE_FIELDS = {
    "included_qty",
    "override_price",
    "package_id",
    "price_unit",
    "service_id",
}
#: Fields of a package that are part of its (versioned) terms.
TERMS_FIELDS = {"monthly_fee", "line_ids", "terms_date_from"}


class DesktomyPackage(models.Model):
    _name = "desktomy.package"
    _description = "Service Package"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    # Each office bills its own: a package belongs to one company, and only
    # that company's billing uses it.
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        compute="_compute_currency_id",
    )
    monthly_fee = fields.Monetary(
        currency_field="currency_id",
        help="Charged for every month of the billing period, whatever the usage.",
    )
    line_ids = fields.One2many(
        comodel_name="desktomy.package.line",
        inverse_name="package_id",
        string="Services",
        copy=True,
    )
    description = fields.Text()
    client_count = fields.Integer(string="Clients", compute="_compute_client_count")
    terms_date_from = fields.Date(
        string="Terms Valid From",
        copy=False,
        help="First day the fee and the services above apply to (empty: from "
        "the start). A change of the terms applies from the first day of the "
        "first open month, unless you choose another day of an open month "
        "here; closed months keep the terms they were billed with.",
    )
    terms_ids = fields.One2many(
        comodel_name="desktomy.package.terms",
        inverse_name="package_id",
        string="Terms History",
        readonly=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        packages = super(
            DesktomyPackage, self.with_context(**{TERMS_SAVING: True})
        ).create(vals_list)
        # The first version of the terms holds from the start.
        packages._desktomy_save_terms(None, initial=True)
        return packages.with_env(self.env)

    def write(self, vals):
        if self.env.context.get(TERMS_SAVING):
            return super().write(vals)
        if "company_id" in vals:
            self._check_company_change(vals["company_id"])
            # The history and terms follow the package to its new company.
            terms = self.sudo().terms_ids
            dates = terms._billing_dates()
            vals = dict(vals)
            res = super().write({"company_id": vals.pop("company_id")})
            terms._desktomy_refresh_billing(dates)
            if not vals:
                return res
        if not TERMS_FIELDS & set(vals):
            return super().write(vals)
        day = self.env.context.get(TERMS_DATE)
        if "terms_date_from" in vals:
            day = vals["terms_date_from"]
        res = super(DesktomyPackage, self.with_context(**{TERMS_SAVING: True})).write(
            vals
        )
        self._desktomy_save_terms(fields.Date.to_date(day) if day else None)
        return res

    def _desktomy_save_terms(self, day, initial=False):
        """Make the current fee and lines the terms of the packages from
        ``day`` on (default: the first day of the first open month of the
        package's company, or from the start when no month is closed).

        The versions from that day on are replaced by one version; the
        versions before it, which closed months may use, stay as they are.
        """
        Terms = self.env["desktomy.package.terms"].sudo()
        for package in self:
            start = day
            if not start and not initial:
                start = package.company_id._desktomy_billing_first_open_day()
            package.sudo().terms_ids.filtered(
                lambda terms, start=start: (
                    not start or (terms.date_from and terms.date_from >= start)
                )
            ).unlink()
            Terms.create(Terms._values_from_package(package, start))
            if package.terms_date_from != (start or False):
                package.with_context(**{TERMS_SAVING: True}).terms_date_from = start

    @api.model
    def _desktomy_init_terms(self):
        """Give a first version of their terms (from the start) to the
        packages that have none (packages made before terms were versioned)."""
        packages = (
            self.sudo()
            .with_context(active_test=False)
            .search([("terms_ids", "=", False)])
        )
        Terms = self.env["desktomy.package.terms"].sudo()
        # (what the closed months were billed with: allowed in closed months)
        Terms.with_context(desktomy_terms_init=True).create(
            [Terms._values_from_package(package, False) for package in packages]
        )

    def _check_company_change(self, company_id):
        """A package billed in a closed month keeps its company."""
        new_company = self.env["res.company"].browse(company_id)
        Assignment = self.env["desktomy.package.assignment"].sudo()
        for package in self:
            if package.company_id == new_company:
                continue
            for company in package.company_id | new_company:
                lock_date = company.sudo().desktomy_billing_lock_date
                if lock_date and Assignment.search_count(
                    [("package_id", "=", package.id), ("date_from", "<=", lock_date)],
                    limit=1,
                ):
                    company._desktomy_raise_billing_closed(
                        lock_date,
                        self.env._(
                            "the package %(package)s was billed in it, so its "
                            "company cannot change. Create a package in the "
                            "other company instead.",
                            package=package.display_name,
                        ),
                    )

    @api.depends("company_id")
    def _compute_currency_id(self):
        for package in self:
            package.currency_id = (package.company_id or self.env.company).currency_id

    def _compute_client_count(self):
        """Number of clients whose current package this is."""
        counts = dict.fromkeys(self.ids, 0)
        partners = self.env["res.partner"].search([("desktomy_is_client", "=", True)])
        current = self.env["desktomy.package.assignment"]._get_packages_at(
            partners, fields.Date.context_today(self)
        )
        for package in current.values():
            if package.id in counts:
                counts[package.id] += 1
        for package in self:
            package.client_count = counts.get(package.id, 0)
