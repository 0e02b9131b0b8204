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


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _desktomy_get_services(self, kinds):
        """Return ``{kind: product.product}``, the catalogue service used for each kind.

        The first active service of each kind (lowest id) is the one that
        automatic usage is recorded on; one query for all kinds.
        """
        services = (
            self.sudo()
            .search(
                [("desktomy_service_kind", "in", list(kinds))],
                order="id",
            )
            .sudo(self.env.su)
        )
        result = {}
        for service in services:
            result.setdefault(service.desktomy_service_kind, service)
        return result
