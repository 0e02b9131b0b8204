# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL, format_date

from ..tools.action_token import ActionToken
from ..tools.mail_queue import trigger_mail_queue

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
#: Final states an item leaves the desk in by an action of its own.
DISPOSITION_STATES = ("forwarded", "returned", "shredded")
#: Context key of the lifecycle (see ``LIFECYCLE_TOKEN``).
LIFECYCLE_KEY = "desktomy_lifecycle"


#: Lets the lifecycle actions write the fields only they may write (see
#: ``tools/action_token.py``).
LIFECYCLE_TOKEN = ActionToken(LIFECYCLE_KEY, "desktomy lifecycle action")
#: Fields written only by the lifecycle actions (notify, handover, forward,
#: return, shred, reversal, reset).
LIFECYCLE_FIELDS = frozenset(
    {
        "state",
        "notified_datetime",
        "collected_datetime",
        "collector_name",
        "handover_id",
        "disposition_datetime",
        "disposition_user_id",
        "forward_address",
        "forward_carrier",
        "forward_tracking_number",
        "forward_postage",
    }
)
#: Fields printed on a receipt: frozen while the item is collected.
RECEIPT_FIELDS = frozenset(
    {
        "partner_id",
        "company_id",
        "name",
        "kind",
        "sender",
        "tracking_number",
        "received_datetime",
    }
)
#: Context key set by the "Send notification" buttons of the user interface:
#: a missing scan then opens the alert dialog instead of raising an error.
NOTIFY_FROM_UI = "desktomy_notify_from_ui"
#: Context key carrying the user's explicit "Send anyway" decision of the
#: missing-attachment alert (DESKTOMY 2.19, "Alert o braku załącznika").
SEND_WITHOUT_ATTACHMENT = "desktomy_send_without_attachment"
#: Context key: register items without sending the e-mails on arrival to the
#: authorised persons who chose them (see desktomy.person.notice).
NO_ARRIVAL_NOTICE = "desktomy_no_arrival_notice"
#: Context key: register items without applying the clients' standing
#: instructions (see desktomy.standing.instruction).
NO_INSTRUCTIONS = "desktomy_no_instructions"
#: Services charged when an item enters a state.
STATE_SERVICE_KINDS = {
    "forwarded": "forwarding",
    "returned": "return",
    "shredded": "shredding",
}
OFFICE_USER = "desktomy_virtual_office.group_desktomy_user"
OFFICE_MANAGER = "desktomy_virtual_office.group_desktomy_manager"
#: Fields only the office administrator may write (see ``_desktomy_check_legal_hold``).
LEGAL_HOLD_FIELDS = frozenset({"legal_hold", "legal_hold_reason"})
#: Items and notices a call of the deadline cron handles at most.
OFFICIAL_BATCH_SIZE = 200
#: States of a closed item, with the field holding when it was closed.
CLOSED_DATE_FIELDS = {
    "collected": "collected_datetime",
    "forwarded": "disposition_datetime",
    "returned": "disposition_datetime",
    "shredded": "disposition_datetime",
}


