# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .desktomy_package import BILLING_LINE_FIELDS
from .desktomy_package_terms import TERMS_DATE, TERMS_SAVING


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

    # The lines are the package's current terms: changing them saves a new
    # version of the terms (see desktomy.package._desktomy_save_terms).

    def _save_package_terms(self, packages):
        if not self.env.context.get(TERMS_SAVING):
            day = self.env.context.get(TERMS_DATE)
            packages.exists()._desktomy_save_terms(
                fields.Date.to_date(day) if day else None
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        self._save_package_terms(lines.package_id)
        return lines

    def write(self, vals):
        packages = self.package_id
        res = super().write(vals)
        if BILLING_LINE_FIELDS & set(vals):
            self._save_package_terms(packages | self.package_id)
        return res

    def unlink(self):
        packages = self.package_id
        res = super().unlink()
        self._save_package_terms(packages)
        return res
