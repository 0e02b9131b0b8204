# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    desktomy_client_id = fields.Many2one(
        comodel_name="res.partner",
        string="Virtual Office Client",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The client whose month of virtual-office services this invoice "
        "bills (the invoice goes to its invoice address).",
    )
    desktomy_billing_month = fields.Date(
        string="Billed Month",
        readonly=True,
        copy=False,
        help="First day of the month of virtual-office services this invoice bills.",
    )
    desktomy_usage_count = fields.Integer(
        string="Usage Lines",
        compute="_compute_desktomy_usage_count",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    def _compute_desktomy_usage_count(self):
        counts = dict(
            self.env["desktomy.service.usage"]._read_group(
                [("invoice_line_id.move_id", "in", self.ids)],
                groupby=["invoice_id"],
                aggregates=["__count"],
            )
        )
        for move in self:
            move.desktomy_usage_count = counts.get(move, 0)

    def action_desktomy_view_usage(self):
        """The usage lines this invoice charged."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "desktomy_virtual_office.desktomy_service_usage_action"
        )
        action["domain"] = [("invoice_line_id.move_id", "=", self.id)]
        action["context"] = {"create": False}
        action["view_mode"] = "list,form,pivot,graph"
        action["views"] = [
            (view_id, kind)
            for view_id, kind in action.get("views", [])
            if kind in ("list", "form")
        ] or [(False, "list"), (False, "form")]
        return action

    # ------------------------------------------------------------------
    # An invoiced month reopens only for an accounting manager
    # ------------------------------------------------------------------

    def _desktomy_invoices(self):
        return self.filtered("desktomy_billing_month")

    def write(self, vals):
        if vals.get("state") == "cancel":
            invoices = self._desktomy_invoices().filtered(
                lambda move: move.state != "cancel"
            )
            if invoices:
                self.env["desktomy.billing.invoice"]._reopen(invoices)
        return super().write(vals)

    def button_draft(self):
        if any(move.state == "cancel" for move in self._desktomy_invoices()):
            raise UserError(
                self.env._(
                    "A cancelled invoice of a client's month stays cancelled: "
                    "invoice the month again from the billing summaries."
                )
            )
        return super().button_draft()

    @api.ondelete(at_uninstall=False)
    def _unlink_desktomy_reopen(self):
        invoices = self._desktomy_invoices().filtered(
            lambda move: move.state != "cancel"
        )
        if invoices:
            self.env["desktomy.billing.invoice"]._reopen(invoices)
