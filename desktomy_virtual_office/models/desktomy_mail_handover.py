# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Handover of items to a collector and its receipt confirmation: the signed
PDF, its public verification, the clients' copies."""

import base64
import hashlib
import logging
import re
import secrets

import pytz
from markupsafe import Markup
from psycopg2.errors import LockNotAvailable

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_datetime, mute_logger

from ..tools.mail_queue import trigger_mail_queue
from ..tools.signature import MAX_BYTES, signature_problem
from .desktomy_mail import LIFECYCLE_TOKEN, WAITING_STATES

_logger = logging.getLogger(__name__)

#: Fields that mail.thread may still write on a confirmed handover
#: (followers, main attachment); everything else is frozen.
_MAIL_THREAD_PREFIXES = ("message_", "activity_")


def raise_signature_problem(env, value):
    """Raise a clear, translated error unless ``value`` (base64) is a drawn
    signature (see ``tools/signature.py``)."""
    problem = signature_problem(value)
    if not problem:
        return
    messages = {
        "missing": env._(
            "Digital confirmation needs the collector's signature: ask the "
            "collector to sign on the tablet."
        ),
        "blank": env._(
            "The signature is empty: ask the collector to sign on the tablet."
        ),
        "filled": env._(
            "The signature is not a drawing (the whole pad is filled): ask the "
            "collector to sign again."
        ),
        "too_large": env._(
            "The signature file is too large (at most %(size)s KB).",
            size=MAX_BYTES // 1024,
        ),
        "dimensions": env._(
            "The signature image has dimensions no signature pad draws."
        ),
        "corrupt": env._("The signature image is damaged or incomplete."),
    }
    message = messages.get(problem) or env._(
        "A signature must be drawn by hand on the signature pad (a PNG or JPEG "
        "image); this is not one."
    )
    raise UserError(env._("%(problem)s Nothing was handed over.", problem=message))


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


#: Fields a draft handover takes as input; the rest is recorded by
#: ``action_confirm``.
DRAFT_INPUT_FIELDS = frozenset(
    {
        "company_id",
        "collector_partner_id",
        "collector_name",
        "collector_id_number",
        "digital_confirmation",
        "signature",
        "mail_ids",
        "note",
        "correction_of_id",
        "hold_override",
        "hold_override_reason",
    }
)

#: ``secrets.token_urlsafe(24)``: 32 characters of the URL-safe base64 alphabet.
VERIFICATION_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")

#: Characters of the identity document number left readable on the receipt.
ID_NUMBER_VISIBLE = 3


