# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    desktomy_usage_ids = fields.One2many(
        comodel_name="desktomy.service.usage",
        inverse_name="invoice_line_id",
        string="Usage Lines",
        readonly=True,
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    def action_desktomy_view_usage(self):
        self.ensure_one()
        return self.move_id.action_desktomy_view_usage() | {
            "domain": [("invoice_line_id", "=", self.id)]
        }
