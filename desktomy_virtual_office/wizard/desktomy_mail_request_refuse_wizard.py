# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DesktomyMailRequestRefuseWizard(models.TransientModel):
    """Refuse requests with the reason the client sees."""

    _name = "desktomy.mail.request.refuse.wizard"
    _description = "Refuse a Request"

    request_ids = fields.Many2many(
        comodel_name="desktomy.mail.request",
        relation="desktomy_mail_request_refuse_wizard_rel",
        string="Requests",
        required=True,
    )
    reason = fields.Text(required=True, help="Shown to the client.")

    def action_confirm(self):
        self.ensure_one()
        self.request_ids.action_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
