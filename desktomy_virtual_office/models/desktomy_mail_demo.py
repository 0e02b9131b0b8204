# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The demo history of items stays in its own file, beside the demo data.
# pylint: disable=consider-merging-classes-inherited
import base64
import io
import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from PIL import Image, ImageDraw

from odoo import Command, api, fields, models
from odoo.tools import SQL

from .desktomy_mail import WAITING_STATES

#: Demo pickups of the last days are signed on the tablet (with a receipt);
#: older ones were confirmed on paper, before the office had a tablet.
DEMO_DIGITAL_DAYS = 45


def demo_signature(seed):
    """A drawn stroke on a transparent pad, different for every ``seed``."""
    rng = random.Random(seed)
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    points = [(30 + x * 27, 100 + rng.randint(-55, 55)) for x in range(20)]
    ImageDraw.Draw(image).line(points, fill=(0, 0, 139, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


class DesktomyMail(models.Model):
    _inherit = "desktomy.mail"

    @api.model
    def _desktomy_demo_history(self, rows):
        """Demo data only: replay the history of demo items through their actions.

        ``rows``: ``(item id, final state, collector name, days ago, minutes
        after 7:00)``. Collected items are handed over by the demo
        receptionist through ``desktomy.mail.handover.action_confirm`` (one
        handover per collector and week, signed with a receipt, for the last
        weeks; one per collector and year, on paper, before), the others go
        through ``action_mark_*``. The dates of what the actions recorded are
        then moved back to when the demo says it happened (in SQL: nothing
        else may backdate a handover).
        """
        # the desk's receptionist hands over (the receipts name her, in Polish)
        desk = self.env.ref(
            "desktomy_virtual_office.user_receptionist_demo", raise_if_not_found=False
        )
        if desk:
            self = self.with_user(desk)  # noqa: PLW0642
        today = datetime.combine(fields.Date.today(), time(7, 0))
        Handover = self.env["desktomy.mail.handover"]
        pickups = defaultdict(list)
        closed = defaultdict(list)
        for item_id, state, collector, days, minutes in rows:
            moment = today - timedelta(days=days) + timedelta(minutes=minutes)
            if state == "collected":
                day = (today - timedelta(days=days)).date()
                if days <= DEMO_DIGITAL_DAYS:
                    # recent pickups: one per collector and week
                    period = ("week", *day.isocalendar()[:2])
                else:
                    # the paper era: one (paper) record per collector and year
                    period = ("year", day.year)
                pickups[(collector, period)].append((item_id, moment, days))
            else:
                closed[state].append((item_id, moment))
        # the demo's clients get no e-mailed receipt copies (one PDF each)
        company = self.env.company.sudo()
        email_copies = company.desktomy_receipt_email_clients
        company.desktomy_receipt_email_clients = False
        persons = {
            person.name: person
            for person in self.env["res.partner"].search(
                [("desktomy_represented_client_ids", "!=", False)]
            )
        }
        for index, ((collector, _week), entries) in enumerate(sorted(pickups.items())):
            items = self.browse([entry[0] for entry in entries]).exists()
            items = items.filtered(lambda item: item.state in ("received", "notified"))
            if not items:
                continue
            moment = max(entry[1] for entry in entries)
            digital = min(entry[2] for entry in entries) <= DEMO_DIGITAL_DAYS
            person = persons.get(collector, self.env["res.partner"])
            authorised = person and not (
                items.partner_id - person.desktomy_represented_client_ids
            )
            handover = Handover.create(
                {
                    "collector_partner_id": person.id,
                    "collector_name": collector,
                    "collector_id_number": False
                    if authorised
                    else f"AYD{100000 + index * 7919 % 900000}",
                    "digital_confirmation": digital,
                    "signature": demo_signature(index) if digital else False,
                    "mail_ids": [Command.set(items.ids)],
                }
            )
            handover.with_context(desktomy_demo=True).action_confirm()
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE desktomy_mail_handover
                       SET handover_datetime = %(moment)s, create_date = %(moment)s
                     WHERE id = %(handover)s;
                    UPDATE desktomy_mail SET collected_datetime = %(moment)s
                     WHERE handover_id = %(handover)s;
                    """,
                    moment=moment,
                    handover=handover.id,
                )
            )
        for state, entries in closed.items():
            items = self.browse([entry[0] for entry in entries]).exists()
            if state == "forwarded":
                for item in items:
                    item.action_mark_forwarded(
                        address=item.partner_id._display_address().strip() or "-",
                        carrier="Poczta Polska",
                        tracking_number=f"RR{100000000 + item.id:09d}PL",
                        postage=12.5,
                    )
            elif state == "returned":
                items.action_mark_returned()
            elif state == "shredded":
                items.action_mark_shredded()
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE desktomy_mail m
                       SET disposition_datetime = d.moment
                      FROM unnest(%(ids)s::int4[], %(moments)s::timestamp[])
                           AS d(id, moment)
                     WHERE m.id = d.id
                    """,
                    ids=[entry[0] for entry in entries],
                    moments=[entry[1] for entry in entries],
                )
            )
        company.desktomy_receipt_email_clients = email_copies
        self.env.invalidate_all()

    def _desktomy_demo_user(self, xmlid):
        """``self`` as the demo user ``xmlid`` (of this module), if present."""
        user = self.env.ref(
            f"desktomy_virtual_office.{xmlid}", raise_if_not_found=False
        )
        return self.with_user(user) if user else self

    @api.model
    def _desktomy_demo_instructions(self, instructions, intake, preferences):
        """Demo data only: standing instructions, a registration they apply to,
        and notification preferences, as the desk sets them.

        ``instructions``: ``(client id, item kind, action)``, set by the demo
        receptionist (``desktomy.standing.instruction._desktomy_set``);
        ``intake``: values of items registered by her after that (``hours``:
        received that many hours ago), which get their requests from the
        instructions as any registration does; ``preferences``: ``(person id,
        client id, mode)`` (``_desktomy_set_mode``).

        The demo items were all created when the demo was loaded; the daily
        digest lists the items by when they were registered, so their
        registration is moved back to when they were received (in SQL, as the
        demo history does for its dates) before the preferences are set.
        """
        desk = self._desktomy_demo_user("user_receptionist_demo")
        company = desk.env.company
        Partner = self.env["res.partner"]
        for client_id, item_kind, action in instructions:
            desk.env["desktomy.standing.instruction"]._desktomy_set(
                Partner.browse(client_id), company, item_kind, action
            )
        now = fields.Datetime.now()
        registered = desk.create(
            [
                dict(
                    {key: value for key, value in vals.items() if key != "hours"},
                    received_datetime=now - timedelta(hours=vals.get("hours", 0)),
                )
                for vals in intake
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE desktomy_mail SET create_date = received_datetime
                 WHERE received_datetime < create_date
                   AND (id = ANY(%s) OR id IN (
                        SELECT res_id FROM ir_model_data
                         WHERE module = 'desktomy_virtual_office'
                           AND model = 'desktomy.mail'))
                """,
                registered.ids,
            )
        )
        self.env.invalidate_all()
        Preference = desk.env["desktomy.notification.preference"]
        for person_id, client_id, mode in preferences:
            Preference._desktomy_set_mode(
                Partner.browse(person_id), Partner.browse(client_id), mode
            )

    @api.model
    def _desktomy_demo_requests(self, rows):
        """Demo data only: clients' requests made through the real API
        (``desktomy.mail.request._desktomy_submit``), some then worked by the
        demo receptionist through the items' own actions.

        ``rows``: dicts with ``item`` (id), ``kind``, ``person`` (the
        representative who asked, id or False), ``origin`` (``portal`` or
        ``desk``), ``values`` (``forward_address``...), ``hours`` (asked that
        many hours ago: the request's date and its chatter are moved back in
        SQL, as the demo history does) and the ``outcome``: None (pending),
        ``forwarded`` (``action_mark_forwarded`` with the request's address
        and carrier, ``tracking`` and ``postage``) or ``refused`` (``reason``).
        """
        desk = self._desktomy_demo_user("user_receptionist_demo")
        Request = desk.env["desktomy.mail.request"]
        now = fields.Datetime.now()
        Outgoing = self.env["mail.mail"].sudo()
        last_mail = Outgoing.search([], order="id desc", limit=1).id or 0
        for row in rows:
            item = self.browse(row["item"]).exists()
            if (
                not item
                or item.state not in WAITING_STATES
                or item._desktomy_pending_requests()
            ):
                continue
            person = self.env["res.partner"].browse(row.get("person") or [])
            request = Request._desktomy_submit(
                item.partner_id,
                row["kind"],
                item,
                row.get("values"),
                person=person or None,
                origin=row.get("origin", "portal"),
            )
            requested = min(
                max(
                    now - timedelta(hours=row.get("hours", 0)),
                    item.received_datetime + timedelta(minutes=30),
                ),
                now,
            )
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE desktomy_mail_request SET requested_datetime = %(moment)s
                     WHERE id = %(request)s;
                    UPDATE mail_message SET date = %(moment)s
                     WHERE model = 'desktomy.mail.request' AND res_id = %(request)s
                    """,
                    moment=requested,
                    request=request.id,
                )
            )
            self.env.invalidate_all()
            outcome = row.get("outcome")
            if outcome == "forwarded":
                item.with_env(desk.env).action_mark_forwarded(
                    address=request.forward_address,
                    carrier=request.forward_carrier,
                    tracking_number=row.get("tracking"),
                    postage=row.get("postage"),
                )
            elif outcome == "refused":
                request.action_refuse(row["reason"])
        # The e-mails telling the clients were sent when the demo says it
        # happened: none is left in the outgoing queue (the requests' chatter
        # says the client was told).
        Outgoing.search([("id", ">", last_mail)]).unlink()
