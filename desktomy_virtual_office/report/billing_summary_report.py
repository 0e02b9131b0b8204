# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.desktomy_billing_rule import month_bounds


class ReportBillingSummary(models.AbstractModel):
    """Values of the billing summary PDF, the one billing report of the back
    office and of the client panel: ``data`` may carry ``date_from`` and
    ``date_to`` (ISO strings); the current month is used otherwise. The
    figures are those of the company the report is rendered in."""

    _name = "report.desktomy_virtual_office.report_billing_summary"
    _description = "Billing Summary Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        # The client panel renders this report as superuser, after checking
        # that the user represents the client; nobody else outside the staff
        # may render it.
        if not self.env.su and not self.env.user._is_internal():
            raise AccessError(
                self.env._("Only the client panel can print this billing summary.")
            )
        data = data or {}
        try:
            date_from = fields.Date.to_date(data.get("date_from"))
            date_to = fields.Date.to_date(data.get("date_to"))
        except ValueError as error:
            raise UserError(self.env._("The billing period is not valid.")) from error
        date_from = date_from or month_bounds(fields.Date.context_today(self))[0]
        date_to = date_to or month_bounds(date_from)[1]
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
