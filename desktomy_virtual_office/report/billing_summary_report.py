# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ReportBillingSummary(models.AbstractModel):
    """Values of the billing summary PDF: ``data`` may carry ``date_from`` and
    ``date_to`` (ISO strings); the current month is used otherwise."""

    _name = "report.desktomy_virtual_office.report_billing_summary"
    _description = "Billing Summary Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        today = fields.Date.context_today(self)
        date_from = fields.Date.to_date(data.get("date_from")) or today.replace(day=1)
        date_to = fields.Date.to_date(data.get("date_to")) or (
            date_from + relativedelta(months=1, days=-1)
        )
        docs = self.env["res.partner"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": docs,
            "date_from": date_from,
            "date_to": date_to,
            "summaries": self.env["desktomy.service.usage"]._get_billing_summary(
                docs, date_from, date_to
            ),
        }
