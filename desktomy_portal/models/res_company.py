# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    desktomy_portal_billing_summary = fields.Boolean(
        string="Billing Summary in the Client Panel",
        help="Clients see the services they used and their cost in the client "
        "panel (Billing → Summaries).",
        groups="desktomy_virtual_office.group_desktomy_user",
    )
