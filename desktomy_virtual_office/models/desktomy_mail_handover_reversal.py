# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .desktomy_mail import LIFECYCLE_TOKEN


class DesktomyMailHandoverReversal(models.Model):
    """One item whose pickup was reversed: append-only evidence on a handover.

    Written only by ``desktomy.mail.action_reset_received(reason=...)``; never
    changed or deleted afterwards.
    """

    _name = "desktomy.mail.handover.reversal"
    _description = "Reversal of a Pickup"
    _order = "reversal_datetime desc, id desc"
    _check_company_auto = True

    handover_id = fields.Many2one(
        comodel_name="desktomy.mail.handover",
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    mail_id = fields.Many2one(
        comodel_name="desktomy.mail",
        string="Item",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Reversed By", required=True, readonly=True
    )
    reversal_datetime = fields.Datetime(
        string="Reversed On", required=True, readonly=True
    )
    reason = fields.Text(required=True, readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not LIFECYCLE_TOKEN.allows(self.env):
            raise UserError(
                self.env._(
                    "A reversal is recorded by reversing the pickup of an item "
                    "(Reverse the pickup), not created directly."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if self:
            raise UserError(self.env._("A reversal of a pickup cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A reversal of a pickup cannot be deleted."))
