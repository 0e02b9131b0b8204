# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    desktomy_portal_billing_summary = fields.Boolean(
        related="company_id.desktomy_portal_billing_summary",
        readonly=False,
    )
    desktomy_portal_post_rate = fields.Integer(
        string="Client Panel Forms per Minute",
        config_parameter="desktomy_portal.post_rate",
        default=10,
        help="How many times a person may send one of the client panel's forms "
        "(a request, the preferences, the account) in a minute; counted in the "
        "database, for every worker and server at once.",
    )
    desktomy_receipt_upload_rate = fields.Integer(
        string="Receipt Checks per 10 Minutes",
        config_parameter="desktomy_virtual_office.receipt_upload_rate",
        default=30,
        help="How many files one IP address may check on the public page that "
        "verifies a receipt confirmation, in 10 minutes.",
    )

    @api.constrains("desktomy_portal_post_rate", "desktomy_receipt_upload_rate")
    def _check_desktomy_rates(self):
        for settings in self:
            if (
                settings.desktomy_portal_post_rate < 1
                or settings.desktomy_receipt_upload_rate < 1
            ):
                raise ValidationError(
                    self.env._("A rate limit allows at least one event.")
                )
