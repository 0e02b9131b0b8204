# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models


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
