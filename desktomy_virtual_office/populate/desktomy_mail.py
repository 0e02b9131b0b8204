# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL, file_open

from .common import HISTORY_MONTHS, Populator
from .sequence import number_by_year

SENDERS = [
    "Urząd Skarbowy Warszawa-Śródmieście", "ZUS Oddział I", "Sąd Rejonowy",
    "PKO Bank Polski", "mBank S.A.", "Orange Polska", "PGE Obrót", "Allegro",
    "Kancelaria Notarialna", "GUS", "Urząd Miasta", "InPost", "DHL Express",
    "Biuro Rachunkowe", "Kontrahent",
]  # fmt: skip
KINDS = [("letter", 60), ("registered", 25), ("parcel", 10), ("other", 5)]
#: State weights of items older than 30 days, and of recent items.
OLD_STATES = [
    ("collected", 72), ("forwarded", 12), ("returned", 5), ("shredded", 8),
    ("notified", 2), ("received", 1),
]  # fmt: skip
RECENT_STATES = [
    ("received", 15), ("notified", 45), ("collected", 30), ("forwarded", 5),
    ("returned", 2), ("shredded", 3),
]  # fmt: skip
#: Share of items with a scan.
SCAN_RATE = 0.35
BATCH = 20000
ARRAY_CASTS = {
    "varchar": "%s::varchar[]",
    "int4": "%s::int4[]",
    "bool": "%s::bool[]",
    "timestamp": "%s::timestamp[]",
}


def _weighted(rng, choices, count):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights, k=count)


