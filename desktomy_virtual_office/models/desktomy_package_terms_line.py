# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DesktomyPackageTermsLine(models.Model):
    _name = "desktomy.package.terms.line"
    _description = "Package Terms Line"
    _order = "terms_id, id"

    terms_id = fields.Many2one(
        comodel_name="desktomy.package.terms",
        required=True,
        index=True,
        ondelete="cascade",
    )
    service_id = fields.Many2one(
        comodel_name="product.product", required=True, ondelete="restrict"
    )
    currency_id = fields.Many2one(related="terms_id.currency_id")
    included_qty = fields.Float(
        string="Included per Month", digits="Product Unit of Measure"
    )
    override_price = fields.Boolean(string="Own Price")
    price_unit = fields.Monetary(
        string="Price beyond Package", currency_field="currency_id"
    )
