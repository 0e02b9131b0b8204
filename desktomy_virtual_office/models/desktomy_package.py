# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

#: Changes of package lines that change the stored monthly billing.
BILLING_LINE_FIELDS = {
    "included_qty",
    "override_price",
    "package_id",
    "price_unit",
    "service_id",
}


class DesktomyPackage(models.Model):
    _name = "desktomy.package"
    _description = "Service Package"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
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

    def write(self, vals):
        res = super().write(vals)
        # (changes of the lines refresh from the lines)
        if {"monthly_fee", "company_id"} & set(vals):
            self._refresh_billing_months()
        return res

    def _refresh_billing_months(self):
        """Recompute the stored monthly billing of the clients of the packages."""
        assignments = (
            self.env["desktomy.package.assignment"]
            .sudo()
            .search([("package_id", "in", self.ids)])
        )
        assignments._desktomy_refresh_billing(assignments._billing_dates())

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


class DesktomyPackageLine(models.Model):
    _name = "desktomy.package.line"
    _description = "Service Package Line"
    _order = "package_id, sequence, id"

    package_id = fields.Many2one(
        comodel_name="desktomy.package",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    service_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        ondelete="restrict",
        domain=[("desktomy_service_kind", "!=", False)],
    )
    service_kind = fields.Selection(related="service_id.desktomy_service_kind")
    currency_id = fields.Many2one(related="package_id.currency_id")
    included_qty = fields.Float(
        string="Included per Month",
        digits="Product Unit of Measure",
        help="Quantity of the service included in the monthly fee.",
    )
    override_price = fields.Boolean(
        string="Own Price",
        help="Charge the units beyond the package at the price below instead of "
        "the catalogue price of the service.",
    )
    price_unit = fields.Monetary(
        string="Price beyond Package",
        currency_field="currency_id",
        help="Price of each unit beyond the included quantity. When 'Own Price' "
        "is not set, the catalogue price of the service applies.",
    )
    catalogue_price = fields.Float(
        related="service_id.lst_price", string="Catalogue Price"
    )

    _sql_constraints = [
        (
            "service_unique",
            "unique(package_id, service_id)",
            "A service can appear only once in a package.",
        ),
        (
            "included_positive",
            "check(included_qty >= 0)",
            "The included quantity cannot be negative.",
        ),
    ]

    @api.onchange("service_id")
    def _onchange_service_id(self):
        if self.service_id and not self.override_price:
            self.price_unit = self.service_id.lst_price

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.package_id._refresh_billing_months()
        return lines

    def write(self, vals):
        packages = self.package_id
        res = super().write(vals)
        if BILLING_LINE_FIELDS & set(vals):
            (packages | self.package_id)._refresh_billing_months()
        return res

    def unlink(self):
        packages = self.package_id
        res = super().unlink()
        packages.exists()._refresh_billing_months()
        return res


class DesktomyPackageAssignment(models.Model):
    """One step in a client's package history: from ``date_from`` on, ``package_id``.

    Rule for a change in the middle of a month: the package in force on the last
    day of a month (or on the last day of the billing period, when the period
    ends earlier) applies to the whole month: its monthly fee, its included
    quantities and its prices. The package it replaced is not charged for that
    month. A change therefore takes effect for the month in which it happens.
    """

    _name = "desktomy.package.assignment"
    _inherit = ["desktomy.billing.source"]
    _description = "Client Package History"
    _order = "partner_id, date_from desc, id desc"
    _check_company_auto = True
    _desktomy_billing_date_field = "date_from"
    _desktomy_billing_fields = frozenset({"partner_id", "package_id", "date_from"})
    _desktomy_billing_until_coverage = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("desktomy_is_client", "=", True)],
    )
    package_id = fields.Many2one(
        comodel_name="desktomy.package",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    date_from = fields.Date(
        string="Valid From",
        required=True,
        default=fields.Date.context_today,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="package_id.company_id",
        store=True,
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "partner_date_unique",
            "unique(partner_id, date_from)",
            "A client can change package only once a day.",
        ),
    ]

    @api.depends("partner_id", "package_id", "date_from")
    def _compute_display_name(self):
        for assignment in self:
            assignment.display_name = self.env._(
                "%(client)s: %(package)s from %(date)s",
                client=assignment.partner_id.display_name or "",
                package=assignment.package_id.display_name or "",
                date=assignment.date_from or "",
            )

    @api.model
    def _get_history(self, partners, date_to):
        """Return ``{partner_id: [(date_from, package), ...]}`` up to ``date_to``.

        Ordered by date; one query whatever the number of clients.
        """
        history = {}
        assignments = self.search_fetch(
            [("partner_id", "in", partners.ids), ("date_from", "<=", date_to)],
            ["partner_id", "package_id", "date_from"],
            order="partner_id, date_from, id",
        )
        for assignment in assignments:
            history.setdefault(assignment.partner_id.id, []).append(
                (assignment.date_from, assignment.package_id)
            )
        return history

    @api.model
    def _get_packages_at(self, partners, date):
        """Return ``{partner_id: desktomy.package}`` valid on ``date``."""
        return {
            partner_id: steps[-1][1]
            for partner_id, steps in self._get_history(partners, date).items()
        }
