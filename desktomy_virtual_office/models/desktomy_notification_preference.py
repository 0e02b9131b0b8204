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

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

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
