# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        result = super()._post_dispatch(response)
        queries = getattr(request, "desktomy_access_log_queries", None)
        if queries:
            # the access log's lines of a read-only route (see
            # ``desktomy.access.log._desktomy_log``), once the response is ready
            request.desktomy_access_log_queries = []
            request.env["desktomy.access.log"]._desktomy_write_log(queries)
        return result