class DesktomyMail(models.Model):
    _name = "desktomy.mail"
    _description = "Correspondence Item"
    _inherit = ["mail.thread", "mail.activity.mixin", "desktomy.domain.guard"]
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
        ondelete="restrict",
        domain=[("desktomy_is_client", "=", True)],
    )
    partner_overdue_amount = fields.Monetary(
        string="Client's Overdue Invoices",
        related="partner_id.desktomy_overdue_amount",
        currency_field="partner_overdue_currency_id",
        groups="desktomy_virtual_office.group_desktomy_user",
        help="Shown at intake: the client has unpaid invoices past their due "
        "date. The mail is registered all the same.",
    )
    partner_overdue_currency_id = fields.Many2one(
        related="partner_id.desktomy_overdue_currency_id",
        groups="desktomy_virtual_office.group_desktomy_user",
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
            ("postal_notice", "Postal notice"),
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
        groups="desktomy_virtual_office.group_desktomy_user",
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
    notified_datetime = fields.Datetime(
        string="Notified On",
        readonly=True,
        copy=False,
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    notification_ids = fields.Many2many(
        comodel_name="desktomy.mail.notification",
        relation="desktomy_mail_notification_item_rel",
        column1="item_id",
        column2="notification_id",
        string="Notifications",
        readonly=True,
        copy=False,
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    collected_datetime = fields.Datetime(
        string="Handed Over On", readonly=True, copy=False, tracking=True
    )
    collector_name = fields.Char(
        string="Collected By", readonly=True, copy=False, tracking=True
    )
    disposition_datetime = fields.Datetime(
        string="Closed On",
        readonly=True,
        copy=False,
        tracking=True,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="When the item was forwarded, returned to its sender or shredded.",
    )
    disposition_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Closed By",
        readonly=True,
        copy=False,
        tracking=True,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="The desk user who forwarded, returned or shredded the item.",
    )
    forward_address = fields.Text(
        string="Forwarding Address",
        readonly=True,
        copy=False,
        tracking=True,
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    forward_carrier = fields.Char(
        string="Carrier",
        readonly=True,
        copy=False,
        tracking=True,
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    forward_tracking_number = fields.Char(
        string="Outgoing Tracking Number",
        readonly=True,
        copy=False,
        tracking=True,
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id",
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    forward_postage = fields.Monetary(
        string="Postage",
        readonly=True,
        copy=False,
        tracking=True,
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    note = fields.Text(
        string="Internal Note",
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    # the desk users who created and last changed the item: staff-only (the
    # log fields Odoo adds, as it defines them, with the office's group)
    create_uid = fields.Many2one(
        "res.users",
        string="Created by",
        automatic=True,
        readonly=True,
        groups=OFFICE_USER,
    )
    write_uid = fields.Many2one(
        "res.users",
        string="Last Updated by",
        automatic=True,
        readonly=True,
        groups=OFFICE_USER,
    )
    desktomy_usage_ids = fields.One2many(
        comodel_name="desktomy.service.usage",
        inverse_name="mail_id",
        string="Service Usage",
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    handover_id = fields.Many2one(
        comodel_name="desktomy.mail.handover",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    receipt_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Receipt Confirmation",
        compute="_compute_receipt_attachment_id",
        # the handover is staff-only: as superuser, the value is an
        # attachment id whose own access follows the item
        compute_sudo=True,
        help="The signed receipt confirmation attached to this item at handover.",
    )
    receipt_name = fields.Char(
        compute="_compute_receipt_attachment_id", compute_sudo=True
    )
    desktomy_access_log_ids = fields.One2many(
        comodel_name="desktomy.access.log",
        inverse_name="mail_id",
        string="Access Log",
        readonly=True,
        groups="desktomy_virtual_office.group_desktomy_manager",
        help="Who opened this item's scans and receipt, when, and how.",
    )
    request_ids = fields.Many2many(
        comodel_name="desktomy.mail.request",
        relation="desktomy_mail_request_item_rel",
        column1="mail_id",
        column2="request_id",
        readonly=True,
        copy=False,
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    pending_request_id = fields.Many2one(
        comodel_name="desktomy.mail.request",
        compute="_compute_pending_request_id",
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    legal_hold = fields.Boolean(
        copy=False,
        tracking=True,
        groups=OFFICE_USER,
        help="An item on legal hold is never purged under the retention rules "
        "(its scans, signatures, identity numbers and e-mails stay). Set by "
        "the office administrator.",
    )
    legal_hold_reason = fields.Char(
        copy=False,
        tracking=True,
        groups=OFFICE_USER,
    )
    # official mail and postal notices (see the end of the class)
    is_official = fields.Boolean(
        string="Official",
        copy=False,
        tracking=True,
        help="A letter from a court, a tax office, ZUS, a register or another "
        "authority: it may start a legal deadline. Set at intake when the "
        "sender matches an official sender; editable until the item is closed.",
    )
    notice_date = fields.Date(
        tracking=True,
        help="The date of the post's first notice (awizo) of a registered "
        "letter it could not hand over.",
    )
    notice_post_office = fields.Char(
        string="Post Office",
        help="Where the registered letter waits for collection.",
    )
    deemed_delivery_date = fields.Date(
        string="Counts as Delivered On",
        compute="_compute_deemed_delivery_date",
        store=True,
        index="btree_not_null",
        help="The notice date plus the office's notice period: the letter "
        "counts as delivered on this date whether or not it is collected.",
    )
    notice_state = fields.Selection(
        selection=[
            ("pending", "Letter not collected"),
            ("letter_received", "Letter received"),
            ("deemed_delivered", "Deemed delivered"),
        ],
        string="Notice Status",
        copy=False,
        tracking=True,
        index="btree_not_null",
    )
    postal_notice_id = fields.Many2one(
        comodel_name="desktomy.mail",
        index="btree_not_null",
        check_company=True,
        ondelete="set null",
        copy=False,
        groups=OFFICE_USER,
        domain="[('partner_id', '=', partner_id), ('kind', '=', 'postal_notice')]",
        help="The notice the post left for this registered letter.",
    )
    notice_letter_ids = fields.One2many(
        comodel_name="desktomy.mail",
        inverse_name="postal_notice_id",
        string="Collected Letters",
        groups=OFFICE_USER,
    )
    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "The reference of a correspondence item must be unique per company.",
        ),
    ]

    @api.depends("scan_ids")
    def _compute_scan_count(self):
        for item in self:
            item.scan_count = len(item.scan_ids)

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

    @api.depends("request_ids.state")
    def _compute_pending_request_id(self):
        for item in self:
            item.pending_request_id = item.request_ids.filtered(
                lambda r: r.state == "pending"
            )[:1]

    @api.model
    def default_get(self, fields_list):
        """In the "Register Mail" list, keep client and date between entries.

        A new row starts with the client and the received date and time of the
        user's last entry of the last hours, so that a pile of letters for one
        client is registered by typing only what differs.
        """
        defaults = super().default_get(fields_list)
        if not self.env.context.get("desktomy_intake"):
            return defaults
        last = self.search(
            [
                ("create_uid", "=", self.env.uid),
                ("company_id", "=", self.env.company.id),
                (
                    "create_date",
                    ">=",
                    fields.Datetime.subtract(fields.Datetime.now(), hours=4),
                ),
            ],
            order="id desc",
            limit=1,
        )
        if last:
            for fname in ("partner_id", "received_datetime"):
                if fname in fields_list and not self.env.context.get(
                    f"default_{fname}"
                ):
                    value = last[fname]
                    defaults[fname] = value.id if fname == "partner_id" else value
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        # References are drawn per company and day of receipt (the reference
        # carries the year of receipt), a batch at a time: see
        # _desktomy_next_references.
        todo = {}
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == self.env._("New"):
                received = vals.get("received_datetime")
                day = (
                    fields.Datetime.to_datetime(received).date()
                    if received
                    else fields.Date.today()
                )
                company_id = vals.get("company_id") or self.env.company.id
                todo.setdefault((company_id, day), []).append(vals)
        sequences = {}
        for (company_id, day), group in todo.items():
            if company_id not in sequences:
                sequences[company_id] = (
                    self.env["res.company"].browse(company_id)._desktomy_mail_sequence()
                )
            names = self._desktomy_next_references(
                sequences[company_id], day, len(group)
            )
            for vals, name in zip(group, names, strict=True):
                vals["name"] = name
        self._desktomy_check_lifecycle_create(vals_list)
        for vals in vals_list:
            self._desktomy_check_legal_hold({k: v for k, v in vals.items() if v})
        self._desktomy_official_prepare_vals(vals_list)
        items = super().create(vals_list)
        items._link_scans()
        items._desktomy_record_scans()
        for state, kind in STATE_SERVICE_KINDS.items():
            items.filtered(
                lambda item, s=state: item.state == s
            )._desktomy_record_usage(kind)
        items._desktomy_after_intake()
        items._desktomy_official_after_create()
        return items

    @api.model
    def _desktomy_next_references(self, sequence, day, count):
        """Draw ``count`` references of ``sequence`` for ``day`` at once.

        ``next_by_id`` costs two queries per reference (date range, number);
        registering a pile of 200 letters would grow by 400 queries. For the
        standard (gap-allowed) implementation the numbers are drawn from the
        PostgreSQL sequence in one query; other implementations use
        ``next_by_id``.
        """
        if sequence.implementation != "standard":
            return [sequence.next_by_id(sequence_date=day) for _i in range(count)]
        sequence.browse().check_access("read")
        current = sequence._get_current_sequence(sequence_date=day)
        if current._name == "ir.sequence.date_range":
            seq_name = f"ir_sequence_{sequence.id:03d}_{current.id:03d}"
            sequence = sequence.with_context(ir_sequence_date_range=current.date_from)
        else:
            seq_name = f"ir_sequence_{sequence.id:03d}"
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s) ORDER BY 1",
                seq_name,
                count,
            )
        )
        return [sequence.get_next_char(row[0]) for row in self.env.cr.fetchall()]

    def write(self, vals):
        self._desktomy_check_legal_hold(vals)
        self._desktomy_check_lifecycle_write(vals)
        if self._desktomy_official_write_needed(vals):
            return self._desktomy_official_write(vals)
        if "scan_ids" not in vals:
            res = super().write(vals)
            if vals.get("state") in STATE_SERVICE_KINDS:
                self._desktomy_record_usage(STATE_SERVICE_KINDS[vals["state"]])
            return res
        before = {
            item.id: set(item.sudo().scan_ids.filtered("file_size").ids)
            for item in self
        }
        res = super().write(vals)
        self._link_scans()
        self._desktomy_record_scans()
        if vals.get("state") in STATE_SERVICE_KINDS:
            self._desktomy_record_usage(STATE_SERVICE_KINDS[vals["state"]])
        # a scan request is done when each of its items has a scan since the
        # request was made
        just_scanned = self.filtered(
            lambda item: (
                set(item.sudo().scan_ids.filtered("file_size").ids) - before[item.id]
            )
        )
        requests = self._desktomy_pending_requests().filtered(
            lambda r: r.kind == "scan" and r._desktomy_items_scanned(just_scanned)
        )
        requests._desktomy_close("done")
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_handed_over(self):
        """An item listed on a confirmed handover is evidence: never deleted."""
        listed = self.filtered(lambda item: item.state == "collected")
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.mail_id
                  FROM desktomy_mail_handover_item_rel rel
                  JOIN desktomy_mail_handover h ON h.id = rel.handover_id
                 WHERE rel.mail_id = ANY(%s) AND h.state = 'done'
                """,
                self.ids,
            )
        )
        listed |= self.browse([row[0] for row in self.env.cr.fetchall()])
        if listed:
            raise UserError(
                self.env._(
                    "These items were handed over and are listed on a receipt; "
                    "they cannot be deleted: %(items)s",
                    items=", ".join(listed.mapped("display_name")),
                )
            )

    def unlink(self):
        requests = self._desktomy_pending_requests()
        res = super().unlink()
        requests.invalidate_recordset(["mail_ids"])
        # items registered by mistake: a request left without items is refused
        orphans = requests.exists().filtered(lambda r: not r.mail_ids)
        reasons = {}
        for request in orphans:
            env = self.with_context(lang=request.partner_id.lang or self.env.lang).env
            reasons[request.id] = env._(
                "The items of this request were registered by mistake."
            )
        orphans._desktomy_close("refused", reasons)
        return res

    def _desktomy_lifecycle_allowed(self):
        return LIFECYCLE_TOKEN.allows(self.env)

    def _desktomy_check_legal_hold(self, vals):
        """Only the office administrator places an item on legal hold or
        lifts it (for every path: form, list, import, RPC). Writing a value
        an item already has is not a change."""
        held = LEGAL_HOLD_FIELDS.intersection(vals)
        if (
            held
            and (
                not self
                or any(
                    self.sudo()._desktomy_changes(fname, vals[fname]) for fname in held
                )
            )
            and not self.env.su
            and not self.env.user.has_group(OFFICE_MANAGER)
        ):
            raise AccessError(
                self.env._(
                    "Only the office administrator can place an item on legal "
                    "hold or lift the hold."
                )
            )

    @api.model
    def _desktomy_check_lifecycle_create(self, vals_list):
        """New items start waiting at the desk, with no lifecycle record."""
        if self._desktomy_lifecycle_allowed():
            return
        for vals in vals_list:
            state = vals.get("state") or "received"
            recorded = [
                fname
                for fname in LIFECYCLE_FIELDS - {"state", "notified_datetime"}
                if vals.get(fname)
            ]
            if state not in WAITING_STATES or recorded:
                raise UserError(
                    self.env._(
                        "A new item starts as received (or notified) at the desk. "
                        "It becomes collected only through a handover, and "
                        "forwarded, returned or shredded only through its action."
                    )
                )

    def _desktomy_check_lifecycle_write(self, vals):
        """Refuse changes of the lifecycle outside of the lifecycle actions.

        The status and what the actions record (collector, handover, dates,
        forwarding details) change only through ``action_notify``, a handover
        (``desktomy.mail.handover.action_confirm``), ``action_mark_forwarded``,
        ``action_mark_returned``, ``action_mark_shredded`` and
        ``action_reset_received``, for every user and every path (form, list,
        import, RPC, other modules), the superuser included. While an item is
        collected, what its receipt shows is frozen too. Writing a value a
        record already has is not a change.
        """
        if not self or self._desktomy_lifecycle_allowed():
            return
        guarded = [fname for fname in vals if fname in LIFECYCLE_FIELDS]
        if any(self._desktomy_changes(fname, vals[fname]) for fname in guarded):
            raise UserError(
                self.env._(
                    "The status of an item and what its actions record (collector, "
                    "handover, dates, forwarding details) change only through the "
                    "item's actions: Send notification, Hand over mail, Mark as "
                    "forwarded, Return to sender, Mark as shredded, Reverse the "
                    "pickup. Nothing was changed."
                )
            )
        frozen = [fname for fname in vals if fname in RECEIPT_FIELDS]
        if frozen:
            collected = self.filtered(lambda item: item.state == "collected")
            if any(collected._desktomy_changes(fname, vals[fname]) for fname in frozen):
                raise UserError(
                    self.env._(
                        "These items were handed over and their receipt lists them "
                        "as they are: %(items)s. Reverse the pickup first to correct "
                        "them.",
                        items=", ".join(collected.mapped("display_name")),
                    )
                )

    def _desktomy_changes(self, fname, value):
        """Whether writing ``value`` to ``fname`` changes any record of ``self``."""
        field = self._fields[fname]
        for record in self:
            new = field.convert_to_record(field.convert_to_cache(value, record), record)
            if new != record[fname]:
                return True
        return False

    def _desktomy_lifecycle_write(self, vals):
        """Write ``vals`` as a lifecycle action (the only way to change them).

        Items that leave the desk close the pending requests they fulfil and
        refuse the others (see ``desktomy.mail.request``).
        """
        res = self.with_context(**LIFECYCLE_TOKEN.context()).write(vals)
        state = vals.get("state")
        if state and state not in WAITING_STATES:
            self._desktomy_pending_requests()._desktomy_close_on_items_leave(
                self, state
            )
        return res

    def _desktomy_lifecycle_write_many(self, vals):
        """``_desktomy_lifecycle_write`` of the same untracked ``vals`` on
        many items, in one ``UPDATE``.

        The ORM writes 100 rows per ``UPDATE``: a handover of 1,000 items took
        ten. Only the lifecycle's own plain columns may be written so (no
        translation, no inverse, no compute, nothing tracked: the caller logs
        the change itself); the cache and what depends on these fields are
        invalidated as ``write`` does, and the items' pending requests are
        closed as ``_desktomy_lifecycle_write`` closes them.
        """
        if not self:
            return True
        fnames = list(vals)
        for fname in fnames:
            field = self._fields[fname]
            if (
                fname not in LIFECYCLE_FIELDS
                or not (field.store and field.column_type)
                or field.translate
                or field.compute
                or field.inverse
            ):
                raise ValueError(f"{fname} cannot be written in one UPDATE")
        self.check_access("write")
        self.flush_recordset(fnames)
        self.modified(fnames, before=True)
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s, write_uid = %s, write_date = %s WHERE id = ANY(%s)",
                SQL.identifier(self._table),
                SQL(", ").join(
                    SQL(
                        "%s = %s",
                        SQL.identifier(fname),
                        self._fields[fname].convert_to_column_update(vals[fname], self),
                    )
                    for fname in fnames
                ),
                self.env.uid,
                self.env.cr.now(),
                self.ids,
            )
        )
        # the new values in the cache, as write() leaves them
        for fname in fnames:
            field = self._fields[fname]
            value = field.convert_to_cache(vals[fname], self)
            self.env.cache.update(self, field, [value] * len(self))
        self.invalidate_recordset(["write_uid", "write_date"], flush=False)
        self.modified(fnames)
        state = vals.get("state")
        if state and state not in WAITING_STATES:
            self._desktomy_pending_requests()._desktomy_close_on_items_leave(
                self, state
            )
        return True

    def _link_scans(self):
        """Attach uploaded scans to their item, so that access follows the item.

        Only files uploaded for an item (not yet linked to any document, or
        already linked to this item) may become its scans: linking the
        attachment of another document would move it away from that document
        and let the item's readers read it.
        """
        for item in self:
            orphans = item.scan_ids.filtered(
                lambda a, item=item: a.res_model != item._name or a.res_id != item.id
            )
            if not orphans:
                continue
            foreign = orphans.filtered(
                lambda a: (
                    (a.res_model not in (False, self._name) or a.res_id) or a.res_field
                )
            )
            if foreign:
                raise UserError(
                    self.env._(
                        "These files belong to another document and cannot be used "
                        "as scans: %(files)s",
                        files=", ".join(foreign.mapped("name")),
                    )
                )
            # the user must be able to read what they link (e.g. their upload)
            orphans.check_access("read")
            orphans.sudo().write({"res_model": item._name, "res_id": item.id})

    def action_set_state(self, state):
        """Status bar: move to ``state`` through the action that does it.

        Returns the action to run in the user interface: the handover wizard
        for "collected", the forwarding/return/shredding dialog, the
        notification (with the missing-attachment dialog), the reversal dialog
        (its confirmation and reason) when leaving "collected".
        """
        if state not in dict(STATES):
            raise UserError(self.env._("Unknown status: %(state)s", state=state))
        items = self.filtered(lambda item: item.state != state)
        if not items:
            return True
        if state == "collected":
            items._desktomy_check_waiting()
            return items._desktomy_open_handover_wizard()
        if state in DISPOSITION_STATES:
            items._desktomy_check_waiting()
            return items._desktomy_open_disposition_wizard(state)
        if items.filtered(lambda item: item.state == "collected"):
            return items._desktomy_open_reversal_wizard()
        if state == "notified":
            return items.with_context(**{NOTIFY_FROM_UI: True}).action_notify()
        return items.action_reset_received()

    def _desktomy_check_waiting(self):
        not_waiting = self.filtered(lambda item: item.state not in WAITING_STATES)
        if not_waiting:
            raise UserError(
                self.env._(
                    "Only items waiting for pickup can change to this status: "
                    "%(items)s",
                    items=", ".join(not_waiting.mapped("display_name")),
                )
            )

    def _desktomy_window_action(self, xmlid, context=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["context"] = dict(
            context or {}, active_model=self._name, active_ids=self.ids
        )
        return action

    def _desktomy_open_handover_wizard(self):
        return self._desktomy_window_action(
            "desktomy_virtual_office.desktomy_mail_handover_wizard_action",
            {"dialog_size": "extra-large"},
        )

    def _desktomy_open_disposition_wizard(self, state):
        return self._desktomy_window_action(
            "desktomy_virtual_office.desktomy_mail_disposition_wizard_action",
            {"default_disposition": state},
        )

    def _desktomy_open_reversal_wizard(self):
        return self._desktomy_window_action(
            "desktomy_virtual_office.desktomy_mail_reversal_wizard_action"
        )

    def _desktomy_move_waiting_to(self, state, vals=None):
        self.check_access("write")
        self._desktomy_check_waiting()
        self._desktomy_lifecycle_write(
            dict(
                vals or {},
                state=state,
                disposition_datetime=fields.Datetime.now(),
                disposition_user_id=self.env.uid,
            )
        )
        return True

    def action_mark_forwarded(
        self, address=None, carrier=None, tracking_number=None, postage=None
    ):
        """The item was forwarded to the client: records who, when, and how.

        The user interface asks for the address, the carrier, the outgoing
        tracking number and the postage; code may leave them out.
        """
        try:
            postage = float(postage or 0.0)
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("The postage must be an amount.")) from error
        if postage < 0:
            raise UserError(self.env._("The postage cannot be negative."))

        def text(value):
            return (value or "").strip() or False if isinstance(value, str) else False

        self._desktomy_check_overdue_hold()
        return self._desktomy_move_waiting_to(
            "forwarded",
            {
                "forward_address": text(address),
                "forward_carrier": text(carrier),
                "forward_tracking_number": text(tracking_number),
                "forward_postage": postage,
            },
        )

    def _desktomy_check_overdue_hold(self):
        """Refuse to let the mail of clients held for overdue invoices leave
        the office (their company's ``desktomy_hold_overdue_days``)."""
        for company in self.company_id:
            items = self.filtered(
                lambda item, company=company: item.company_id == company
            )
            held = items.partner_id._desktomy_held(company)
            if held:
                raise UserError(
                    self.env._(
                        "The mail of these clients is held for overdue invoices: "
                        "%(clients)s. Nothing was forwarded.",
                        clients=items.partner_id._desktomy_overdue_text(held, company),
                    )
                )

    def action_mark_returned(self):
        """The item was returned to its sender: records who and when."""
        return self._desktomy_move_waiting_to("returned")

    def action_mark_shredded(self):
        """The item was shredded on the client's instruction: records who and when."""
        return self._desktomy_move_waiting_to("shredded")

    def action_reset_received(self, reason=None):
        """Put the items back at the desk, waiting for pickup.

        A collected item is put back only by a reversal of its pickup, with a
        ``reason`` (required): it loses its collector, handover and receipt,
        and the confirmed handover keeps its original list and gets a
        reversal line (who, when, why). Items forwarded, returned or shredded
        by mistake are put back as received.
        """
        self.check_access("write")
        collected = self.filtered(lambda item: item.state == "collected")
        if collected:
            reason = reason.strip() if isinstance(reason, str) else ""
            if not reason:
                raise UserError(
                    self.env._(
                        "Reversing a pickup needs a reason: %(items)s. Nothing "
                        "was changed.",
                        items=", ".join(collected.mapped("display_name")),
                    )
                )
            collected._desktomy_reverse_pickup(reason)
        others = (self - collected).filtered(lambda item: item.state != "received")
        others._desktomy_lifecycle_write(
            {
                "state": "received",
                "disposition_datetime": False,
                "disposition_user_id": False,
                "forward_address": False,
                "forward_carrier": False,
                "forward_tracking_number": False,
                "forward_postage": 0.0,
            }
        )
        return True

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

    def _desktomy_reverse_pickup(self, reason):
        """Reverse the pickup of collected items, with the user's ``reason``.

        Each item becomes waiting (received) again and loses its collector,
        handover date, handover link and receipt; the confirmed handover is
        not changed (its list, receipt and client copies stay), and gets an
        append-only reversal line per item (who, when, why).
        """
        now = fields.Datetime.now()
        receipts = self.receipt_attachment_id
        self.env["desktomy.mail.handover.reversal"].with_context(
            **LIFECYCLE_TOKEN.context()
        ).create(
            [
                {
                    "handover_id": item.handover_id.id,
                    "mail_id": item.id,
                    "company_id": item.company_id.id,
                    "user_id": self.env.uid,
                    "reversal_datetime": now,
                    "reason": reason,
                }
                for item in self
            ]
        )
        bodies = {}
        for handover, items in self.grouped("handover_id").items():
            if handover:
                handover.sudo()._message_log(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "Pickup reversed for %(items)s by %(user)s. Reason: %(reason)s",
                        items=", ".join(items.mapped("name")),
                        user=self.env.user.name,
                        reason=reason,
                    )
                )
            for item in items:
                bodies[item.id] = Markup("<p>%s</p>") % self.env._(
                    "Pickup reversed (handover %(handover)s). Reason: %(reason)s",
                    handover=handover.name or "-",
                    reason=reason,
                )
        self._desktomy_lifecycle_write(
            {
                "state": "received",
                "collected_datetime": False,
                "collector_name": False,
                "handover_id": False,
            }
        )
        self._message_log_batch(bodies=bodies)
        # the items' copies of the receipt go; the handover keeps the original
        receipts.sudo().with_context(**LIFECYCLE_TOKEN.context()).unlink()

    def _desktomy_kind_label(self):
        """The kind of the item, in the language of the environment."""
        self.ensure_one()
        return dict(self._fields["kind"]._description_selection(self.env)).get(
            self.kind, ""
        )

    def _desktomy_scans_to_send(self):
        """The scans that go with the notification e-mail (non-empty files)."""
        return self.filtered("notify_with_attachment").scan_ids.filtered("file_size")

    def _desktomy_missing_scan_items(self):
        """Items that should carry their scan but have none (or only empty files).

        Only companies whose missing-attachment alert is on are checked.
        """
        return self.filtered(
            lambda item: (
                item.notify_with_attachment
                and item.company_id.desktomy_missing_attachment_alert
                and not item.scan_ids.filtered("file_size")
            )
        )

    def action_notify(self):
        """Notify the clients by e-mail of their items in ``self``.

        One e-mail per client (and company) lists all of that client's items;
        the scans of the items marked "Send e-mail notification with
        attachment" are attached. Items move from "received" to "notified".

        When an item should carry a scan and has none, nothing is sent: from
        the user interface (context ``desktomy_notify_from_ui``) the alert
        dialog opens, from code a ``UserError`` is raised, unless the caller
        passes the explicit "Send anyway" decision (context
        ``desktomy_send_without_attachment``).
        """
        if not self:
            raise UserError(self.env._("Select the items to notify."))
        self.check_access("write")
        not_waiting = self.filtered(lambda item: item.state not in WAITING_STATES)
        if not_waiting:
            raise UserError(
                self.env._(
                    "Only items waiting for pickup can be notified: %(items)s",
                    items=", ".join(not_waiting.mapped("display_name")),
                )
            )
        no_address = self.partner_id.filtered(
            lambda partner: not partner._desktomy_notification_emails()
        )
        if no_address:
            raise UserError(
                self.env._(
                    "These clients have no e-mail address for notifications: "
                    "%(clients)s",
                    clients=", ".join(no_address.mapped("display_name")),
                )
            )
        if not self.env.context.get(SEND_WITHOUT_ATTACHMENT):
            missing = self._desktomy_missing_scan_items()
            if missing:
                if self.env.context.get(NOTIFY_FROM_UI):
                    return self.env["desktomy.mail.notify.wizard"]._action_open(
                        self, missing
                    )
                raise UserError(
                    self.env._(
                        "These items should be sent with their scan, but have no "
                        "scan: %(items)s. Nothing was sent. Attach the scans, or "
                        'untick "Send e-mail notification with attachment", or '
                        "use the Send notification button and choose Send anyway.",
                        items=", ".join(missing.mapped("display_name")),
                    )
                )
        notifications = self._desktomy_send_notifications()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(mails)s e-mail(s) sent for %(items)s item(s).",
                    mails=len(notifications),
                    items=len(self),
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _desktomy_send_notifications(self):
        """Send the notification e-mails, update and log the items, in batch.

        :return: the ``desktomy.mail.notification`` records, one per e-mail
        """
        initial_states = {item.id: item.state for item in self}
        Notification = self.env["desktomy.mail.notification"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        )
        notifications = Notification.create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "item_ids": [Command.set(items.ids)],
                    "attachment_ids": [
                        Command.set(items._desktomy_scans_to_send().ids)
                    ],
                    "email_to": ", ".join(partner._desktomy_notification_emails()),
                }
                for (partner, company), items in self.grouped(
                    lambda item: (item.partner_id, item.company_id)
                ).items()
            ]
        )
        notifications._send()
        self.with_context(mail_notrack=True)._desktomy_lifecycle_write(
            {"state": "notified", "notified_datetime": fields.Datetime.now()}
        )
        self._desktomy_log_notifications(notifications, initial_states)
        self._desktomy_after_notify()
        return notifications

    def _desktomy_log_notifications(self, notifications, initial_states):
        """Log the notification in each item's chatter, with the status change.

        Tracking is done here in batch (one message per item, created in one
        go) instead of the per-record tracking of ``mail.thread``.
        """
        bodies = {}
        for notification in notifications:
            scans = notification.attachment_ids
            if scans:
                body = self.env._(
                    "Notification e-mail sent to %(emails)s with %(count)s scan(s).",
                    emails=notification.email_to,
                    count=len(scans),
                )
            else:
                body = self.env._(
                    "Notification e-mail sent to %(emails)s without scan.",
                    emails=notification.email_to,
                )
            for item in notification.item_ids:
                bodies[item.id] = Markup("<p>%s</p>") % body
        messages = self._message_log_batch(bodies=bodies)
        message_by_item = {message.res_id: message for message in messages}
        Tracking = self.env["mail.tracking.value"].sudo()
        col_info = self.fields_get(
            ["state"], attributes=("string", "type", "selection")
        )["state"]
        tracking_vals = []
        for item in self:
            if initial_states[item.id] == item.state:
                continue
            vals = Tracking._create_tracking_values(
                initial_states[item.id], item.state, "state", col_info, item
            )
            vals["mail_message_id"] = message_by_item[item.id].id
            tracking_vals.append(vals)
        Tracking.create(tracking_vals)

    def _desktomy_after_notify(self):
        """Called once per batch, after the clients were notified of ``self``.

        Charges one e-mail notification per item (repeats are free). Items
        notified with their scan attached: the client has the scan, the scan
        requests of these items are done.
        """
        self._desktomy_record_usage("notification")
        requests = self._desktomy_pending_requests().filtered(
            lambda r: (
                r.kind == "scan"
                and all(item._desktomy_scans_to_send() for item in r.mail_ids)
            )
        )
        requests._desktomy_close("done")

    def _desktomy_after_handover(self, handover):
        """Called once per handover, with all the items ``handover`` covers:
        charges one handover per item."""
        self._desktomy_record_usage("handover")

    def _desktomy_after_intake(self):
        """Run once per batch of newly registered items.

        Applies the clients' standing instructions (unless the context says
        ``desktomy_no_instructions``), then sends the e-mails on arrival to the
        authorised persons who chose them (a person who chose nothing gets
        none), unless the context says not to (``desktomy_no_arrival_notice``,
        and while module data is loaded).
        """
        context = self.env.context
        if not context.get(NO_INSTRUCTIONS):
            self.env["desktomy.standing.instruction"]._desktomy_apply(self)
        if context.get(NO_ARRIVAL_NOTICE) or context.get("install_module"):
            return
        self.env["desktomy.person.notice"]._desktomy_send_arrival(self)

    # ------------------------------------------------------------
    # Official mail and postal notices (see desktomy.official.sender,
    # desktomy.mail.escalation and docs/official-mail.md)
    # ------------------------------------------------------------

    @api.depends("kind", "notice_date", "company_id")
    def _compute_deemed_delivery_date(self):
        # The office's notice period is read when the notice is registered
        # (it is not a dependency): changing the setting later does not move
        # the dates of the notices already registered.
        for item in self:
            if item.kind == "postal_notice" and item.notice_date:
                days = item.company_id.sudo().desktomy_notice_period_days or 14
                item.deemed_delivery_date = item.notice_date + timedelta(days=days)
            else:
                item.deemed_delivery_date = False

    @api.constrains("kind", "notice_date")
    def _check_notice_date(self):
        today = fields.Date.context_today(self)
        for item in self.filtered(lambda i: i.kind == "postal_notice"):
            if not item.notice_date:
                raise ValidationError(
                    self.env._(
                        "A postal notice needs the date of the notice (awizo): "
                        "%(item)s. Nothing was saved.",
                        item=item.display_name,
                    )
                )
            if item.notice_date > today:
                raise ValidationError(
                    self.env._(
                        "The date of a postal notice cannot be in the future "
                        "(%(date)s, %(item)s). Nothing was saved.",
                        date=item.notice_date,
                        item=item.display_name,
                    )
                )

    @api.model
    def _desktomy_official_prepare_vals(self, vals_list):
        """At intake: an item whose sender matches an official sender of its
        office is official; a postal notice starts pending."""
        matchers = {}
        Sender = self.env["desktomy.official.sender"]
        for vals in vals_list:
            if vals.get("kind") == "postal_notice" and not vals.get("notice_state"):
                vals["notice_state"] = "pending"
            if vals.get("is_official") or not vals.get("sender"):
                continue
            company_id = vals.get("company_id") or self.env.company.id
            if company_id not in matchers:
                matchers[company_id] = Sender._desktomy_matcher(
                    self.env["res.company"].browse(company_id)
                )
            if matchers[company_id](vals["sender"]):
                vals["is_official"] = True

    def _desktomy_official_after_create(self):
        """Letters registered with their notice: the notice is answered."""
        self._desktomy_linked_notices()._desktomy_sync_notice_state()

    def _desktomy_official_write_needed(self, vals):
        return not self.env.context.get("desktomy_official_write") and bool(
            {"is_official", "sender", "postal_notice_id", "kind"}.intersection(vals)
        )

    def _desktomy_official_write(self, vals):
        """``write`` of the fields of official mail: ``is_official`` changes
        only while an item waits; a new sender of a waiting item is matched
        again; linking or unlinking a letter updates its notice."""
        if "is_official" in vals:
            closed = self.filtered(lambda item: item.state not in WAITING_STATES)
            if closed._desktomy_changes("is_official", vals["is_official"]):
                raise UserError(
                    self.env._(
                        "These items are closed; whether they are official can "
                        "no longer change: %(items)s. Nothing was changed.",
                        items=", ".join(closed.mapped("display_name")),
                    )
                )
        vals = dict(vals)
        new_notices = self.browse()
        if "kind" in vals and "notice_state" not in vals:
            if vals["kind"] == "postal_notice":
                # (a notice answered or deemed delivered keeps its state)
                new_notices = self.filtered(lambda item: item.kind != "postal_notice")
            else:
                vals["notice_state"] = False
        old_notices = self._desktomy_linked_notices()
        res = self.with_context(desktomy_official_write=True).write(vals)
        new_notices.with_context(desktomy_official_write=True).write(
            {"notice_state": "pending"}
        )
        if vals.get("sender") and "is_official" not in vals:
            for company, items in self.grouped("company_id").items():
                match = self.env["desktomy.official.sender"]._desktomy_matcher(company)
                items.filtered(
                    lambda item, match=match: (
                        item.state in WAITING_STATES
                        and not item.is_official
                        and match(item.sender)
                    )
                ).with_context(desktomy_official_write=True).write(
                    {"is_official": True}
                )
        if "postal_notice_id" in vals:
            (
                old_notices | self._desktomy_linked_notices()
            )._desktomy_sync_notice_state()
        return res

    def _desktomy_linked_notices(self):
        """The notices of the letters of ``self`` (the link is staff-only)."""
        return self.sudo().postal_notice_id.with_env(self.env)

    def _desktomy_sync_notice_state(self):
        """A notice with a collected letter linked is ``letter_received``; a
        notice whose letters were all unlinked is pending again."""
        for notice in self.filtered(lambda n: n.kind == "postal_notice"):
            if notice.sudo().notice_letter_ids:
                state = "letter_received"
            elif notice.notice_state == "letter_received" or not notice.notice_state:
                state = "pending"
            else:
                continue
            if notice.notice_state != state:
                notice.write({"notice_state": state})

    def _desktomy_is_highlighted(self):
        self.ensure_one()
        return self.is_official or self.kind == "postal_notice"

    def _desktomy_format_date(self, date):
        return format_date(self.env, date, lang_code=self.env.lang)

    def _desktomy_official_marker(self):
        """The short marker of an official item or notice (portal list)."""
        self.ensure_one()
        if self.kind == "postal_notice" and self.deemed_delivery_date:
            if self.notice_state == "letter_received":
                return self.env._("Notice: letter received")
            return self.env._(
                "Counts as delivered on %(date)s",
                date=self._desktomy_format_date(self.deemed_delivery_date),
            )
        if self.is_official:
            return self.env._(
                "Official, received on %(date)s",
                date=self._desktomy_format_date(
                    fields.Date.context_today(self, self.received_datetime)
                ),
            )
        return ""

    def _desktomy_official_line(self):
        """The one clear line of the notification e-mail and the portal's
        item page: the deemed-delivery date of a notice, or that the letter
        is official."""
        self.ensure_one()
        if self.kind == "postal_notice" and self.deemed_delivery_date:
            date = self._desktomy_format_date(self.deemed_delivery_date)
            if self.notice_state == "letter_received":
                return self.env._(
                    "%(ref)s: the registered letter of this notice was collected.",
                    ref=self.name,
                )
            if self.notice_state == "deemed_delivered":
                return self.env._(
                    "%(ref)s: the registered letter counts as delivered since "
                    "%(date)s, whether or not it is collected.",
                    ref=self.name,
                    date=date,
                )
            return self.env._(
                "%(ref)s: postal notice (awizo). The registered letter counts as "
                "delivered on %(date)s, whether or not it is collected.",
                ref=self.name,
                date=date,
            )
        if self.is_official:
            return self.env._(
                "%(ref)s: official letter (%(sender)s); it may start a legal deadline.",
                ref=self.name,
                sender=self.sender or "-",
            )
        return ""

    def _desktomy_power_of_attorney_line(self):
        """For a pending notice: whether the desk may collect the letter at
        the post for the client (its power of attorney, still valid)."""
        self.ensure_one()
        if self.kind != "postal_notice" or self.notice_state != "pending":
            return ""
        until = self.partner_id.sudo().desktomy_postal_power_of_attorney_until
        office = " (%s)" % self.notice_post_office if self.notice_post_office else ""
        if until and until >= fields.Date.context_today(self):
            return self.env._(
                "With your power of attorney (valid until %(date)s), our desk "
                "may collect the registered letter at the post office on your "
                "behalf%(office)s.",
                date=self._desktomy_format_date(until),
                office=office,
            )
        return self.env._(
            "Collect the registered letter at the post office%(office)s, or give "
            "us a power of attorney to collect it for you.",
            office=office,
        )

    @api.model
    def _cron_official_deadlines(self, batch_size=OFFICIAL_BATCH_SIZE):
        """One batch of the deadlines of official mail: pending notices past
        their deemed-delivery date become deemed delivered (the client is
        told), then official items and notices near their deadline are
        escalated once (see ``desktomy.mail.escalation``). The cron framework
        calls again while something remains."""
        done, remaining = self.sudo()._desktomy_deem_delivered(batch_size)
        escalated, left = self.sudo()._desktomy_escalate(batch_size)
        self.env["ir.cron"]._notify_progress(
            done=done + escalated, remaining=remaining + left
        )
        return done + escalated

    @api.model
    def _desktomy_deem_delivered(self, batch_size):
        today = fields.Date.context_today(self)
        domain = [
            ("kind", "=", "postal_notice"),
            ("notice_state", "=", "pending"),
            ("deemed_delivery_date", "<=", today),
        ]
        notices = self.search(domain, limit=batch_size, order="id")
        if not notices:
            return 0, 0
        # Each notice once, even with two workers or nodes: the rows are
        # locked (another worker's are skipped; one it has just changed is a
        # serialization failure here, and this batch is done again).
        self.env.cr.execute(
            SQL(
                "SELECT id FROM desktomy_mail WHERE id IN %s "
                "AND notice_state = 'pending' ORDER BY id "
                "FOR NO KEY UPDATE SKIP LOCKED",
                tuple(notices.ids),
            )
        )
        notices = self.browse(row[0] for row in self.env.cr.fetchall())
        if not notices:
            return 0, self.search_count(domain)
        notices.write({"notice_state": "deemed_delivered"})
        template = self.env.ref(
            "desktomy_virtual_office.mail_template_desktomy_notice_deemed_delivered",
            raise_if_not_found=False,
        )
        notices._desktomy_send_official_mail(template)
        return len(notices), self.search_count(domain)

    def _desktomy_escalation_domain(self, company, today):
        days = company.desktomy_official_escalation_days or 3
        now = fields.Datetime.now()
        escalated = self.env["desktomy.mail.escalation"].sudo()._search([])
        return [
            ("company_id", "=", company.id),
            ("state", "in", WAITING_STATES),
            ("id", "not in", escalated.subselect("mail_id")),
            "|",
            "&",
            "&",
            ("kind", "=", "postal_notice"),
            ("notice_state", "=", "pending"),
            ("deemed_delivery_date", "<=", today + timedelta(days=days)),
            "&",
            "&",
            ("kind", "!=", "postal_notice"),
            ("is_official", "=", True),
            ("received_datetime", "<=", now - timedelta(days=days)),
        ]

    @api.model
    def _desktomy_escalate(self, batch_size):
        today = fields.Date.context_today(self)
        Escalation = self.env["desktomy.mail.escalation"].sudo()
        template = self.env.ref(
            "desktomy_virtual_office.mail_template_desktomy_official_escalation",
            raise_if_not_found=False,
        )
        done = remaining = 0
        for company in self.env["res.company"].search([]):
            domain = self._desktomy_escalation_domain(company, today)
            if done >= batch_size:
                remaining += self.search_count(domain)
                continue
            items = self.search(domain, limit=batch_size - done, order="id")
            claimed = self.browse()
            rows = Escalation.browse()
            for item in items:
                row = Escalation._desktomy_claim(
                    item,
                    today,
                    "deadline" if item.kind == "postal_notice" else "waiting",
                )
                if row:
                    claimed |= item
                    rows |= row
            mails = claimed._desktomy_send_official_mail(template)
            for item, row in zip(claimed, rows, strict=True):
                activity = item.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=item.deemed_delivery_date or today,
                    summary=self.env._("Official mail: deadline near"),
                    note=item._desktomy_official_line(),
                    user_id=(
                        item.create_uid.id if item.create_uid.active else self.env.uid
                    ),
                )
                row.write(
                    {
                        "activity_id": activity.id,
                        "mail_mail_id": mails.get(item.id, False),
                    }
                )
            done += len(items)
            remaining += self.search_count(domain)
        return done, remaining

    def _desktomy_send_official_mail(self, template):
        """Send ``template`` to the client of each item of ``self`` (its
        notification address); return ``{item id: mail.mail id}``. Clients
        without an address get none (the desk's activity remains)."""
        sent = {}
        if not template:
            return sent
        for item in self:
            emails = item.partner_id._desktomy_notification_emails()
            if not emails:
                continue
            sent[item.id] = template.sudo().send_mail(
                item.id,
                email_values={"email_to": ", ".join(emails), "recipient_ids": []},
            )
        if sent:
            trigger_mail_queue(self.env)
        return sent

    # ------------------------------------------------------------
    # Services charged (see desktomy.service.usage)
    # ------------------------------------------------------------

    def _desktomy_record_scans(self):
        """Charge one scan per item that has a non-empty scan."""
        self.filtered(
            lambda item: any(scan.file_size for scan in item.sudo().scan_ids)
        )._desktomy_record_usage("scan")

    def _desktomy_record_usage(self, kind, dates=None, periods=None):
        """Record the service ``kind`` once per item (and period, see
        desktomy.service.usage)."""
        return self.env["desktomy.service.usage"]._record_item_events(
            self, kind, dates=dates, periods=periods
        )

    @api.model
    def _cron_desktomy_charge_storage(self):
        """Charge storage for every item kept beyond the free period: once,
        or once per started storage period (``desktomy_storage_period_days``)
        while the item waits. Each period is one usage line, recorded once
        (its period index is in the usage lines' unique key): a late or
        repeated run charges the periods missed, never one twice."""
        now = fields.Datetime.now()
        for company in self.env["res.company"].sudo().search([]):
            free_days = company.desktomy_storage_free_days
            if free_days <= 0:
                continue
            limit = now - timedelta(days=free_days)
            items = self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", WAITING_STATES),
                    ("received_datetime", "<", limit),
                ]
            )
            period_days = company.desktomy_storage_period_days
            periods = None
            if period_days > 0:
                period = timedelta(days=period_days)
                periods = {
                    item.id: range(-(-(limit - item.received_datetime) // period))
                    for item in items
                }
            items._desktomy_record_usage("storage", periods=periods)

    # ------------------------------------------------------------
    # Clients' requests (see desktomy.mail.request)
    # ------------------------------------------------------------

    def _desktomy_pending_request_pairs(self):
        """``(item id, request id)`` of the pending requests on the items of
        ``self``: one query, whatever the number of items."""
        if not self.ids:
            return []
        # (only what the query reads: flushing the items too would split
        # their pending update in two)
        self.env["desktomy.mail.request"].flush_model(["state", "mail_ids"])
        self.flush_model(["request_ids"])
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.mail_id, rel.request_id
                  FROM desktomy_mail_request_item_rel rel
                  JOIN desktomy_mail_request r ON r.id = rel.request_id
                 WHERE rel.mail_id = ANY(%s) AND r.state = 'pending'
                """,
                self.ids,
            )
        )
        return self.env.cr.fetchall()

    def _desktomy_pending_requests(self):
        """The pending requests on the items of ``self`` (one query)."""
        pairs = self._desktomy_pending_request_pairs()
        return (
            self.env["desktomy.mail.request"]
            .sudo()
            .browse(dict.fromkeys(request_id for _item_id, request_id in pairs))
        )
