# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random
from collections import defaultdict
from datetime import datetime, timedelta

from odoo.tools import SQL

from ..models.desktomy_mail_request import FORWARD_CARRIERS
from .common import Populator
from .desktomy_mail import ARRAY_CASTS
from .sequence import number_by_year

#: Share of the waiting items with a pending request.
PENDING_RATE = 0.03
#: Share of the forwarded / shredded / collected / scanned items whose action
#: was asked by a request (done).
DONE_RATES = {"forwarded": 0.5, "shredded": 0.7, "collected": 0.04, "scan": 0.03}
#: Share of the items with a refused, and with a cancelled, request.
REFUSED_RATE = 0.01
CANCELLED_RATE = 0.015
BATCH = 20000
CASTS = dict(ARRAY_CASTS, text="%s::text[]", date="%s::date[]")
ORIGINS = [("portal", 70), ("desk", 25), ("instruction", 5)]
REFUSE_REASONS = [
    "The item is a registered letter that only the addressee may collect.",
    "The forwarding address is incomplete.",
    "Shredding needs a written order of the management board.",
]


class _Builder:
    """The rows of the populated requests (``requests``), drawn with ``rng``."""

    def __init__(self, rng, now, persons, addresses, desk_id):
        self.rng = rng
        self.now = now
        self.persons = persons
        self.addresses = addresses
        self.desk_id = desk_id
        self.requests = []

    def between(self, start, end):
        end = max(end, start)
        return start + timedelta(
            seconds=self.rng.randint(0, int((end - start).total_seconds()))
        )

    def add(self, rows, kind, state, requested, **values):
        rng = self.rng
        partner_id, company_id = rows[0][1], rows[0][2]
        origin = rng.choices(*zip(*ORIGINS, strict=True))[0]
        request = {
            "partner_id": partner_id,
            "company_id": company_id,
            "kind": kind,
            "state": state,
            "origin": origin,
            "requested_by_id": (
                self.persons.get(partner_id) if origin == "portal" else None
            ),
            "requested_datetime": requested,
            "forward_address": None,
            "forward_carrier": None,
            "note": None,
            "pickup_date": None,
            "refuse_reason": None,
            "done_datetime": None,
            "done_user_id": None,
            "cancelled_datetime": None,
            "item_ids": [row[0] for row in rows],
        }
        if kind == "forward":
            request["forward_address"] = self.addresses.get(partner_id) or (
                "ul. Przykładowa 1\n00-001 Warszawa"
            )
            request["forward_carrier"] = rng.choice(FORWARD_CARRIERS)
        request.update(values)
        self.requests.append(request)

    def add_waiting(self, items):
        """Items of one client waiting, in groups of one to three: a share
        with a pending request (some overdue), a few refused or cancelled."""
        rng, now = self.rng, self.now
        waiting = defaultdict(list)
        for row in items:
            if row[3] in ("received", "notified"):
                waiting[row[1]].append(row)
        for rows in waiting.values():
            index = 0
            while index < len(rows):
                group = rows[index : index + rng.choice((1, 1, 1, 2, 3))]
                index += len(group)
                draw = rng.random()
                received = max(row[4] for row in group)
                if draw < PENDING_RATE:
                    kind = rng.choice(("scan", "forward", "shred", "pickup"))
                    if kind == "scan" and any(row[6] for row in group):
                        kind = "forward"
                    # half of them asked within half a day, the others up to
                    # a week ago (overdue)
                    days = 7 if draw < PENDING_RATE / 2 else 0.5
                    self.add(
                        group,
                        kind,
                        "pending",
                        self.between(max(received, now - timedelta(days=days)), now),
                        pickup_date=(
                            now.date() + timedelta(days=rng.randint(0, 5))
                            if kind == "pickup"
                            else None
                        ),
                    )
                elif draw < PENDING_RATE + REFUSED_RATE:
                    self.add(
                        group,
                        "shred",
                        "refused",
                        self.between(received, now),
                        refuse_reason=rng.choice(REFUSE_REASONS),
                    )
                elif draw < PENDING_RATE + REFUSED_RATE + CANCELLED_RATE:
                    requested = self.between(received, now)
                    self.add(
                        group,
                        "forward",
                        "cancelled",
                        requested,
                        cancelled_datetime=self.between(requested, now),
                    )

    def add_done(self, items):
        """Items that left the office or were scanned on a request."""
        kinds = {"forwarded": "forward", "shredded": "shred", "collected": "pickup"}
        for row in items:
            state, received, left = row[3], row[4], row[5]
            kind = kinds.get(state)
            if kind and left and self.rng.random() < DONE_RATES[state]:
                self.add(
                    [row],
                    kind,
                    "done",
                    self.between(received, left),
                    done_datetime=left,
                    done_user_id=self.desk_id,
                    pickup_date=left.date() if kind == "pickup" else None,
                )
            elif row[6] and self.rng.random() < DONE_RATES["scan"]:
                self.add(
                    [row],
                    "scan",
                    "done",
                    received,
                    done_datetime=received + timedelta(hours=2),
                    done_user_id=self.desk_id,
                )


