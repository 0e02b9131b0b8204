# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The handover's fields on the item stay beside the handover model.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import UserError

#: Fields that mail.thread may still write on a confirmed handover
#: (followers, main attachment); everything else is frozen.
_MAIL_THREAD_PREFIXES = ("message_", "activity_")


class DesktomyMailHandover(models.Model):
    _name = "desktomy.mail.handover"
    _description = "Mail Handover"
    _inherit = ["mail.thread"]
    _order = "handover_datetime desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("done", "Confirmed")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    handover_datetime = fields.Datetime(
        string="Handed Over On",
        required=True,
        readonly=True,
        default=fields.Datetime.now,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Desk User",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    collector_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Authorised Person",
        readonly=True,
    )
    collector_name = fields.Char(string="Collector", readonly=True)
    collector_id_number = fields.Char(string="Identity Document Number", readonly=True)
    collector_authorized = fields.Boolean(
        string="Collector Authorised",
        readonly=True,
        help="The collector is an authorised person of every company handed over.",
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="desktomy_mail_handover_partner_rel",
        column1="handover_id",
        column2="partner_id",
        string="Clients",
        readonly=True,
    )
    mail_ids = fields.One2many(
        comodel_name="desktomy.mail",
        inverse_name="handover_id",
        string="Items",
        readonly=True,
    )
    mail_count = fields.Integer(string="Item Count", readonly=True)
    digital_confirmation = fields.Boolean(readonly=True)
    signature = fields.Image(attachment=True, copy=False, readonly=True)
    receipt_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Receipt",
        readonly=True,
        copy=False,
    )
    receipt_sha256 = fields.Char(
        string="Receipt SHA-256",
        readonly=True,
        copy=False,
        help="Checksum of the receipt file at handover; a copy of the receipt "
        "is genuine when its SHA-256 equals this value.",
    )
    correction_of_id = fields.Many2one(
        comodel_name="desktomy.mail.handover",
        string="Corrects",
        readonly=True,
        help="A confirmed handover cannot be changed: a correction is a new "
        "handover that refers to the one it corrects.",
    )
    note = fields.Text(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "desktomy.mail.handover"
                ) or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        if any(rec.state == "done" for rec in self) and not all(
            key.startswith(_MAIL_THREAD_PREFIXES) for key in vals
        ):
            raise UserError(
                self.env._(
                    "A confirmed handover cannot be changed: %(names)s. Record a "
                    "correction as a new handover with a note instead.",
                    names=", ".join(self.mapped("name")),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        done = self.filtered(lambda rec: rec.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "A confirmed handover cannot be deleted: %(names)s.",
                    names=", ".join(done.mapped("name")),
                )
            )

    def _desktomy_render_receipt(self):
        """Render the receipt once and return ``(content, file_name, mimetype)``.

        In test mode the report engine returns HTML unless the context forces a
        real rendering, so the file name follows the format actually returned.
        """
        self.ensure_one()
        content, fmt = self.env["ir.actions.report"]._render_qweb_pdf(
            "desktomy_virtual_office.desktomy_mail_handover_report_action",
            res_ids=self.ids,
        )
        fmt = fmt or "pdf"
        mimetype = "application/pdf" if fmt == "pdf" else "text/html"
        file_name = self.env._("Receipt-%(name)s.%(ext)s", name=self.name, ext=fmt)
        return content, file_name.replace("/", "-"), mimetype


class DesktomyMail(models.Model):
    _inherit = "desktomy.mail"

    handover_id = fields.Many2one(
        comodel_name="desktomy.mail.handover",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    receipt_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Receipt Confirmation",
        compute="_compute_receipt_attachment_id",
        help="The signed receipt confirmation attached to this item at handover.",
    )
    receipt_name = fields.Char(compute="_compute_receipt_attachment_id")

    @api.depends("handover_id.receipt_attachment_id")
    def _compute_receipt_attachment_id(self):
        handed = self.filtered("handover_id.receipt_attachment_id")
        found = {}
        if handed:
            receipts = handed.handover_id.receipt_attachment_id.sudo()
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", handed.ids),
                        ("checksum", "in", receipts.mapped("checksum")),
                    ]
                )
            )
            found = {att.res_id: att.id for att in attachments}
        for item in self:
            attachment = self.env["ir.attachment"].browse(found.get(item.id))
            item.receipt_attachment_id = attachment
            item.receipt_name = attachment.sudo().name

    def action_desktomy_open_receipt(self):
        """Open (or download) the receipt confirmation of this item."""
        self.ensure_one()
        if not self.receipt_attachment_id:
            raise UserError(self.env._("This item has no receipt confirmation."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.receipt_attachment_id.id}?download=true",
            "target": "new",
        }
