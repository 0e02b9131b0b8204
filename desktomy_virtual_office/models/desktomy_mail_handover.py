# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The handover's fields on the item stay beside the handover model.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

#: Fields that mail.thread may still write on a confirmed handover
#: (followers, main attachment); everything else is frozen.
_MAIL_THREAD_PREFIXES = ("message_", "activity_")


def _copy_for_documents(record, res_ids):
    """Insert one copy of ``record`` per id of ``res_ids``, in one query.

    ``record`` is a ``mail.message`` or ``ir.attachment`` just created by the
    ORM for one document; the copies are the same row (every stored column)
    for the other documents ``res_ids`` of the same model. Used where the ORM
    would write a thousand identical rows one by one (chatter notes of
    ``_message_log_batch``, attachments sharing one stored file).

    :return: the ids of the copies
    """
    if not res_ids:
        return []
    model = record.env[record._name]
    columns = [
        name
        for name, field in model._fields.items()
        if field.store and field.column_type and name not in ("id", "res_id")
    ]
    record.flush_recordset()
    record.env.cr.execute(
        SQL(
            """
            INSERT INTO %(table)s (%(columns)s, res_id)
            SELECT %(columns)s, documents.res_id
              FROM %(table)s, unnest(%(res_ids)s::int4[]) AS documents(res_id)
             WHERE %(table)s.id = %(id)s
            RETURNING id
            """,
            table=SQL.identifier(model._table),
            columns=SQL(", ").join(SQL.identifier(name) for name in columns),
            res_ids=list(res_ids),
            id=record.id,
        )
    )
    return [row[0] for row in record.env.cr.fetchall()]


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
        index=True,
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

    def _desktomy_receipt_clients(self, client_ids=None):
        """Clients listed on the receipt: all of the handover, or, for a
        client's copy (``client_ids``, a list of ids), only those."""
        self.ensure_one()
        if client_ids is None or client_ids is False:
            return self.partner_ids
        return self.partner_ids.filtered(lambda client: client.id in client_ids)

    def _desktomy_receipt_groups(self, clients=None):
        """The receipt's tables: ``[(client, items)]``, in the order of the
        clients (``clients``, by default all of the handover)."""
        self.ensure_one()
        if clients is None:
            clients = self._desktomy_receipt_clients()
        by_client = self.mail_ids.grouped("partner_id")
        return [
            (client, by_client[client]) for client in clients if client in by_client
        ]

    def _desktomy_render_client_copy(self, clients):
        """Render the receipt as a copy for ``clients``: the same signature and
        header, but only their items, so that a client never sees another
        company's mail. The office keeps the original (all clients).

        The copy is the second report on the same document,
        ``desktomy_mail_handover_client_copy_report_action``, given the
        clients as ``data={"desktomy_client_ids": [...]}``.

        :return: ``(content, file_name, mimetype)``
        """
        self.ensure_one()
        content, fmt = self.env["ir.actions.report"]._render_qweb_pdf(
            "desktomy_virtual_office.desktomy_mail_handover_client_copy_report_action",
            res_ids=self.ids,
            data={"desktomy_client_ids": clients.ids},
        )
        fmt = fmt or "pdf"
        mimetype = "application/pdf" if fmt == "pdf" else "text/html"
        numbers = "-".join(
            client.desktomy_client_number or str(client.id) for client in clients
        )
        file_name = self.env._(
            "Receipt-%(name)s-%(clients)s.%(ext)s",
            name=self.name,
            clients=numbers,
            ext=fmt,
        )
        return content, file_name.replace("/", "-"), mimetype

    def _desktomy_receipt_kind_labels(self):
        """``{kind: label}`` of the items, in the language of the report."""
        self.ensure_one()
        env = self.with_context(lang=self.user_id.lang or self.env.lang).env
        return dict(env["desktomy.mail"]._fields["kind"]._description_selection(env))

    def _desktomy_attach_receipt(self, items, content, file_name, mimetype):
        """Attach the receipt to the handover and to each of ``items``.

        The file is stored once (the filestore keeps one file per checksum);
        each item gets its own attachment of that file, so that the receipt
        shows on the item and its access follows the item. The handover's
        attachment and the first item's are created by the ORM, the others
        are copies of the first item's, in one query.

        :return: the handover's attachment
        """
        self.ensure_one()
        targets = [(self._name, self.id)] + [
            (items._name, item.id) for item in items[:1]
        ]
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": file_name,
                        "raw": content,
                        "mimetype": mimetype,
                        "res_model": model,
                        "res_id": res_id,
                    }
                    for model, res_id in targets
                ]
            )
        )
        if len(attachments) > 1:
            _copy_for_documents(attachments[1], items[1:].ids)
            self.env["ir.attachment"].invalidate_model()
        return attachments[0]

    def _desktomy_log_items(self, items):
        """Log the handover in the chatter of every item of ``items``.

        One note per item, as ``_message_log_batch`` writes them (the same
        values for every document): the first through the ORM, the others as
        copies of it, in one query.
        """
        self.ensure_one()
        if not items:
            return
        body = self.env._(
            "Handed over to %(collector)s (%(handover)s).",
            collector=self.collector_name,
            handover=self.name,
        )
        message = items[:1]._message_log_batch({items[:1].id: body})
        _copy_for_documents(message, items[1:].ids)
        self.env["mail.message"].invalidate_model()
        items.invalidate_recordset()


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
