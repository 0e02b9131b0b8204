# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class DesktomyMailLifecycleWizardMixin(models.AbstractModel):
    """The items a lifecycle dialog applies to (the active items)."""

    _name = "desktomy.mail.lifecycle.wizard.mixin"
    _description = "Items of a Lifecycle Dialog"

    mail_ids = fields.Many2many(
        comodel_name="desktomy.mail",
        string="Items",
        required=True,
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        ctx = self.env.context
        if (
            "mail_ids" in fields_list
            and ctx.get("active_model") == "desktomy.mail"
            and ctx.get("active_ids")
            and not res.get("mail_ids")
        ):
            res["mail_ids"] = [Command.set(ctx["active_ids"])]
        return res

    def _desktomy_reload(self):
        return {"type": "ir.actions.client", "tag": "soft_reload"}


class DesktomyMailDispositionWizard(models.TransientModel):
    """Forward, return to sender or shred waiting items, recording how."""

    _name = "desktomy.mail.disposition.wizard"
    _inherit = "desktomy.mail.lifecycle.wizard.mixin"
    _description = "Forward, Return or Shred Mail"

    mail_ids = fields.Many2many(relation="desktomy_mail_disposition_wizard_rel")
    disposition = fields.Selection(
        selection=[
            ("forwarded", "Forward to the client"),
            ("returned", "Return to sender"),
            ("shredded", "Shred"),
        ],
        required=True,
        default="forwarded",
    )
    forward_address = fields.Text(string="Forwarding Address")
    forward_carrier = fields.Char(string="Carrier")
    forward_tracking_number = fields.Char(string="Outgoing Tracking Number")
    company_id = fields.Many2one(
        comodel_name="res.company", default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    forward_postage = fields.Monetary(string="Postage")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if (
            "forward_address" in fields_list
            and res.get("mail_ids")
            and not res.get("forward_address")
        ):
            items = self.env["desktomy.mail"].browse(res["mail_ids"][0][2])
            clients = items.partner_id
            if len(clients) == 1:
                res["forward_address"] = clients._display_address(
                    without_company=False
                ).strip()
        return res

    def action_confirm(self):
        self.ensure_one()
        items = self.mail_ids
        if self.disposition == "forwarded":
            if not (self.forward_address or "").strip():
                raise UserError(self.env._("Write the address the items go to."))
            items.action_mark_forwarded(
                address=self.forward_address,
                carrier=self.forward_carrier,
                tracking_number=self.forward_tracking_number,
                postage=self.forward_postage,
            )
        elif self.disposition == "returned":
            items.action_mark_returned()
        else:
            items.action_mark_shredded()
        return self._desktomy_reload()


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
