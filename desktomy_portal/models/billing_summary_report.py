# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class BillingSummaryReport(models.AbstractModel):
    _name = "report.desktomy_portal.report_billing_summary"
    _description = "Billing Summary (Client Panel)"

    @api.model
    def _get_report_values(self, docids, data=None):
        # The client panel renders this report as superuser, after checking that
        # the user represents the client; nobody else outside the staff may.
        if not self.env.su and not self.env.user._is_internal():
            raise AccessError(
                self.env._("Only the client panel can print this billing summary.")
            )
        data = data or {}
        try:
            date_from = fields.Date.to_date(data.get("date_from"))
            date_to = fields.Date.to_date(data.get("date_to"))
        except ValueError:
            date_from = date_to = None
        if not date_from or not date_to:
            raise UserError(
                self.env._("The billing summary needs a start and an end date.")
            )
        clients = self.env["res.partner"].browse(docids)
        summaries = self.env["desktomy.service.usage"]._get_billing_summary(
            clients, date_from, date_to
        )
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": clients,
            "summaries": summaries,
            "date_from": date_from,
            "date_to": date_to,
        }
