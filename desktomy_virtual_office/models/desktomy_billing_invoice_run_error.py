# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DesktomyBillingInvoiceRunError(models.Model):
    """A client a run could not invoice, and why. Archived when the run is
    resumed (the client is tried again), kept as its history."""

    _name = "desktomy.billing.invoice.run.error"
    _description = "Month Invoicing Run Error"
    _order = "run_id desc, id"

    run_id = fields.Many2one(
        comodel_name="desktomy.billing.invoice.run",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    reason = fields.Text(readonly=True)
    active = fields.Boolean(default=True, readonly=True)
