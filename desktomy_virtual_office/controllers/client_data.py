# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The back office's download of a client's data export (GDPR art. 15/20)."""

from odoo import fields, http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request


def zip_response(client, content):
    """The HTTP answer carrying the export ``content`` of ``client``."""
    today = fields.Date.to_string(fields.Date.context_today(client))
    name = f"data-{client.desktomy_client_number or client.id}-{today}.zip"
    return request.make_response(
        content,
        headers=[
            ("Content-Type", "application/zip"),
            ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(name)),
        ],
    )


class DesktomyClientData(http.Controller):
    @http.route(
        "/desktomy/client/<int:partner_id>/export",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def desktomy_client_export(self, partner_id, **kw):
        client = request.env["res.partner"].browse(partner_id).exists()
        if not client or not client.sudo().desktomy_is_client:
            raise request.not_found()
        try:
            content = client._desktomy_export_zip()
        except AccessError as error:
            raise request.not_found() from error
        return zip_response(client, content)
