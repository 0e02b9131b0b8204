# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


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
