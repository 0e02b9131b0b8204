# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

SERVICE_KINDS = [
    ("scan", "Scan"),
    ("notification", "E-mail notification"),
    ("handover", "Handover"),
    ("forwarding", "Forwarding"),
    ("return", "Return to sender"),
    ("shredding", "Shredding"),
    ("storage", "Storage beyond the free period"),
    ("other", "Other"),
]
#: Display order of the kinds in summaries.
KIND_SEQUENCE = {kind: index for index, (kind, _label) in enumerate(SERVICE_KINDS)}


class ProductTemplate(models.Model):
    _inherit = "product.template"

    desktomy_service_kind = fields.Selection(
        selection=SERVICE_KINDS,
        string="Virtual Office Service",
        index="btree_not_null",
        help="Marks the product as a virtual-office service. Usage of the service "
        "is recorded automatically (except for 'Other', which is added by hand) "
        "and charged at the product's sales price beyond the client's package.",
    )

    @api.onchange("desktomy_service_kind")
    def _onchange_desktomy_service_kind(self):
        if self.desktomy_service_kind:
            self.type = "service"