class DesktomyMailPopulator(Populator):
    model_name = "desktomy.mail"
    sizes = {"small": 2000, "medium": 30000, "large": 300000}
    dependencies = ("res.partner",)

    def populate(self, size):
        """Items of the last three years in every state, in SQL batches.

        The ORM would spend most of its time in ``mail.thread`` for rows nobody
        will ever edit, so rows are written with ``INSERT ... SELECT unnest``,
        with the same values the ORM would write: references from the
        company's sequence (per year of receipt, the sequence is moved past
        them), dates consistent with the state (notified after received,
        collected after notified, by one of the client's authorised persons),
        and scans as attachments of the item that share one stored PDF (the
        filestore deduplicates identical files the same way). No chatter
        messages are written for these historical rows.
        """
        rng = random.Random("desktomy.mail")
        count = self.sizes[size]
        populated = self.env.registry.populated_models
        clients = (
            self.env["res.partner"]
            .browse(populated.get("res.partner", []))
            .filtered("desktomy_is_client")
        )
        if not clients:
            return self.model.browse()
        company = self.env.company
        persons = {
            client.id: client.desktomy_authorized_person_ids.mapped("name")
            for client in clients
        }
        # A few clients get much more mail than most (Pareto weights).
        weights = [min(rng.paretovariate(1.2), 50.0) for _client in clients]
        partner_ids = rng.choices(clients.ids, weights=weights, k=count)
        now = fields.Datetime.now()
        days = HISTORY_MONTHS * 30
        rows = []
        for index, (partner_id, kind) in enumerate(
            zip(partner_ids, _weighted(rng, KINDS, count), strict=True)
        ):
            age = rng.triangular(0, days, 0) if index % 3 else rng.uniform(0, days)
            received = (now - timedelta(days=age)).replace(
                hour=7 + rng.randrange(9), minute=rng.randrange(60), microsecond=0
            )
            received = min(received, now)
            state = _weighted(rng, OLD_STATES if age > 30 else RECENT_STATES, 1)[0]
            notified = collected = None
            event = received
            if state != "received" and (state == "notified" or rng.random() < 0.8):
                notified = min(received + timedelta(hours=rng.randrange(1, 5)), now)
                event = notified
            if state != "received" and state != "notified":
                event = min(received + timedelta(days=rng.randrange(1, 21)), now)
            collector = None
            if state == "collected":
                collected = event
                collector = rng.choice(persons[partner_id] or ["?"])
            rows.append(
                {
                    "partner_id": partner_id,
                    "received": received,
                    "sender": rng.choice(SENDERS),
                    "kind": kind,
                    "tracking": f"RR{rng.randrange(10**8, 10**9)}PL"
                    if kind in ("registered", "parcel")
                    else None,
                    "notify_attachment": rng.random() < 0.85,
                    "state": state,
                    "notified": notified,
                    "collected": collected,
                    "collector": collector,
                    "event": event,
                    "scan": rng.random() < SCAN_RATE,
                }
            )
        rows.sort(key=lambda row: row["received"])
        number_by_year(self.env, company._desktomy_mail_sequence(), rows, "received")
        ids = []
        for start in range(0, len(rows), BATCH):
            ids += self._insert(company, rows[start : start + BATCH])
        items = self.model.browse(ids)
        self._scans(
            items.browse([i for i, row in zip(ids, rows, strict=True) if row["scan"]])
        )
        return items

    def _insert(self, company, rows):
        columns = [
            ("name", "varchar", "name"),
            ("partner_id", "int4", "partner_id"),
            ("received_datetime", "timestamp", "received"),
            ("sender", "varchar", "sender"),
            ("kind", "varchar", "kind"),
            ("tracking_number", "varchar", "tracking"),
            ("notify_with_attachment", "bool", "notify_attachment"),
            ("state", "varchar", "state"),
            ("notified_datetime", "timestamp", "notified"),
            ("collected_datetime", "timestamp", "collected"),
            ("collector_name", "varchar", "collector"),
            ("write_date", "timestamp", "event"),
            ("create_date", "timestamp", "received"),
        ]
        uid = self.env.uid
        query = SQL(
            """
            INSERT INTO desktomy_mail
                (%(names)s, company_id, create_uid, write_uid)
            SELECT *, %(company)s, %(uid)s, %(uid)s
              FROM unnest(%(arrays)s)
            RETURNING id
            """,
            names=SQL(", ").join(SQL.identifier(name) for name, _t, _k in columns),
            company=company.id,
            uid=uid,
            arrays=SQL(", ").join(
                SQL(ARRAY_CASTS[sql_type], [row[key] for row in rows])
                for _name, sql_type, key in columns
            ),
        )
        self.env.cr.execute(query)
        return [row[0] for row in self.env.cr.fetchall()]

    def _scans(self, items):
        """One scan attachment per item of ``items``, sharing one stored file."""
        if not items:
            return
        with file_open("desktomy_virtual_office/demo/scan_letter.pdf", "rb") as file:
            content = file.read()
        template = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "scan.pdf",
                    "raw": content,
                    "mimetype": "application/pdf",
                    "res_model": self.model_name,
                    "res_id": items[0].id,
                }
            )
        )
        self.env.flush_all()
        self.env.cr.execute(
            "INSERT INTO desktomy_mail_scan_rel (mail_id, attachment_id) "
            "VALUES (%s, %s)",
            [items[0].id, template.id],
        )
        self.env.cr.execute(
            """
            WITH scans AS (
                INSERT INTO ir_attachment (
                    name, res_model, res_id, company_id, type, store_fname,
                    checksum, file_size, mimetype, public, create_uid,
                    write_uid, create_date, write_date
                )
                SELECT 'scan-' || replace(m.name, '/', '-') || '.pdf', %s, m.id,
                       m.company_id, 'binary', a.store_fname, a.checksum,
                       a.file_size, a.mimetype, false, m.create_uid, m.create_uid,
                       m.received_datetime, m.received_datetime
                  FROM desktomy_mail m, ir_attachment a
                 WHERE m.id = ANY(%s) AND a.id = %s
                RETURNING id, res_id
            )
            INSERT INTO desktomy_mail_scan_rel (mail_id, attachment_id)
            SELECT res_id, id FROM scans
            """,
            [self.model_name, items[1:].ids, template.id],
        )
        self.env.invalidate_all()
