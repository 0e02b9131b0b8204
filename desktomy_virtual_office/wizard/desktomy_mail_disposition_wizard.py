# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


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
