# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools.client_data import erasure_plan


class DesktomyClientEraseWizard(models.TransientModel):
    _name = "desktomy.client.erase.wizard"
    _description = "Erase a client's data (GDPR)"

    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Client", required=True, readonly=True
    )
    scan_count = fields.Integer(compute="_compute_plan", string="Scans")
    message_count = fields.Integer(compute="_compute_plan", string="Message Bodies")
    handover_count = fields.Integer(compute="_compute_plan", string="Handovers")
    person_count = fields.Integer(compute="_compute_plan", string="Authorised Persons")
    refusal = fields.Char(compute="_compute_plan")

    @api.depends("partner_id")
    def _compute_plan(self):
        for wizard in self:
            client = wizard.partner_id
            if not client:
                wizard.update(
                    {
                        "scan_count": 0,
                        "message_count": 0,
                        "handover_count": 0,
                        "person_count": 0,
                        "refusal": False,
                    }
                )
                continue
            client._desktomy_check_gdpr()
            plan = erasure_plan(client.sudo())
            wizard.scan_count = len(plan["scans"])
            wizard.message_count = len(plan["messages"])
            wizard.handover_count = len(plan["handovers"])
            wizard.person_count = len(plan["persons"])
            wizard.refusal = client._desktomy_erase_refusal() or False

    def action_erase(self):
        self.ensure_one()
        self.partner_id._desktomy_erase()
        return {"type": "ir.actions.act_window_close"}
