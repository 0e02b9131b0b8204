# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.http import request

#: The receipt's reports (the office's original, the client's copy).
RECEIPT_REPORTS = (
    "desktomy_virtual_office.desktomy_mail_handover_report",
    "desktomy_virtual_office.desktomy_mail_handover_client_copy_report",
)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        result = super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        if request and request.httprequest.path.startswith("/report/") and res_ids:
            report = self._get_report(report_ref)
            if report.report_name in RECEIPT_REPORTS:
                Log = self.env["desktomy.access.log"]
                for handover in (
                    self.env["desktomy.mail.handover"].sudo().browse(res_ids)
                ):
                    Log._desktomy_log(
                        handover.receipt_attachment_id,
                        channel="report",
                        handover=handover.id,
                    )
        return result
