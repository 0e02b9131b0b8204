# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import io
import logging
import random
from collections import defaultdict
from datetime import timedelta

from PIL import Image, ImageDraw

from odoo.tools import SQL

from ..models.desktomy_mail_handover import _copy_for_documents
from .common import Populator
from .desktomy_mail import ARRAY_CASTS
from .sequence import number_by_year

_logger = logging.getLogger(__name__)

#: Share of the pickups confirmed digitally (signature on the tablet, receipt).
DIGITAL_RATE = 0.6
#: A pickup takes the items collected within this time of its first one.
PICKUP_DAYS = 7
PICKUP_WINDOW = timedelta(days=PICKUP_DAYS)
BATCH = 20000


def _signature_png(rng):
    """A small scribble standing for the collector's signature."""
    image = Image.new("L", (360, 120), 255)
    draw = ImageDraw.Draw(image)
    points = [(20 + x * 16, 60 + rng.randint(-35, 35)) for x in range(21)]
    draw.line(points, fill=0, width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class DesktomyMailHandoverPopulator(Populator):
    model_name = "desktomy.mail.handover"
    #: Handovers follow from the collected items (one per pickup).
    sizes = {"small": 1, "medium": 1, "large": 1}
    dependencies = ("desktomy.mail",)

    def populate(self, size):
        """Hand over every collected item that has no handover yet, in SQL.

        Works on a freshly populated database and on one populated before
        handovers existed (``desktomy-populate --models desktomy.mail.handover
        --no-dependencies``): the collected items without handover are grouped
        into real pickups: the collector (the authorised person named on the
        item, who may collect for several clients) takes at once the items
        collected within :data:`PICKUP_DAYS` days, at the latest of their
        collection times, which all items of the pickup and their handover
        usage lines then get. About :data:`DIGITAL_RATE` of the
        pickups were confirmed digitally: a signature and the receipt,
        attached to the handover and to each item; all of them share one
        stored receipt PDF and one stored signature (the filestore keeps one
        file per checksum). Rows are written with the values the ORM would
        write, without chatter messages (as the populated items have none).
        """
        rng = random.Random("desktomy.mail.handover")
        self.env.flush_all()
        pickups = self._pickups()
        if not pickups:
            return self.model.browse()
        pickups.sort(key=lambda pickup: (pickup["datetime"], pickup["item_ids"][0]))
        for pickup in pickups:
            pickup["digital"] = rng.random() < DIGITAL_RATE
        number_by_year(
            self.env,
            "desktomy_virtual_office.seq_desktomy_mail_handover",
            pickups,
            "datetime",
        )
        desk = self.env["res.users"].search(
            [("login", "=", "desk@populate.example.com")], limit=1
        )
        user_id = desk.id or self.env.uid
        ids = []
        for start in range(0, len(pickups), BATCH):
            ids += self._insert(pickups[start : start + BATCH], user_id)
        for pickup, handover_id in zip(pickups, ids, strict=True):
            pickup["id"] = handover_id
        self._link(pickups)
        digital = [pickup["id"] for pickup in pickups if pickup["digital"]]
        if digital:
            self._receipts(digital, _signature_png(rng))
        self.env.invalidate_all()
        return self.model.browse(ids)

    def _pickups(self):
        """Group the collected items without handover into pickups."""
        rel = self.env["res.partner"]._fields["desktomy_authorized_person_ids"]
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.%(client)s, person.name, min(person.id)
                  FROM %(rel)s rel
                  JOIN res_partner person ON person.id = rel.%(person)s
                 GROUP BY rel.%(client)s, person.name
                """,
                rel=SQL.identifier(rel.relation),
                client=SQL.identifier(rel.column1),
                person=SQL.identifier(rel.column2),
            )
        )
        persons = {
            (client, name): person for client, name, person in self.env.cr.fetchall()
        }
        self.env.cr.execute(
            """
            SELECT id, partner_id, collector_name, collected_datetime, company_id
              FROM desktomy_mail
             WHERE state = 'collected' AND handover_id IS NULL
               AND collected_datetime IS NOT NULL
             ORDER BY collected_datetime, id
            """
        )
        by_collector = defaultdict(list)
        for item_id, partner_id, name, collected, company_id in self.env.cr.fetchall():
            person_id = persons.get((partner_id, name))
            key = (company_id, person_id or name or "")
            by_collector[key].append((item_id, partner_id, collected, name))
        pickups = []
        for (company_id, person), rows in by_collector.items():
            # a collector comes by now and then and takes everything that
            # waits for the clients he collects for: one pickup gathers the
            # items collected within PICKUP_DAYS of its first one
            group = []
            for row in rows:
                if group and row[2] - group[0][2] > PICKUP_WINDOW:
                    pickups.append(self._pickup(company_id, person, group))
                    group = []
                group.append(row)
            pickups.append(self._pickup(company_id, person, group))
        return pickups

    @staticmethod
    def _pickup(company_id, person, rows):
        return {
            "company_id": company_id,
            "person_id": person if isinstance(person, int) else None,
            "collector": rows[0][3] or "",
            "datetime": max(row[2] for row in rows),
            "item_ids": [row[0] for row in rows],
            "partner_ids": sorted({row[1] for row in rows}),
        }

    def _insert(self, pickups, user_id):
        columns = [
            ("name", "varchar", lambda p: p["name"]),
            ("company_id", "int4", lambda p: p["company_id"]),
            ("handover_datetime", "timestamp", lambda p: p["datetime"]),
            ("collector_partner_id", "int4", lambda p: p["person_id"]),
            ("collector_name", "varchar", lambda p: p["collector"]),
            ("collector_authorized", "bool", lambda p: bool(p["person_id"])),
            ("mail_count", "int4", lambda p: len(p["item_ids"])),
            ("digital_confirmation", "bool", lambda p: p["digital"]),
            ("create_date", "timestamp", lambda p: p["datetime"]),
            ("write_date", "timestamp", lambda p: p["datetime"]),
        ]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO desktomy_mail_handover
                    (%(names)s, state, user_id, create_uid, write_uid)
                SELECT *, 'done', %(uid)s, %(uid)s, %(uid)s
                  FROM unnest(%(arrays)s)
                RETURNING id
                """,
                names=SQL(", ").join(SQL.identifier(name) for name, _t, _v in columns),
                uid=user_id,
                arrays=SQL(", ").join(
                    SQL(ARRAY_CASTS[sql_type], [value(p) for p in pickups])
                    for _name, sql_type, value in columns
                ),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _relation(self, fname, pairs):
        """Insert ``(handover id, record id)`` pairs into the relation of the
        many2many ``fname``, in one query."""
        field = self.model._fields[fname]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO %(rel)s (%(col1)s, %(col2)s)
                SELECT * FROM unnest(%(handovers)s::int4[], %(records)s::int4[])
                """,
                rel=SQL.identifier(field.relation),
                col1=SQL.identifier(field.column1),
                col2=SQL.identifier(field.column2),
                handovers=[pair[0] for pair in pairs],
                records=[pair[1] for pair in pairs],
            )
        )

    def _link(self, pickups):
        """Clients of each handover; items point to it, collected at its time."""
        for fname, key in (("partner_ids", "partner_ids"), ("mail_ids", "item_ids")):
            self._relation(fname, [(p["id"], rid) for p in pickups for rid in p[key]])
        self.env.cr.execute(
            SQL(
                """
                UPDATE desktomy_mail m
                   SET handover_id = link.handover_id,
                       collected_datetime = link.collected
                  FROM unnest(%(items)s::int4[], %(handovers)s::int4[],
                              %(dates)s::timestamp[])
                       AS link(item_id, handover_id, collected)
                 WHERE m.id = link.item_id
                """,
                items=[i for p in pickups for i in p["item_ids"]],
                handovers=[p["id"] for p in pickups for _i in p["item_ids"]],
                dates=[p["datetime"] for p in pickups for _i in p["item_ids"]],
            )
        )
        # the handover is charged on the day of the pickup
        self.env.cr.execute(
            SQL(
                """
                UPDATE desktomy_service_usage u
                   SET date = m.collected_datetime::date
                  FROM desktomy_mail m
                 WHERE u.mail_id = m.id AND m.id = ANY(%(items)s)
                   AND u.origin = 'auto' AND u.service_kind = 'handover'
                   AND u.date <> m.collected_datetime::date
                """,
                items=[i for p in pickups for i in p["item_ids"]],
            )
        )

    def _receipts(self, handover_ids, signature):
        """Signature and receipt of the digital handovers, sharing two files.

        The receipt of the first digital handover is rendered (a real PDF
        where wkhtmltopdf runs, else its HTML) and stands for every receipt.
        """
        Attachment = self.env["ir.attachment"].sudo()
        first = self.model.browse(handover_ids[0])
        template = Attachment.create(
            {
                "name": "signature",
                "res_model": self.model_name,
                "res_field": "signature",
                "res_id": first.id,
                "raw": signature,
                "mimetype": "image/png",
            }
        )
        _copy_for_documents(template, handover_ids[1:])
        try:
            content, file_name, mimetype = first._desktomy_render_receipt()
        except Exception:  # noqa: BLE001 (no wkhtmltopdf: the HTML will do)
            _logger.warning("Receipt PDF not rendered, populating the HTML receipt")
            content = self.env["ir.actions.report"]._render_qweb_html(
                "desktomy_virtual_office.desktomy_mail_handover_report_action",
                first.ids,
            )[0]
            file_name, mimetype = f"Receipt-{first.name}.html", "text/html"
        receipt = Attachment.create(
            {
                "name": file_name.replace("/", "-"),
                "raw": content,
                "mimetype": mimetype,
                "res_model": self.model_name,
                "res_id": first.id,
            }
        )
        extension = file_name.rsplit(".", 1)[-1]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH receipts AS (
                    INSERT INTO ir_attachment (
                        name, res_model, res_id, company_id, type, store_fname,
                        db_datas, checksum, file_size, mimetype, index_content,
                        public, create_uid, write_uid, create_date, write_date
                    )
                    SELECT 'Receipt-' || replace(h.name, '/', '-') || '.' || %(ext)s,
                           %(model)s, h.id, a.company_id, a.type, a.store_fname,
                           a.db_datas, a.checksum, a.file_size, a.mimetype,
                           a.index_content, false, h.create_uid, h.create_uid,
                           h.handover_datetime, h.handover_datetime
                      FROM desktomy_mail_handover h, ir_attachment a
                     WHERE h.id = ANY(%(others)s) AND a.id = %(receipt)s
                    RETURNING id, res_id
                )
                UPDATE desktomy_mail_handover h
                   SET receipt_attachment_id = receipts.id
                  FROM receipts
                 WHERE h.id = receipts.res_id
                """,
                ext=extension,
                model=self.model_name,
                others=handover_ids[1:],
                receipt=receipt.id,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE desktomy_mail_handover
                   SET receipt_attachment_id = %(receipt)s
                 WHERE id = %(first)s;
                UPDATE desktomy_mail_handover
                   SET receipt_sha256 = %(sha256)s
                 WHERE id = ANY(%(handovers)s);
                INSERT INTO ir_attachment (
                    name, res_model, res_id, company_id, type, store_fname,
                    db_datas, checksum, file_size, mimetype, index_content,
                    public, create_uid, write_uid, create_date, write_date
                )
                SELECT r.name, 'desktomy.mail', m.id, r.company_id, r.type,
                       r.store_fname, r.db_datas, r.checksum, r.file_size,
                       r.mimetype, r.index_content, false, h.create_uid,
                       h.create_uid, h.handover_datetime, h.handover_datetime
                  FROM desktomy_mail m
                  JOIN desktomy_mail_handover h ON h.id = m.handover_id
                  JOIN ir_attachment r ON r.id = h.receipt_attachment_id
                 WHERE h.id = ANY(%(handovers)s)
                """,
                receipt=receipt.id,
                first=first.id,
                sha256=hashlib.sha256(content).hexdigest(),
                handovers=handover_ids,
            )
        )