class DesktomyMailRequestPopulator(Populator):
    model_name = "desktomy.mail.request"
    #: Requests follow from the items (a share of them, see the rates above).
    sizes = {"small": 1, "medium": 1, "large": 1}
    dependencies = ("desktomy.mail", "desktomy.mail.handover")

    def populate(self, size):
        """Requests for a realistic share of the items, in SQL.

        About :data:`PENDING_RATE` of the waiting items have a pending request
        (one to three items of a client each; some of them overdue), and the
        items that were forwarded, shredded, collected or scanned were partly
        asked for by a request, done when the action happened. A few items
        have a refused or a cancelled request. Rows are written with the
        values the ORM would write, without chatter messages.
        """
        rng = random.Random("desktomy.mail.request")
        self.env.flush_all()
        now = datetime.now().replace(microsecond=0)
        self.env.cr.execute(
            """
            SELECT m.id, m.partner_id, m.company_id, m.state, m.received_datetime,
                   COALESCE(m.disposition_datetime, m.collected_datetime),
                   EXISTS(SELECT 1 FROM desktomy_mail_scan_rel s
                           WHERE s.mail_id = m.id)
              FROM desktomy_mail m
             WHERE m.id NOT IN (SELECT mail_id FROM desktomy_mail_request_item_rel)
             ORDER BY m.partner_id, m.received_datetime, m.id
            """
        )
        items = self.env.cr.fetchall()
        if not items:
            return self.model.browse()
        persons = self._persons()
        addresses = self._addresses()
        desk = self.env["res.users"].search(
            [("login", "=", "desk@populate.example.com")], limit=1
        )
        desk_id = desk.id or self.env.uid
        builder = _Builder(rng, now, persons, addresses, desk_id)
        builder.add_waiting(items)
        builder.add_done(items)
        requests = builder.requests
        if not requests:
            return self.model.browse()
        requests.sort(key=lambda r: (r["requested_datetime"], r["item_ids"][0]))
        number_by_year(
            self.env,
            "desktomy_virtual_office.seq_desktomy_mail_request",
            requests,
            "requested_datetime",
        )
        ids = []
        for start in range(0, len(requests), BATCH):
            ids += self._insert(requests[start : start + BATCH])
        field = self.model._fields["mail_ids"]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(rel)s (%(col1)s, %(col2)s)
                SELECT * FROM unnest(%(requests)s::int4[], %(items)s::int4[])
                """,
                rel=SQL.identifier(field.relation),
                col1=SQL.identifier(field.column1),
                col2=SQL.identifier(field.column2),
                requests=[
                    request_id
                    for request_id, request in zip(ids, requests, strict=True)
                    for _item in request["item_ids"]
                ],
                items=[item for request in requests for item in request["item_ids"]],
            )
        )
        self.env.invalidate_all()
        return self.model.browse(ids)

    def _persons(self):
        """``{client id: authorised person id}`` (the one who asks)."""
        rel = self.env["res.partner"]._fields["desktomy_authorized_person_ids"]
        self.env.cr.execute(
            SQL(
                "SELECT %(client)s, min(%(person)s) FROM %(rel)s GROUP BY 1",
                rel=SQL.identifier(rel.relation),
                client=SQL.identifier(rel.column1),
                person=SQL.identifier(rel.column2),
            )
        )
        return dict(self.env.cr.fetchall())

    def _addresses(self):
        """``{client id: postal address}`` of the clients that have one."""
        self.env.cr.execute(
            """
            SELECT id, concat_ws(E'\n', street, concat_ws(' ', zip, city))
              FROM res_partner
             WHERE desktomy_is_client AND street IS NOT NULL
            """
        )
        return dict(self.env.cr.fetchall())

    def _insert(self, requests):
        columns = [
            ("name", "varchar"),
            ("company_id", "int4"),
            ("partner_id", "int4"),
            ("kind", "varchar"),
            ("state", "varchar"),
            ("origin", "varchar"),
            ("requested_by_id", "int4"),
            ("requested_datetime", "timestamp"),
            ("forward_address", "text"),
            ("forward_carrier", "varchar"),
            ("note", "text"),
            ("pickup_date", "date"),
            ("refuse_reason", "text"),
            ("done_datetime", "timestamp"),
            ("done_user_id", "int4"),
            ("cancelled_datetime", "timestamp"),
        ]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO desktomy_mail_request
                    (%(names)s, create_uid, write_uid, create_date, write_date)
                SELECT *, %(uid)s, %(uid)s, rows.requested_datetime,
                       COALESCE(rows.done_datetime, rows.cancelled_datetime,
                                rows.requested_datetime)
                  FROM unnest(%(arrays)s) AS rows(%(names)s)
                RETURNING id
                """,
                names=SQL(", ").join(SQL.identifier(name) for name, _t in columns),
                uid=self.env.uid,
                arrays=SQL(", ").join(
                    SQL(CASTS[sql_type], [request[name] for request in requests])
                    for name, sql_type in columns
                ),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]
