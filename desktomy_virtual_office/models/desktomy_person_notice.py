# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The e-mails sent to the authorised persons who chose them (on arrival or a
daily digest; see desktomy_notification_preference.py)."""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.fields import Command
from odoo.tools import SQL, email_split

from ..tools.mail_queue import trigger_mail_queue
from .desktomy_mail import WAITING_STATES
from .desktomy_notification_preference import NOTICE_KINDS


class DesktomyPersonNotice(models.Model):
    """One e-mail sent to an authorised person: on arrival, or a daily digest.

    The mail templates render on this record; it is also the log that makes
    the daily digest idempotent (one per person and day).
    """

    _name = "desktomy.person.notice"
    _description = "E-mail to an Authorised Person"
    _order = "id desc"

    person_id = fields.Many2one(
        comodel_name="res.partner",
        string="Authorised Person",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    mode = fields.Selection(
        selection=NOTICE_KINDS,
        string="Kind",
        required=True,
        readonly=True,
    )
    digest_date = fields.Date(
        string="Day",
        required=True,
        readonly=True,
        index=True,
        help="The day whose new mail the digest lists (for an e-mail on arrival, "
        "the day it was sent).",
    )
    item_ids = fields.Many2many(
        comodel_name="desktomy.mail",
        relation="desktomy_person_notice_item_rel",
        column1="notice_id",
        column2="item_id",
        string="Items",
        readonly=True,
    )
    item_count = fields.Integer(string="Number of Items", compute="_compute_count")
    email_to = fields.Char(string="Sent To", readonly=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Sent By Office",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )

    def init(self):
        # one digest per person and day, whatever runs the job
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS desktomy_person_notice_digest_uniq
                ON desktomy_person_notice (person_id, digest_date)
             WHERE mode = 'digest'
            """
        )

    @api.depends("item_ids")
    def _compute_count(self):
        for notice in self:
            notice.item_count = len(notice.item_ids)

    @api.depends("person_id", "mode", "digest_date")
    def _compute_display_name(self):
        labels = dict(self._fields["mode"]._description_selection(self.env))
        for notice in self:
            notice.display_name = "%s: %s (%s)" % (
                labels.get(notice.mode, ""),
                notice.person_id.display_name or "",
                notice.digest_date or "",
            )

    def _desktomy_items_by_client(self):
        """The items of the notice, grouped by client (for the templates)."""
        self.ensure_one()
        items = self.item_ids.sorted(
            lambda item: (item.partner_id.name or "", item.received_datetime)
        )
        return list(items.grouped("partner_id").items())

    # ------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------

    @api.model
    def _desktomy_create_and_send(self, mode, day, items_by_person):
        """Create one notice per person and queue its e-mail, in batch.

        :param dict items_by_person: person id -> list of item ids
        """
        if not items_by_person:
            return self.browse()
        persons = self.env["res.partner"].sudo().browse(list(items_by_person))
        Mail = self.env["desktomy.mail"].sudo()
        vals_list = []
        for person in persons:
            item_ids = items_by_person[person.id]
            emails = email_split(person.email or "")
            if not emails:
                continue
            vals_list.append(
                {
                    "person_id": person.id,
                    "mode": mode,
                    "digest_date": day,
                    "item_ids": [Command.set(item_ids)],
                    "email_to": ", ".join(emails),
                    "company_id": Mail.browse(item_ids[0]).company_id.id,
                }
            )
        notices = self.sudo().create(vals_list)
        template = self.env.ref(
            "desktomy_virtual_office.mail_template_desktomy_daily_digest"
            if mode == "digest"
            else "desktomy_virtual_office.mail_template_desktomy_arrival_notice"
        )
        if notices:
            template.sudo().send_mail_batch(notices.ids)
            trigger_mail_queue(self.env)
        return notices

    @api.model
    def _desktomy_send_arrival(self, items):
        """E-mail on arrival: one e-mail per person in this mode, listing the
        new items of ``items`` of every client they represent in this mode."""
        items = items.filtered(lambda item: item.state in WAITING_STATES)
        if not items:
            return self.browse()
        modes = self.env["desktomy.notification.preference"]._desktomy_modes(
            items.partner_id.ids, mode="arrival"
        )
        if not modes:
            return self.browse()
        items_by_client = {
            client.id: group.ids
            for client, group in items.grouped("partner_id").items()
        }
        items_by_person = {}
        for person_id, client_id, _mode in modes:
            items_by_person.setdefault(person_id, []).extend(
                items_by_client.get(client_id, [])
            )
        return self._desktomy_create_and_send(
            "arrival", fields.Date.context_today(self), items_by_person
        )

    @api.model
    def _desktomy_day_bounds(self, day):
        """The UTC bounds (naive datetimes) of ``day`` in the office's time zone."""
        tz_name = self.env.company.partner_id.tz or self.env.user.tz or "UTC"
        tz = pytz.timezone(tz_name)
        start = tz.localize(datetime.combine(day, time.min))
        end = tz.localize(datetime.combine(day + timedelta(days=1), time.min))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

    @api.model
    def _desktomy_send_digests(self, day):
        """Send the daily digests of ``day``: one e-mail per person in digest
        mode (for at least one client) who has new items of that day, listing
        the items registered that day (in the office's time zone) for all the
        clients they represent in digest mode. Persons who already got the
        digest of ``day`` get nothing (idempotent).

        :return: the notices created
        """
        modes = self.env["desktomy.notification.preference"]._desktomy_modes(
            mode="digest"
        )
        if not modes:
            return self.browse()
        start, end = self._desktomy_day_bounds(day)
        self.flush_model()
        self.env["desktomy.mail"].flush_model(["partner_id", "create_date"])
        pairs = [(person_id, client_id) for person_id, client_id, _mode in modes]
        self.env.cr.execute(
            SQL(
                """
                WITH pair AS (
                    SELECT * FROM unnest(%(persons)s::int[], %(clients)s::int[])
                        AS pair(person_id, client_id)
                )
                SELECT pair.person_id, array_agg(item.id ORDER BY item.id)
                  FROM pair
                  JOIN desktomy_mail item ON item.partner_id = pair.client_id
                 WHERE item.create_date >= %(start)s AND item.create_date < %(end)s
                   AND NOT EXISTS (
                        SELECT 1 FROM desktomy_person_notice notice
                         WHERE notice.person_id = pair.person_id
                           AND notice.mode = 'digest'
                           AND notice.digest_date = %(day)s)
              GROUP BY pair.person_id
                """,
                persons=[pair[0] for pair in pairs],
                clients=[pair[1] for pair in pairs],
                start=start,
                end=end,
                day=day,
            )
        )
        items_by_person = dict(self.env.cr.fetchall())
        return self._desktomy_create_and_send("digest", day, items_by_person)

    @api.model
    def _cron_desktomy_send_digests(self):
        """Daily job: the digests of the previous day."""
        today = fields.Date.context_today(
            self.with_context(tz=self.env.company.partner_id.tz or self.env.user.tz)
        )
        return self._desktomy_send_digests(today - timedelta(days=1))