def _new_verification_token():
    return secrets.token_urlsafe(24)


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
    mail_ids = fields.Many2many(
        comodel_name="desktomy.mail",
        relation="desktomy_mail_handover_item_rel",
        column1="handover_id",
        column2="mail_id",
        string="Items",
        readonly=True,
        help="The items handed over, as the receipt lists them. A later reversal "
        "of a pickup does not change this list; it adds a reversal line.",
    )
    mail_count = fields.Integer(string="Item Count", readonly=True)
    reversal_ids = fields.One2many(
        comodel_name="desktomy.mail.handover.reversal",
        inverse_name="handover_id",
        string="Reversals",
        readonly=True,
    )
    digital_confirmation = fields.Boolean(readonly=True)
    signature = fields.Image(attachment=True, copy=False, readonly=True)
    receipt_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Receipt",
        readonly=True,
        copy=False,
        index="btree_not_null",
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
    retention_purged_datetime = fields.Datetime(
        string="Purged Under Retention On",
        readonly=True,
        copy=False,
        help="When the collector's signature, identity document number and "
        "the office's copies of the receipt were removed under the office's "
        "retention rules. The handover, its items and the receipt's SHA-256 "
        "stay: a client's copy can still be verified.",
    )
    hold_override = fields.Boolean(
        string="Override the Mail Hold",
        readonly=True,
        copy=False,
        help="An office administrator hands over the mail of clients held for "
        "overdue invoices, for this handover only.",
    )
    hold_override_reason = fields.Text(
        string="Reason for the Override",
        readonly=True,
        copy=False,
    )
    verification_token = fields.Char(
        readonly=True,
        copy=False,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="Unguessable part of the address of the public page that verifies "
        "the receipt (printed as a QR code on the receipt). Set when the "
        "receipt is first rendered.",
    )

    _sql_constraints = [
        (
            "verification_token_unique",
            "unique(verification_token)",
            "The verification token of a handover must be unique.",
        ),
    ]

    def _desktomy_lifecycle_allowed(self):
        return LIFECYCLE_TOKEN.allows(self.env)

    def _desktomy_system_write(self, vals):
        """Write what ``action_confirm`` records (refused to everybody else)."""
        return self.sudo().with_context(**LIFECYCLE_TOKEN.context()).write(vals)

    @api.model
    def _desktomy_check_input(self, vals, message):
        """Refuse ``vals`` naming fields that only the confirmation records.

        :param message: the translated error, with ``%(fields)s``
        """
        given = {
            key
            for key in vals
            if not key.startswith(_MAIL_THREAD_PREFIXES)
            and key not in DRAFT_INPUT_FIELDS
        }
        if given:
            raise UserError(message % {"fields": ", ".join(sorted(given))})

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("signature"):
                # before the image field decodes it (markup, bombs, truncated)
                raise_signature_problem(self.env, vals["signature"])
        if not self._desktomy_lifecycle_allowed():
            new = self.env._("New")
            for vals in vals_list:
                if vals.get("name") in (new, "New"):
                    del vals["name"]
                self._desktomy_check_input(
                    vals,
                    self.env._(
                        "A handover is created as a draft with its items, "
                        "collector and signature, then confirmed: its number, "
                        "date, desk user, status and receipt are recorded by the "
                        "confirmation. Not accepted: %(fields)s"
                    ),
                )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("signature"):
            raise_signature_problem(self.env, vals["signature"])
        if not self._desktomy_lifecycle_allowed():
            thread_only = all(key.startswith(_MAIL_THREAD_PREFIXES) for key in vals)
            if not thread_only and any(rec.state == "done" for rec in self):
                raise UserError(
                    self.env._(
                        "A confirmed handover cannot be changed: %(names)s. Record "
                        "a correction as a new handover with a note instead.",
                        names=", ".join(self.mapped("name")),
                    )
                )
            self._desktomy_check_input(
                vals,
                self.env._(
                    "These fields of a handover are recorded by its "
                    "confirmation and cannot be written: %(fields)s"
                ),
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

    @api.constrains("signature")
    def _check_signature_drawn(self):
        for handover in self:
            if (
                handover.state == "draft"
                and handover.with_context(bin_size=False).signature
            ):
                handover._desktomy_check_signature()

    def _desktomy_check_signature(self):
        """Refuse anything but a hand-drawn raster signature (see tools/signature)."""
        self.ensure_one()
        raise_signature_problem(self.env, self.with_context(bin_size=False).signature)

    def _desktomy_unauthorized_partners(self, partners):
        """The companies of ``partners`` the authorised person may not collect for."""
        person = self.collector_partner_id
        if not person:
            return partners
        return partners - person.desktomy_represented_client_ids

    def _desktomy_collector_name(self):
        self.ensure_one()
        return (
            (self.collector_name or "").strip() or self.collector_partner_id.name or ""
        )

    def _desktomy_check_collector(self, partners):
        """The collector is an authorised person of every client of the
        handover, or is identified by name and identity document number."""
        self.ensure_one()
        unauthorized = self._desktomy_unauthorized_partners(partners)
        if unauthorized and not (
            self._desktomy_collector_name() and (self.collector_id_number or "").strip()
        ):
            raise UserError(
                self.env._(
                    "The collector is not an authorised person of: %(clients)s. "
                    "Check the identity document and write the collector's name and "
                    "its number. Nothing was handed over.",
                    clients=", ".join(unauthorized.mapped("display_name")),
                )
            )
        return not unauthorized

    def _desktomy_lock_items(self, items):
        """Lock the rows of ``items`` and return those no longer waiting.

        Another desk handing over the same items holds the lock until its
        transaction ends: then we refuse at once instead of waiting. The lock
        is ``FOR NO KEY UPDATE`` (the handover changes no key): it excludes
        another handover but not the wizards that merely refer to the items.
        """
        try:
            # a refused lock is an expected condition, not an error of the
            # database: no "bad query" line, as Odoo's own NOWAIT locks
            with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                self.env.cr.execute(
                    "SELECT id, state FROM desktomy_mail WHERE id IN %s "
                    "FOR NO KEY UPDATE NOWAIT",
                    [tuple(items.ids)],
                )
                states = dict(self.env.cr.fetchall())
        except LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "Another desk is handing over some of these items right now. "
                    "Reload and try again."
                )
            ) from error
        items.invalidate_recordset(["state"])
        return items.browse(
            [i for i in items.ids if states.get(i) not in WAITING_STATES]
        )

    def action_confirm(self):
        """Hand the items over: the one path of the wizard, the status bar and
        scripts. All or nothing.

        Checks the items (waiting, of one company, not being handed over by
        another desk), the collector (authorised, or identified by name and
        identity document) and, with digital confirmation, the drawn
        signature; then records the handover (number, date, desk user), marks
        the items collected, logs it on each item, renders the signed receipt
        and attaches it to the handover and to every item, charges the
        handover and e-mails each client its copy.
        """
        for handover in self:
            handover._desktomy_confirm()
        return True

    def _desktomy_confirm(self):
        self.ensure_one()
        self.check_access("read")
        if self.state != "draft":
            raise UserError(
                self.env._(
                    "This handover is already confirmed: %(name)s.", name=self.name
                )
            )
        items = self.mail_ids
        if not items:
            raise UserError(
                self.env._("Select the items to hand over. Nothing was handed over.")
            )
        items.check_access("write")
        if len(items.company_id) > 1:
            raise UserError(
                self.env._(
                    "A handover covers the mail of one office (company) at a time."
                )
            )
        partners = items.partner_id
        held = self._desktomy_check_overdue_hold(partners, items.company_id)
        authorized = self._desktomy_check_collector(partners)
        if self.digital_confirmation:
            self._desktomy_check_signature()
        gone = self._desktomy_lock_items(items)
        if gone:
            raise UserError(
                self.env._(
                    "These items are no longer waiting for pickup (another desk "
                    "may have handed them over): %(items)s. Nothing was handed over.",
                    items=", ".join(gone.mapped("display_name")),
                )
            )
        with self.env.cr.savepoint():
            self._desktomy_do_confirm(items, partners, authorized)
            if held:
                self._desktomy_log_hold_override(held, items.company_id)
        return True

    def _desktomy_check_overdue_hold(self, partners, company):
        """Refuse the handover of held mail (clients overdue more than the
        company's ``desktomy_hold_overdue_days``) unless an office
        administrator overrides the hold with a reason.

        :return: ``{partner: overdue amount}`` of the held clients handed
            over by the override
        """
        self.ensure_one()
        if self.hold_override:
            if not (
                self.env.is_superuser()
                or self.env.user.has_group(
                    "desktomy_virtual_office.group_desktomy_manager"
                )
            ):
                raise UserError(
                    self.env._(
                        "Only an office administrator may override the mail hold "
                        "of clients with overdue invoices. Nothing was handed over."
                    )
                )
            if not (self.hold_override_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Write the reason for overriding the mail hold. Nothing "
                        "was handed over."
                    )
                )
        held = partners._desktomy_held(company)
        if held and not self.hold_override:
            raise UserError(
                self.env._(
                    "The mail of these clients is held for overdue invoices: "
                    "%(clients)s. Nothing was handed over. An office "
                    "administrator may override the hold with a reason.",
                    clients=partners._desktomy_overdue_text(held, company),
                )
            )
        return held

    def _desktomy_log_hold_override(self, held, company):
        """Keep the override of the mail hold in the handover's chatter."""
        self._message_log(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Mail hold overridden by %(user)s for %(clients)s. Reason: %(reason)s",
                user=self.env.user.display_name,
                clients=self.env["res.partner"]._desktomy_overdue_text(held, company),
                reason=self.hold_override_reason.strip(),
            )
        )

    def _desktomy_do_confirm(self, items, partners, authorized):
        collector_name = self._desktomy_collector_name()
        now = fields.Datetime.now()
        vals = {
            "name": self.env["ir.sequence"].next_by_code("desktomy.mail.handover")
            or self.name,
            "company_id": items.company_id.id,
            "handover_datetime": now,
            "user_id": self.env.uid,
            "collector_name": collector_name,
            "collector_id_number": (self.collector_id_number or "").strip() or False,
            "collector_authorized": bool(self.collector_partner_id) and authorized,
            "partner_ids": [Command.set(partners.ids)],
            "mail_count": len(items),
        }
        if not self.digital_confirmation:
            vals["signature"] = False
        self._desktomy_system_write(vals)
        items.with_context(tracking_disable=True)._desktomy_lifecycle_write_many(
            {
                "state": "collected",
                "collected_datetime": now,
                "collector_name": collector_name,
                "handover_id": self.id,
            }
        )
        self._desktomy_log_items(items)
        done_vals = {"state": "done"}
        if self.digital_confirmation:
            try:
                content, file_name, mimetype = self._desktomy_render_receipt()
            except Exception as error:
                _logger.exception("Receipt rendering failed for %s", self.name)
                raise UserError(
                    self.env._(
                        "The receipt confirmation could not be generated, so nothing "
                        "was handed over. The signature is kept: try again. "
                        "(%(error)s)",
                        error=str(error),
                    )
                ) from error
            receipt = self._desktomy_attach_receipt(items, content, file_name, mimetype)
            done_vals.update(
                receipt_attachment_id=receipt.id,
                receipt_sha256=hashlib.sha256(content).hexdigest(),
            )
        self._desktomy_system_write(done_vals)
        items._desktomy_after_handover(self)
        self._desktomy_after_confirm()

    def _desktomy_after_confirm(self):
        """Once a handover is confirmed: each client gets its copy by e-mail."""
        self._desktomy_send_client_copies()

    def _desktomy_render_receipt(self):
        """Render the receipt once and return ``(content, file_name, mimetype)``.

        In test mode the report engine returns HTML unless the context forces a
        real rendering, so the file name follows the format actually returned.
        """
        self.ensure_one()
        # the report as a record: given its name, the report engine would
        # look it up again at each of its steps (a dozen queries)
        report = self.env.ref(
            "desktomy_virtual_office.desktomy_mail_handover_report_action"
        )
        content, fmt = self.env["ir.actions.report"]._render_qweb_pdf(
            report, res_ids=self.ids
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
        report = self.env.ref(
            "desktomy_virtual_office.desktomy_mail_handover_client_copy_report_action"
        )
        content, fmt = self.env["ir.actions.report"]._render_qweb_pdf(
            report, res_ids=self.ids, data={"desktomy_client_ids": clients.ids}
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
        # what the copies change: the items' messages and what is computed
        # from them (the rest of the cache stays, to be used below)
        items.invalidate_recordset(
            [
                name
                for name, field in items._fields.items()
                if not field.store or field.comodel_name == "mail.message"
            ]
        )

    def _desktomy_receipt_tz(self):
        """The time zone of the receipt: the desk user's, else the office's."""
        self.ensure_one()
        tz = self.user_id.tz or self.company_id.partner_id.tz
        return tz if tz in pytz.all_timezones_set else "UTC"

    def _desktomy_receipt_datetime_label(self):
        """The handover's date and time with its time zone,
        e.g. ``2026-12-01 15:04 (Europe/Warsaw)``."""
        self.ensure_one()
        tz = self._desktomy_receipt_tz()
        moment = format_datetime(
            self.env, self.handover_datetime, tz=tz, dt_format="yyyy-MM-dd HH:mm"
        )
        return f"{moment} ({tz})"

    def _desktomy_receipt_received_labels(self):
        """``{item id: received date and time}`` in the receipt's time zone,
        ``YYYY-MM-DD HH:MM``: formatted here at once rather than by a field
        converter per row (a receipt lists up to thousands of items)."""
        self.ensure_one()
        tz = pytz.timezone(self._desktomy_receipt_tz())
        return {
            item.id: pytz.utc.localize(item.received_datetime)
            .astimezone(tz)
            .strftime("%Y-%m-%d %H:%M")
            for item in self.mail_ids
            if item.received_datetime
        }

    def _desktomy_receipt_office_address(self):
        """The office's postal address, one line per part, no empty lines."""
        self.ensure_one()
        address = self.company_id.partner_id._display_address(without_company=True)
        return "\n".join(line for line in address.splitlines() if line.strip())

    def _desktomy_masked_id_number(self):
        """The identity document number with only its last characters readable,
        e.g. ``•••••123``; the number of hidden characters is not revealed."""
        self.ensure_one()
        number = "".join((self.collector_id_number or "").split())
        if not number:
            return ""
        visible = number[-ID_NUMBER_VISIBLE:] if len(number) > ID_NUMBER_VISIBLE else ""
        return "•" * 5 + visible

    def _desktomy_receipt_not_authorized(self):
        """Whether the receipt says the collector is not on the authorised list."""
        self.ensure_one()
        return bool((self.collector_name or "").strip()) and not (
            self.collector_authorized
        )

    def _desktomy_ensure_verification_token(self):
        """Give a token to the handovers that have none yet.

        The token is set when the receipt is first rendered: through the ORM
        while the handover is a draft (the handover's own update stores it
        with the others), in SQL, only where empty, once it is confirmed and
        frozen for the ORM (handovers confirmed before this field existed,
        or written in SQL by ``desktomy-populate``).
        """
        missing = self.sudo().filtered(lambda handover: not handover.verification_token)
        for handover in missing:
            token = _new_verification_token()
            if handover.state != "done":
                handover._desktomy_system_write({"verification_token": token})
                continue
            self.env.cr.execute(
                SQL(
                    "UPDATE desktomy_mail_handover SET verification_token = %s "
                    "WHERE id = %s AND verification_token IS NULL",
                    token,
                    handover.id,
                )
            )
            handover.invalidate_recordset(["verification_token"])

    def _desktomy_verification_url(self):
        """The absolute address of the public verification page of the receipt."""
        self.ensure_one()
        self._desktomy_ensure_verification_token()
        token = self.sudo().verification_token
        return f"{self.get_base_url()}/desktomy/receipt/{token}"

    def _desktomy_receipt_qr_data_uri(self, url=None):
        """The QR code of the verification address as a ``data:`` URI
        (reportlab, through ``ir.actions.report.barcode``); a data URI needs no
        request from wkhtmltopdf back to the server."""
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode(
            "QR",
            url or self._desktomy_verification_url(),
            width=300,
            height=300,
            barLevel="M",
        )
        return "data:image/png;base64," + base64.b64encode(png).decode()

    @api.model
    def _desktomy_find_by_verification_token(self, token):
        """The confirmed handover with a stored receipt for ``token``, in sudo,
        or an empty recordset for any other value (checked before the query)."""
        if not isinstance(token, str) or not VERIFICATION_TOKEN_RE.match(token):
            return self.sudo().browse()
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("verification_token", "=", token),
                    ("state", "=", "done"),
                    ("receipt_sha256", "!=", False),
                ],
                limit=1,
            )
        )

    def _desktomy_remove_office_receipts(self):
        """Remove the office's copies of the receipts of ``self``: the
        handover's, the items' and those attached to the handover's e-mails
        (the clients' copies). The handover, its item list and the receipt's
        SHA-256 stay, so that a copy a client holds still verifies. Used by
        the retention purge and by a client's erasure."""
        if not self:
            return
        items = self.mail_ids
        self.env.cr.execute(
            SQL(
                """
                SELECT a.id FROM ir_attachment a
                 WHERE a.res_field IS NULL AND (
                        (a.res_model = 'desktomy.mail.handover'
                         AND a.res_id = ANY(%(handovers)s))
                     OR (a.res_model = 'desktomy.mail' AND a.res_id = ANY(%(items)s)
                         AND a.checksum IN (
                            SELECT r.checksum FROM ir_attachment r
                              JOIN desktomy_mail_handover h
                                ON h.receipt_attachment_id = r.id
                             WHERE h.id = ANY(%(handovers)s)))
                     OR a.id IN (
                            SELECT rel.attachment_id
                              FROM message_attachment_rel rel
                              JOIN mail_message msg ON msg.id = rel.message_id
                             WHERE msg.model = 'desktomy.mail.handover'
                               AND msg.res_id = ANY(%(handovers)s)))
                """,
                handovers=self.ids,
                items=items.ids,
            )
        )
        receipt_ids = [row[0] for row in self.env.cr.fetchall()]
        self.env["ir.attachment"].sudo().with_context(
            **LIFECYCLE_TOKEN.context()
        ).browse(receipt_ids).unlink()

    def _desktomy_verification_values(self):
        """What the public page may show: nothing about clients or the collector."""
        self.ensure_one()
        return {
            "number": self.name,
            "date": self._desktomy_receipt_datetime_label(),
            "item_count": self.mail_count,
            "sha256": self.receipt_sha256,
            "purged": bool(self.retention_purged_datetime),
        }

    def _desktomy_receipt_matches(self, sha256_hex):
        """Whether a file of SHA-256 ``sha256_hex`` is the stored original."""
        self.ensure_one()
        return bool(self.receipt_sha256) and sha256_hex == self.receipt_sha256

    def _desktomy_is_original_receipt(self, content):
        """Whether ``content`` (bytes) is the stored original, byte for byte."""
        self.ensure_one()
        return self._desktomy_receipt_matches(hashlib.sha256(content).hexdigest())

    def _desktomy_receipt_mail_client(self):
        """The client of the e-mail being rendered (context key
        ``desktomy_receipt_client_id``, set by ``_desktomy_send_client_copies``)."""
        client_id = self.env.context.get("desktomy_receipt_client_id")
        return self.env["res.partner"].browse(client_id if client_id else [])

    def _desktomy_client_copy_for_mail(self, client):
        """``(file_name, content)`` of the copy e-mailed to ``client``.

        A handover of that client alone sends the stored original (the
        verification page recognises it); otherwise a client's copy is
        rendered with only its items.
        """
        self.ensure_one()
        if self.partner_ids == client and self.receipt_attachment_id:
            attachment = self.receipt_attachment_id.sudo()
            return attachment.name, attachment.raw
        content, file_name, __ = self._desktomy_render_client_copy(client)
        return file_name, content

    def _desktomy_send_client_copies(self):
        """E-mail each client of the handover its copy of the receipt.

        One e-mail per client, to its notification addresses, with only its
        items; for digitally confirmed handovers with a receipt, when the
        company's setting *E-mail the receipt to the clients* is on. Clients
        without an address are skipped and named in the handover's chatter.

        :return: the ``mail.mail`` records queued
        """
        Mail = self.env["mail.mail"].sudo()
        mails = Mail
        to_send = self.filtered(
            lambda handover: (
                handover.state == "done"
                and handover.digital_confirmation
                and handover.receipt_attachment_id
                and handover.company_id.desktomy_receipt_email_clients
            )
        )
        template = to_send and self.env.ref(
            "desktomy_virtual_office.mail_template_desktomy_receipt_client_copy",
            raise_if_not_found=False,
        )
        if not template:
            return mails
        for handover in to_send:
            clients = handover.partner_ids & handover.mail_ids.partner_id
            sent, skipped = [], self.env["res.partner"]
            for client in clients:
                emails = client._desktomy_notification_emails()
                if not emails:
                    skipped |= client
                    continue
                file_name, content = handover._desktomy_client_copy_for_mail(client)
                mail = template.with_context(
                    desktomy_receipt_client_id=client.id
                ).send_mail(
                    handover.id,
                    email_values={
                        "email_to": ", ".join(emails),
                        "recipient_ids": [],
                        # (name, base64 content), stored by send_mail
                        "attachments": [(file_name, base64.b64encode(content))],
                    },
                )
                mails |= Mail.browse(mail)
                sent.append(f"{client.display_name} ({', '.join(emails)})")
            handover._desktomy_log_client_copies(sent, skipped)
        if mails:
            trigger_mail_queue(self.env)
        return mails

    def _desktomy_log_client_copies(self, sent, skipped):
        """Note in the handover's chatter to whom the copies went, and who was
        skipped for want of an address."""
        self.ensure_one()
        lines = []
        if sent:
            lines.append(
                self.env._(
                    "Receipt copies e-mailed to the clients: %(clients)s.",
                    clients="; ".join(sent),
                )
            )
        if skipped:
            lines.append(
                self.env._(
                    "No receipt copy e-mailed to these clients, who have no "
                    "e-mail address for notifications: %(clients)s.",
                    clients=", ".join(skipped.mapped("display_name")),
                )
            )
        if lines:
            self._message_log(body=" ".join(lines))
