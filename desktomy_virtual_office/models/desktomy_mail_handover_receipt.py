# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The receipt confirmation proves itself: public verification, client copies."""

import base64
import hashlib
import re
import secrets

import pytz

from odoo import api, fields, models
from odoo.tools import SQL, format_datetime

#: ``secrets.token_urlsafe(24)``: 32 characters of the URL-safe base64 alphabet.
VERIFICATION_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")

#: Characters of the identity document number left readable on the receipt.
ID_NUMBER_VISIBLE = 3


def _new_verification_token():
    return secrets.token_urlsafe(24)


class DesktomyMailHandover(models.Model):
    _inherit = "desktomy.mail.handover"

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

    # ------------------------------------------------------------------
    # Receipt content
    # ------------------------------------------------------------------

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

    # ------------------------------------------------------------------
    # Public verification
    # ------------------------------------------------------------------

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

    def _desktomy_verification_values(self):
        """What the public page may show: nothing about clients or the collector."""
        self.ensure_one()
        return {
            "number": self.name,
            "date": self._desktomy_receipt_datetime_label(),
            "item_count": self.mail_count,
            "sha256": self.receipt_sha256,
        }

    def _desktomy_receipt_matches(self, sha256_hex):
        """Whether a file of SHA-256 ``sha256_hex`` is the stored original."""
        self.ensure_one()
        return bool(self.receipt_sha256) and sha256_hex == self.receipt_sha256

    def _desktomy_is_original_receipt(self, content):
        """Whether ``content`` (bytes) is the stored original, byte for byte."""
        self.ensure_one()
        return self._desktomy_receipt_matches(hashlib.sha256(content).hexdigest())

    # ------------------------------------------------------------------
    # Client copies by e-mail
    # ------------------------------------------------------------------

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
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
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
