# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ..models.desktomy_billing_rule import month_bounds
from ..models.product_template import SERVICE_KINDS


class DesktomyBillingSummary(models.TransientModel):
    """Choice of the billing period of the summaries screen, and its XLSX export.

    The summaries themselves are the rows of ``desktomy.billing.report``.
    """

    _name = "desktomy.billing.summary"
    _description = "Billing Summary Period"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: month_bounds(fields.Date.context_today(self))[0],
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: month_bounds(fields.Date.context_today(self))[1],
    )
    xlsx_file = fields.Binary(string="XLSX File", readonly=True, attachment=False)

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        for summary in self:
            summary.display_name = self.env._(
                "Billing summary %(date_from)s - %(date_to)s",
                date_from=format_date(self.env, summary.date_from),
                date_to=format_date(self.env, summary.date_to),
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        if any(summary.date_from > summary.date_to for summary in self):
            raise ValidationError(
                self.env._("The start of the period must be before its end.")
            )

    def _get_report(self):
        """``desktomy.billing.report`` for the period of this wizard."""
        self.ensure_one()
        Report = self.env["desktomy.billing.report"]
        return Report.with_context(
            **Report._period_context(self.date_from, self.date_to)
        )

    def action_apply(self):
        """Show the summaries of the chosen period (instead of the current ones)."""
        self.ensure_one()
        action = self.env["desktomy.billing.report"].action_open(
            self.date_from, self.date_to
        )
        action["target"] = "main"
        return action

    def action_export_xlsx(self):
        self.ensure_one()
        return self._action_download_xlsx(self._get_report().search([]))

    def _action_download_xlsx(self, rows):
        """Store the XLSX of ``rows`` (``desktomy.billing.report``) on the
        period and return the action that downloads it."""
        self.ensure_one()
        self.xlsx_file = base64.b64encode(self._get_xlsx_content(rows))
        date_from = fields.Date.to_string(self.date_from)
        date_to = fields.Date.to_string(self.date_to)
        filename = f"billing-summary-{date_from}-{date_to}.xlsx"
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/{filename}"
            "?download=true",
            "target": "download",
        }

    def _get_xlsx_content(self, rows):
        """Return the summary ``rows`` of the period as an XLSX workbook (bytes).

        An export, not a page load: the per-service sheet computes the summary
        of every client with ``_get_billing_summary``.
        """
        self.ensure_one()
        rows = self._get_report().browse(rows.ids)
        kinds = dict(SERVICE_KINDS)
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        period = self.env._(
            "Billing summary %(date_from)s - %(date_to)s",
            date_from=fields.Date.to_string(self.date_from),
            date_to=fields.Date.to_string(self.date_to),
        )
        sheet = workbook.add_worksheet(self.env._("Clients"))
        sheet.write(0, 0, period, bold)
        headers = [
            self.env._("Client Number"),
            self.env._("Client"),
            self.env._("Package"),
            self.env._("Package Fee"),
            self.env._("Services beyond Package"),
            self.env._("Total"),
        ]
        sheet.write_row(2, 0, headers, bold)
        row = 3
        for line in rows:
            sheet.write_row(
                row,
                0,
                [
                    line.partner_id.desktomy_client_number or "",
                    line.partner_id.display_name,
                    line.package_id.display_name or "",
                ],
            )
            sheet.write_number(row, 3, line.package_fee, money)
            sheet.write_number(row, 4, line.usage_amount, money)
            sheet.write_number(row, 5, line.total, money)
            row += 1
        sheet.write(row, 0, self.env._("Total"), bold)
        sheet.write_number(row, 3, sum(rows.mapped("package_fee")), money)
        sheet.write_number(row, 4, sum(rows.mapped("usage_amount")), money)
        sheet.write_number(row, 5, sum(rows.mapped("total")), money)
        sheet.set_column(0, 0, 14)
        sheet.set_column(1, 2, 32)
        sheet.set_column(3, 5, 16)

        details = workbook.add_worksheet(self.env._("Services"))
        details.write(0, 0, period, bold)
        headers = [
            self.env._("Client"),
            self.env._("Service"),
            self.env._("Service Kind"),
            self.env._("Used"),
            self.env._("Included in package"),
            self.env._("Billable"),
            self.env._("Unit Price"),
            self.env._("Amount"),
            self.env._("Remaining in Package"),
        ]
        details.write_row(2, 0, headers, bold)
        row = 3
        summaries = self.env["desktomy.service.usage"]._get_billing_summary(
            rows.partner_id, self.date_from, self.date_to
        )
        for line in rows:
            for detail in summaries[line.partner_id.id]["lines"]:
                details.write_row(
                    row,
                    0,
                    [
                        line.partner_id.display_name,
                        detail["name"] or "",
                        kinds.get(detail["kind"], ""),
                        detail["quantity"],
                        detail["included"],
                        detail["billable"],
                    ],
                )
                details.write_number(row, 6, detail["unit_price"], money)
                details.write_number(row, 7, detail["amount"], money)
                details.write_number(row, 8, detail["remaining"])
                row += 1
        details.set_column(0, 2, 28)
        details.set_column(3, 8, 14)
        workbook.close()
        return output.getvalue()
