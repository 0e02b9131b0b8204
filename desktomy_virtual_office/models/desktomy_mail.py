# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

STATES = [
    ("received", "Received"),
    ("notified", "Notified"),
    ("collected", "Collected"),
    ("forwarded", "Forwarded"),
    ("returned", "Returned to sender"),
    ("shredded", "Shredded"),
]
#: States in which an item still lies at the desk, waiting for pickup.
WAITING_STATES = ("received", "notified")
#: Context key a caller sets once the user confirmed moving an item out of
#: "collected" (the guarded status of DESKTOMY 2.19).
CONFIRM_LEAVE_COLLECTED = "desktomy_confirm_leave_collected"


class DesktomyMail(models.Model):
    _name = "desktomy.mail"
    _description = "Correspondence Item"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "received_datetime desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "sender", "tracking_number", "partner_id"]

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain=[("desktomy_is_client", "=", True)],
    )
    received_datetime = fields.Datetime(
        string="Received On",
        required=True,
        index=True,
        default=fields.Datetime.now,
        tracking=True,
    )
    sender = fields.Char(tracking=True)
    kind = fields.Selection(
        selection=[
            ("letter", "Letter"),
            ("registered", "Registered letter"),
            ("parcel", "Parcel"),
            ("other", "Other"),
        ],
        required=True,
        default="letter",
        tracking=True,
    )
    tracking_number = fields.Char(index="btree_not_null", tracking=True)
    scan_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="desktomy_mail_scan_rel",
        column1="mail_id",
        column2="attachment_id",
        string="Scans",
        copy=False,
    )
    scan_count = fields.Integer(compute="_compute_scan_count")
    notify_with_attachment = fields.Boolean(
        string="Send e-mail notification with attachment",
        default=True,
        help="The client's notification e-mail carries the scans of this item.",
    )
    state = fields.Selection(
        selection=STATES,
        string="Status",
        required=True,
        default="received",
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    notified_datetime = fields.Datetime(string="Notified On", readonly=True, copy=False)
    collected_datetime = fields.Datetime(
        string="Handed Over On", readonly=True, copy=False, tracking=True
    )
    collector_name = fields.Char(
        string="Collected By", readonly=True, copy=False, tracking=True
    )
    note = fields.Text(string="Internal Note")

    @api.depends("scan_ids")
    def _compute_scan_count(self):
        for item in self:
            item.scan_count = len(item.scan_ids)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == self.env._("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("desktomy.mail") or self.env._("New")
        items = super().create(vals_list)
        items._link_scans()
        return items

    def write(self, vals):
        if "state" in vals:
            self._check_leave_collected(vals["state"])
        res = super().write(vals)
        if "scan_ids" in vals:
            self._link_scans()
        return res

    def _check_leave_collected(self, new_state):
        """Refuse moving an item out of "collected" without explicit confirmation.

        The user interface asks "Are you sure?" first and then passes the
        confirmation in the context; scripts, imports and RPC calls must do so
        too, so that a handed-over item never slips back silently.
        """
        if new_state == "collected" or self.env.context.get(CONFIRM_LEAVE_COLLECTED):
            return
        leaving = self.filtered(lambda item: item.state == "collected")
        if leaving:
            raise UserError(
                self.env._(
                    "These items were already collected: %(items)s. Changing the "
                    "status of collected mail needs an explicit confirmation.",
                    items=", ".join(leaving.mapped("display_name")),
                )
            )

    def _link_scans(self):
        """Attach uploaded scans to their item, so that access follows the item."""
        for item in self:
            orphans = item.scan_ids.filtered(
                lambda a, item=item: a.res_model != item._name or a.res_id != item.id
            )
            if orphans:
                orphans.sudo().write({"res_model": item._name, "res_id": item.id})

    def action_set_state(self, state):
        """Change the status from the user interface, after the user confirmed.

        The status bar widget calls this once the user answered the "Are you
        sure?" question for collected mail.
        """
        if state not in dict(STATES):
            raise UserError(self.env._("Unknown status: %(state)s", state=state))
        self.with_context(**{CONFIRM_LEAVE_COLLECTED: True}).write({"state": state})
        return True
