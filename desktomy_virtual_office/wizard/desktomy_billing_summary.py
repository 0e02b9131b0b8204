# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import format_date

from ..models.product_template import SERVICE_KINDS


def _month_bounds(day):
    first = day.replace(day=1)
    return first, first + relativedelta(months=1, days=-1)


class DesktomyBillingSummary(models.TransientModel):
    """Back-office screen of billing summaries: one line per client, sortable."""

    _name = "desktomy.billing.summary"
    _description = "Billing Summary"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: _month_bounds(fields.Date.context_today(self))[0],
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: _month_bounds(fields.Date.context_today(self))[1],
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Clients",
        domain=[("desktomy_is_client", "=", True)],
        help="Leave empty for all clients.",
    )
    client_line_ids = fields.One2many(
        comodel_name="desktomy.billing.summary.client",
        inverse_name="summary_id",
        string="Summaries",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        default=lambda self: self.env.company.currency_id,
    )
    package_fee = fields.Monetary(string="Package Fees", readonly=True)
    usage_amount = fields.Monetary(string="Services beyond Packages", readonly=True)
    total = fields.Monetary(readonly=True)
    xlsx_file = fields.Binary(string="XLSX File", readonly=True, attachment=False)

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        for summary in self:
            summary.display_name = self.env._(
                "Billing summary %(date_from)s - %(date_to)s",
                date_from=format_date(self.env, summary.date_from),
                date_to=format_date(self.env, summary.date_to),
            )

    @api.model
    def action_open(self):
        """Open the summaries of every client for the current month."""
        summary = self.create({})
        summary._compute_summary()
        return summary._action_reopen()

    def _action_reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Summaries"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def _get_partners(self):
        self.ensure_one()
        return self.partner_ids or self.env["res.partner"].search(
            [("desktomy_is_client", "=", True)]
        )

    def _compute_summary(self):
        """Fill the client and detail lines from the billing summary function."""
        self.ensure_one()
        summaries = self.env["desktomy.service.usage"]._get_billing_summary(
            self._get_partners(), self.date_from, self.date_to
        )
        client_vals = []
        for summary in summaries.values():
            client_vals.append(
                Command.create(
                    {
                        "partner_id": summary["partner"].id,
                        "package_id": summary["package"].id,
                        "package_fee": summary["package_fee"],
                        "usage_amount": summary["usage_amount"],
                        "total": summary["total"],
                    }
                )
            )
        values = list(summaries.values())
        self.write(
            {
                "client_line_ids": [Command.clear()] + client_vals,
                "package_fee": sum(s["package_fee"] for s in values),
                "usage_amount": sum(s["usage_amount"] for s in values),
                "total": sum(s["total"] for s in values),
                "xlsx_file": False,
            }
        )
        # Read the lines back in their order (highest total first).
        self.invalidate_recordset(["client_line_ids"])

    def action_compute(self):
        self._compute_summary()
        return self._action_reopen()

    def _shift_month(self, months):
        self.ensure_one()
        first, last = _month_bounds(self.date_from + relativedelta(months=months))
        self.write({"date_from": first, "date_to": last})
        return self.action_compute()

    def action_previous_month(self):
        return self._shift_month(-1)

    def action_next_month(self):
        return self._shift_month(1)

    def action_print_pdf(self):
        self.ensure_one()
        partners = self.client_line_ids.partner_id
        if not partners:
            raise UserError(self.env._("There is no summary to print."))
        return self.env.ref(
            "desktomy_virtual_office.action_report_billing_summary"
        ).report_action(
            partners,
            data={
                "date_from": fields.Date.to_string(self.date_from),
                "date_to": fields.Date.to_string(self.date_to),
            },
        )

    def _get_xlsx_content(self):
        """Return the summary as an XLSX workbook (bytes)."""
        self.ensure_one()
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
        for line in self.client_line_ids:
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
        sheet.write_number(row, 3, self.package_fee, money)
        sheet.write_number(row, 4, self.usage_amount, money)
        sheet.write_number(row, 5, self.total, money)
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
            self.client_line_ids.partner_id, self.date_from, self.date_to
        )
        for line in self.client_line_ids:
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

    def action_export_xlsx(self):
        self.ensure_one()
        self.xlsx_file = base64.b64encode(self._get_xlsx_content())
        date_from = fields.Date.to_string(self.date_from)
        date_to = fields.Date.to_string(self.date_to)
        filename = f"billing-summary-{date_from}-{date_to}.xlsx"
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/xlsx_file/{filename}"
            "?download=true",
            "target": "self",
        }


class DesktomyBillingSummaryClient(models.TransientModel):
    _name = "desktomy.billing.summary.client"
    _description = "Billing Summary of a Client"
    _order = "total desc, id"

    summary_id = fields.Many2one(
        comodel_name="desktomy.billing.summary",
        required=True,
        ondelete="cascade",
        index=True,
    )
    partner_id = fields.Many2one(comodel_name="res.partner", string="Client")
    client_number = fields.Char(related="partner_id.desktomy_client_number")
    package_id = fields.Many2one(comodel_name="desktomy.package")
    currency_id = fields.Many2one(related="summary_id.currency_id")
    date_from = fields.Date(related="summary_id.date_from")
    date_to = fields.Date(related="summary_id.date_to")
    package_fee = fields.Monetary()
    usage_amount = fields.Monetary(string="Services beyond Package")
    total = fields.Monetary()
    detail_html = fields.Html(
        string="Services",
        compute="_compute_detail_html",
        sanitize=False,
        help="Per-service table of the client, computed when the line is opened.",
    )

    @api.depends("partner_id", "date_from", "date_to")
    def _compute_detail_html(self):
        Usage = self.env["desktomy.service.usage"]
        self.detail_html = False
        for summary, lines in self.grouped("summary_id").items():
            lines = lines.filtered("partner_id")
            if not summary.date_from or not summary.date_to or not lines:
                continue
            summaries = Usage._get_billing_summary(
                lines.partner_id, summary.date_from, summary.date_to
            )
            for line in lines:
                line.detail_html = self.env["ir.qweb"]._render(
                    "desktomy_virtual_office.billing_summary_detail_table",
                    {"summary": summaries[line.partner_id.id]},
                )

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref(
            "desktomy_virtual_office.action_report_billing_summary"
        ).report_action(
            self.partner_id,
            data={
                "date_from": fields.Date.to_string(self.date_from),
                "date_to": fields.Date.to_string(self.date_to),
            },
        )
