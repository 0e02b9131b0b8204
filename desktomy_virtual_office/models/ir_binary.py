# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .desktomy_access_log import LOGGED_MODELS


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        """The one place Odoo streams an attachment's content (``/web/content``,
        ``/web/image``, the portal's routes): log the opening of a scan or
        receipt in the access log."""
        stream = super()._record_to_stream(record, field_name)
        if (
            record._name == "ir.attachment"
            and field_name in ("raw", "datas", "db_datas")
            and record.sudo().res_model in LOGGED_MODELS
            and not record.sudo().res_field
        ):
            self.env["desktomy.access.log"]._desktomy_log(record)
        return stream
