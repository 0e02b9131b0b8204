# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class DesktomyMailReversalWizard(models.TransientModel):
    """Reverse the pickup of collected items: the confirmation of DESKTOMY 2.19
    ("Are you sure you want to change the status of collected mail?") with the
    reason, which is required."""

    _name = "desktomy.mail.reversal.wizard"
    _inherit = "desktomy.mail.lifecycle.wizard.mixin"
    _description = "Reverse the Pickup"

    mail_ids = fields.Many2many(relation="desktomy_mail_reversal_wizard_rel")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.mail_ids.action_reset_received(reason=self.reason)
        return self._desktomy_reload()
