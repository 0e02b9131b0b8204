# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How the authorised persons of a client hear of its new mail.

Personal e-mails are opt-in. Each authorised person chooses, per client
company they represent, one of:

- *Office notifications only* (the default, when they chose nothing): no
  e-mail of their own; they learn of new mail through the desk's notification
  to the client's notification address, as before preferences existed.
- *E-mail on arrival*: when items are registered (intake), each person in
  this mode gets one short e-mail ("new mail is waiting") listing the new
  items of the batch of every company they represent in this mode. It carries
  no scan and has no missing-attachment alert: the desk's notification
  (``desktomy.mail.action_notify``, with the scans, to the client's
  notification address) stays as it is, sent when the desk decides.
- *Daily digest*: a daily job (``ir.cron``) sends one e-mail per person
  listing the items registered the previous day for all the companies they
  represent in this mode. What was sent is kept (``desktomy.person.notice``):
  a person gets at most one digest per day, and a second run sends nothing.
"""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tools import SQL, email_split

from .desktomy_mail import WAITING_STATES

NOTIFICATION_MODES = [
    ("none", "Office notifications only"),
    ("arrival", "E-mail on arrival"),
    ("digest", "Daily digest"),
]
#: The mode of an authorised person who chose nothing: no personal e-mail (the
#: behaviour before preferences existed). A preference row in this mode means
#: the same as no row.
DEFAULT_MODE = "none"
#: The kinds of e-mail sent to a person (the modes that send one).
NOTICE_KINDS = [mode for mode in NOTIFICATION_MODES if mode[0] != DEFAULT_MODE]
#: Context key that registers items without the arrival e-mails (imports of
#: old mail, data loading).
NO_ARRIVAL_NOTICE = "desktomy_no_arrival_notice"


class DesktomyNotificationPreference(models.Model):
    _name = "desktomy.notification.preference"
    _description = "Notification Preference of an Authorised Person"
    _order = "client_id, person_id"

    person_id = fields.Many2one(
        comodel_name="res.partner",
        string="Authorised Person",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_company", "=", False)],
    )
    client_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("desktomy_is_client", "=", True)],
    )
    company_id = fields.Many2one(
        related="client_id.company_id", store=True, index=True, string="Company"
    )
    mode = fields.Selection(
        selection=NOTIFICATION_MODES,
        string="Notification",
        required=True,
        default=DEFAULT_MODE,
        help="Office notifications only (the default): no e-mail of their own, "
        "only the office's notification to the client's notification address. "
        "E-mail on arrival: a short e-mail when new mail is registered. "
        "Daily digest: one e-mail a day listing the new mail of all the companies "
        "the person represents with this choice.",
    )

    _sql_constraints = [
        (
            "person_client_uniq",
            "unique(person_id, client_id)",
            "A person has one notification preference per client.",
        ),
    ]

    @api.constrains("person_id", "client_id")
    def _check_person_represents_client(self):
        for preference in self.sudo():
            client = preference.client_id
            person = preference.person_id
            if not client.desktomy_is_client:
                raise ValidationError(
                    self.env._(
                        "%(client)s is not a client of the virtual office.",
                        client=client.display_name,
                    )
                )
            if (
                person not in client.desktomy_authorized_person_ids
                and person.commercial_partner_id != client
            ):
                raise ValidationError(
                    self.env._(
                        "%(person)s does not represent %(client)s: only its "
                        "authorised persons choose how they are notified.",
                        person=person.display_name,
                        client=client.display_name,
                    )
                )

    @api.model
    def _desktomy_modes(self, client_ids=None, mode=None):
        """The persons to notify of the mail of clients, with their mode.

        A person is notified for a client when they are one of its authorised
        persons (mode: their preference, else ``DEFAULT_MODE``, i.e. no
        personal e-mail), or when they chose a preference as a contact of the
        client company itself. Persons without an e-mail address, or archived,
        are left out. One query; for a mode other than the default (the e-mail
        senders ask for "arrival" or "digest") it starts from the preferences
        chosen, so the persons who chose nothing cost nothing.

        :param client_ids: the clients (ids), or ``None`` for all
        :param mode: keep only this mode (``None``: all, with the default)
        :return: list of ``(person_id, client_id, mode)``
        """
        Partner = self.env["res.partner"]
        Partner.flush_model(
            ["email", "active", "commercial_partner_id", "desktomy_is_client"]
        )
        Partner.flush_model(["desktomy_authorized_person_ids"])
        self.flush_model()
        clients_filter = SQL("TRUE") if client_ids is None else None
        if client_ids is not None:
            clients_filter = SQL("candidate.client_id = ANY(%s)", list(client_ids))
        if mode is None or mode == DEFAULT_MODE:
            # persons without a preference are in the default mode
            pref_join = SQL("LEFT JOIN")
            mode_filter = (
                SQL("TRUE")
                if mode is None
                else SQL("COALESCE(pref.mode, %s) = %s", DEFAULT_MODE, mode)
            )
        else:
            # only a chosen preference puts a person in another mode
            pref_join = SQL("JOIN")
            mode_filter = SQL("pref.mode = %s", mode)
        self.env.cr.execute(
            SQL(
                """
                WITH candidate AS (
                    SELECT rel.client_id, rel.person_id
                      FROM desktomy_client_person_rel rel
                    UNION
                    SELECT pref.client_id, pref.person_id
                      FROM desktomy_notification_preference pref
                      JOIN res_partner contact ON contact.id = pref.person_id
                     WHERE contact.commercial_partner_id = pref.client_id
                )
                SELECT candidate.person_id, candidate.client_id,
                       COALESCE(pref.mode, %(default)s)
                  FROM candidate
                  JOIN res_partner person ON person.id = candidate.person_id
                  JOIN res_partner client ON client.id = candidate.client_id
                  %(pref_join)s desktomy_notification_preference pref
                    ON pref.person_id = candidate.person_id
                   AND pref.client_id = candidate.client_id
                 WHERE %(clients)s AND %(mode)s
                   AND person.active AND COALESCE(person.email, '') != ''
                   AND client.desktomy_is_client
              ORDER BY candidate.person_id, candidate.client_id
                """,
                default=DEFAULT_MODE,
                pref_join=pref_join,
                clients=clients_filter,
                mode=mode_filter,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _desktomy_set_mode(self, person, client, mode):
        """Set the mode of ``person`` for ``client`` (creates or updates).

        Choosing ``DEFAULT_MODE`` ("none") is stored like the other modes (a
        row in "none" means the same as no row; the desk sees the choice on
        the client's form). An unknown mode is refused. The caller checked
        that ``person`` represents ``client`` (the constraint checks it again).
        """
        if mode not in dict(NOTIFICATION_MODES):
            raise ValidationError(self.env._("Unknown notification mode."))
        preference = self.search(
            [("person_id", "=", person.id), ("client_id", "=", client.id)], limit=1
        )
        if preference:
            if preference.mode != mode:
                preference.mode = mode
            return preference
        return self.create(
            {"person_id": person.id, "client_id": client.id, "mode": mode}
        )


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
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
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


class DesktomyMail(models.Model):
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "desktomy.mail"

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        items._desktomy_after_intake()
        return items

    def _desktomy_after_intake(self):
        """Hook run once per batch of newly registered items.

        Sends the e-mails on arrival to the authorised persons who chose them
        (a person who chose nothing gets none), unless the context says not to
        (``desktomy_no_arrival_notice``, and while module data is loaded).
        """
        context = self.env.context
        if context.get(NO_ARRIVAL_NOTICE) or context.get("install_module"):
            return
        self.env["desktomy.person.notice"]._desktomy_send_arrival(self)


class ResPartner(models.Model):
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "res.partner"

    desktomy_notification_preference_ids = fields.One2many(
        comodel_name="desktomy.notification.preference",
        inverse_name="client_id",
        string="Notification Preferences",
        groups="desktomy_virtual_office.group_desktomy_user",
        help="How each authorised person hears of the new mail of this client; "
        "a person not listed gets no e-mail of their own (only the office's "
        "notification to the client's notification address).",
    )
