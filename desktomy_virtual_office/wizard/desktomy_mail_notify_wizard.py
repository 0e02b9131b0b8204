# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.fields import Command

from ..models.desktomy_mail import SEND_WITHOUT_ATTACHMENT


class DesktomyMailNotifyWizard(models.TransientModel):
    """The missing-attachment alert shown before notification e-mails are sent.

    ``desktomy.mail.action_notify`` opens it when an item marked "Send e-mail
    notification with attachment" has no scan; "Send anyway" sends the whole
    batch with the user's explicit decision, "Go back" sends nothing.
    """

    _name = "desktomy.mail.notify.wizard"
    _description = "Missing Attachment Alert"

    item_ids = fields.Many2many(
        comodel_name="desktomy.mail",
        relation="desktomy_mail_notify_wizard_item_rel",
        column1="wizard_id",
        column2="item_id",
        string="Items to Notify",
        readonly=True,
    )
    missing_item_ids = fields.Many2many(
        comodel_name="desktomy.mail",
        relation="desktomy_mail_notify_wizard_missing_rel",
        column1="wizard_id",
        column2="item_id",
        string="Items Without Scan",
        readonly=True,
    )
    missing_count = fields.Integer(compute="_compute_missing_count")

    @api.depends("missing_item_ids")
    def _compute_missing_count(self):
        for wizard in self:
            wizard.missing_count = len(wizard.missing_item_ids)

    @api.model
    def _action_open(self, items, missing_items):
        wizard = self.create(
            {
                "item_ids": [Command.set(items.ids)],
                "missing_item_ids": [Command.set(missing_items.ids)],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Missing attachment alert"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": dict(self.env.context),
        }

    def action_send_anyway(self):
        """Send the notifications although some scans are missing."""
        self.ensure_one()
        return self.item_ids.with_context(
            **{SEND_WITHOUT_ATTACHMENT: True}
        ).action_notify()
