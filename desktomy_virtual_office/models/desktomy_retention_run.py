# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The retention purge (GDPR storage limitation) and the record of its runs.

Per company, what is past the company's retention (Settings > Virtual Office >
Retention) is removed, in batches, by the daily cron
``ir_cron_retention_purge``:

- scans: the ``scan_ids`` of closed items (collected, forwarded, returned,
  shredded) closed more than ``desktomy_retention_scan_days`` ago, deleted
  from the database and, through Odoo's filestore garbage collection, from
  the filestore;
- identities: on confirmed handovers whose items are all closed more than
  ``desktomy_retention_identity_days`` ago, the collector's identity document
  number and signature are blanked and the office's copies of the receipt
  removed; the handover, its items and the receipt's SHA-256 stay;
- messages: the text of notification e-mails whose items are all closed more
  than ``desktomy_retention_message_days`` ago is emptied.

An open item or an item on legal hold is never purged (nor a handover or an
e-mail of such an item). Each unit (item, handover, notification) is claimed
with ``FOR NO KEY UPDATE SKIP LOCKED``: two concurrent runs never purge or log
the same unit twice.
"""

import time
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from .desktomy_mail import CLOSED_DATE_FIELDS
from .desktomy_mail_handover import _copy_for_documents

#: Units (items, handovers, notifications) of each kind purged per batch and
#: company.
BATCH_SIZE = 200

#: The closing date of an item (``m``), as SQL.
_CLOSED_ON = SQL(
    "(CASE WHEN m.state = 'collected' THEN m.collected_datetime "
    "ELSE m.disposition_datetime END)"
)
_CLOSED_STATES = tuple(CLOSED_DATE_FIELDS)


def _not_purgeable(cutoff):
    """SQL: the item ``m`` may not be purged at ``cutoff`` (open, on hold, or
    closed after ``cutoff``)."""
    return SQL(
        "(m.state NOT IN %(states)s OR m.legal_hold IS TRUE "
        "OR %(closed_on)s IS NULL OR %(closed_on)s > %(cutoff)s)",
        states=_CLOSED_STATES,
        closed_on=_CLOSED_ON,
        cutoff=cutoff,
    )


class DesktomyRetentionRun(models.Model):
    _name = "desktomy.retention.run"
    _description = "Retention Purge Run"
    _order = "start_datetime desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    start_datetime = fields.Datetime(string="Started On", required=True, readonly=True)
    end_datetime = fields.Datetime(string="Ended On", readonly=True)
    duration = fields.Float(string="Duration (s)", readonly=True, digits=(16, 3))
    state = fields.Selection(
        selection=[("running", "Running"), ("done", "Done")],
        string="Status",
        required=True,
        default="running",
        readonly=True,
    )
    scan_count = fields.Integer(
        string="Scans Deleted", readonly=True, help="Scan attachments deleted."
    )
    scan_item_count = fields.Integer(
        string="Items (Scans)", readonly=True, help="Items whose scans were deleted."
    )
    identity_count = fields.Integer(
        string="Handovers Purged",
        readonly=True,
        help="Handovers whose signature, identity document number and receipt "
        "copies were removed.",
    )
    message_count = fields.Integer(
        string="E-mails Emptied",
        readonly=True,
        help="Notification e-mails whose text was emptied.",
    )
    remaining = fields.Boolean(
        string="More Due",
        readonly=True,
        help="More was due than one batch: the next batch follows at once.",
    )

    @api.depends("company_id", "start_datetime")
    def _compute_display_name(self):
        for run in self:
            run.display_name = self.env._(
                "Retention purge of %(company)s",
                company=run.company_id.display_name,
            )

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_retention_purge(self, batch_size=BATCH_SIZE):
        """One batch of the purge of every company with a retention rule;
        the cron framework calls again while something remains."""
        companies = (
            self.env["res.company"]
            .sudo()
            .search([])
            .filtered(
                lambda c: (
                    c.desktomy_retention_scan_days > 0
                    or c.desktomy_retention_identity_days > 0
                    or c.desktomy_retention_message_days > 0
                )
            )
        )
        done = remaining = 0
        runs = self.browse()
        for company in companies:
            run, left = self.sudo()._desktomy_purge_company(company, batch_size)
            runs |= run
            done += run.scan_item_count + run.identity_count + run.message_count
            remaining += left
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return runs

    def _desktomy_purge_company(self, company, batch_size=BATCH_SIZE):
        """Purge one batch of each kind in ``company`` (sudo): ``(run, left)``
        with ``left`` the units found beyond this batch (0: all done)."""
        started = time.monotonic()
        now = fields.Datetime.now()
        run = self.create({"company_id": company.id, "start_datetime": now})
        counts = {}
        left = 0
        for kind, days in (
            ("scans", company.desktomy_retention_scan_days),
            ("identities", company.desktomy_retention_identity_days),
            ("messages", company.desktomy_retention_message_days),
        ):
            if days <= 0:
                continue
            cutoff = now - timedelta(days=days)
            method = getattr(self, f"_desktomy_purge_{kind}")
            result, more = method(company, cutoff, days, batch_size)
            counts.update(result)
            left += more
        run.write(
            dict(
                counts,
                state="done",
                remaining=bool(left),
                end_datetime=fields.Datetime.now(),
                duration=time.monotonic() - started,
            )
        )
        return run, left

    def _desktomy_claim(self, table, alias, where, batch_size):
        """Lock and return up to ``batch_size`` ids of ``table`` (``alias``
        in ``where``) matching ``where``, skipping the rows another run holds,
        and whether more rows match."""
        alias = SQL.identifier(alias)
        # the claim reads the database: what this transaction changed first
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT %(alias)s.id FROM %(table)s %(alias)s
                 WHERE %(where)s
                 ORDER BY %(alias)s.id
                 LIMIT %(limit)s
                   FOR NO KEY UPDATE OF %(alias)s SKIP LOCKED
                """,
                alias=alias,
                table=SQL.identifier(table),
                where=where,
                limit=batch_size + 1,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        return ids[:batch_size], len(ids) > batch_size

    def _desktomy_log(self, records, bodies):
        """Log ``bodies`` (``{record id: text}``) in the chatter of
        ``records``: one note per record, one ORM message per distinct text
        and copies of it (a bounded number of queries per batch)."""
        by_text = {}
        for res_id, text in bodies.items():
            by_text.setdefault(text, []).append(res_id)
        for text, res_ids in by_text.items():
            first = records.browse(res_ids[0])
            message = first._message_log_batch({first.id: Markup("<p>%s</p>") % text})
            _copy_for_documents(message, res_ids[1:])
        self.env["mail.message"].invalidate_model()

    # ------------------------------------------------------------------
    # Kinds
    # ------------------------------------------------------------------

    def _desktomy_purge_scans(self, company, cutoff, days, batch_size):
        where = SQL(
            """m.company_id = %(company)s AND NOT %(not_purgeable)s
               AND EXISTS (SELECT 1 FROM desktomy_mail_scan_rel r
                            WHERE r.mail_id = m.id)""",
            company=company.id,
            not_purgeable=_not_purgeable(cutoff),
        )
        item_ids, more = self._desktomy_claim("desktomy_mail", "m", where, batch_size)
        if not item_ids:
            return {}, 0
        # a scan also linked to an item not purged now stays
        self.env.cr.execute(
            SQL(
                """
                SELECT r.mail_id, r.attachment_id FROM desktomy_mail_scan_rel r
                 WHERE r.mail_id = ANY(%(ids)s)
                   AND NOT EXISTS (
                        SELECT 1 FROM desktomy_mail_scan_rel o
                         WHERE o.attachment_id = r.attachment_id
                           AND o.mail_id != ALL(%(ids)s))
                """,
                ids=item_ids,
            )
        )
        scans_by_item = {}
        for item_id, attachment_id in self.env.cr.fetchall():
            scans_by_item.setdefault(item_id, set()).add(attachment_id)
        attachment_ids = set().union(*scans_by_item.values()) if scans_by_item else ()
        self.env["ir.attachment"].sudo().browse(sorted(attachment_ids)).unlink()
        Mail = self.env["desktomy.mail"].sudo()
        Mail.invalidate_model(["scan_ids"])
        self._desktomy_log(
            Mail,
            {
                item_id: self.env._(
                    "Retention: %(count)s scan(s) deleted, %(days)s days after "
                    "the item was closed (the office's rule for scans).",
                    count=len(scans),
                    days=days,
                )
                for item_id, scans in scans_by_item.items()
            },
        )
        return {
            "scan_count": len(attachment_ids),
            "scan_item_count": len(scans_by_item),
        }, int(more)

    def _desktomy_purge_identities(self, company, cutoff, days, batch_size):
        where = SQL(
            """d.company_id = %(company)s AND d.state = 'done'
               AND d.retention_purged_datetime IS NULL
               AND EXISTS (SELECT 1 FROM desktomy_mail_handover_item_rel r
                            WHERE r.handover_id = d.id)
               AND NOT EXISTS (
                    SELECT 1 FROM desktomy_mail_handover_item_rel r
                      JOIN desktomy_mail m ON m.id = r.mail_id
                     WHERE r.handover_id = d.id AND %(not_purgeable)s)""",
            company=company.id,
            not_purgeable=_not_purgeable(cutoff),
        )
        handover_ids, more = self._desktomy_claim(
            "desktomy_mail_handover", "d", where, batch_size
        )
        if not handover_ids:
            return {}, 0
        Handover = self.env["desktomy.mail.handover"].sudo()
        handovers = Handover.browse(handover_ids)
        handovers._desktomy_remove_office_receipts()
        handovers._desktomy_system_write(
            {
                "collector_id_number": False,
                "signature": False,
                "retention_purged_datetime": fields.Datetime.now(),
            }
        )
        text = self.env._(
            "Retention: the collector's signature and identity document number "
            "and the office's copies of the receipt were removed, %(days)s days "
            "after all items were closed (the office's rule for identities). "
            "The receipt's SHA-256 is kept: a client's copy still verifies.",
            days=days,
        )
        self._desktomy_log(Handover, dict.fromkeys(handover_ids, text))
        return {"identity_count": len(handover_ids)}, int(more)

    def _desktomy_purge_messages(self, company, cutoff, days, batch_size):
        where = SQL(
            """d.company_id = %(company)s AND d.retention_purged_datetime IS NULL
               AND EXISTS (SELECT 1 FROM desktomy_mail_notification_item_rel r
                            WHERE r.notification_id = d.id)
               AND NOT EXISTS (
                    SELECT 1 FROM desktomy_mail_notification_item_rel r
                      JOIN desktomy_mail m ON m.id = r.item_id
                     WHERE r.notification_id = d.id AND %(not_purgeable)s)""",
            company=company.id,
            not_purgeable=_not_purgeable(cutoff),
        )
        notification_ids, more = self._desktomy_claim(
            "desktomy_mail_notification", "d", where, batch_size
        )
        if not notification_ids:
            return {}, 0
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE mail_mail SET body_html = NULL
                 WHERE mail_message_id IN (
                        SELECT id FROM mail_message
                         WHERE model = 'desktomy.mail.notification'
                           AND res_id = ANY(%(ids)s))
                """,
                ids=notification_ids,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE mail_message SET body = NULL
                 WHERE model = 'desktomy.mail.notification'
                   AND res_id = ANY(%(ids)s)
                """,
                ids=notification_ids,
            )
        )
        self.env["mail.mail"].invalidate_model(["body_html", "body"])
        self.env["mail.message"].invalidate_model(["body"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE desktomy_mail_notification
                   SET retention_purged_datetime = %(now)s
                 WHERE id = ANY(%(ids)s)
                """,
                now=fields.Datetime.now(),
                ids=notification_ids,
            )
        )
        Notification = self.env["desktomy.mail.notification"].sudo()
        Notification.invalidate_model(["retention_purged_datetime"])
        self.env.cr.execute(
            SQL(
                """
                SELECT item_id, COUNT(*) FROM desktomy_mail_notification_item_rel
                 WHERE notification_id = ANY(%(ids)s)
                 GROUP BY item_id
                """,
                ids=notification_ids,
            )
        )
        self._desktomy_log(
            self.env["desktomy.mail"].sudo(),
            {
                item_id: self.env._(
                    "Retention: the text of %(count)s notification e-mail(s) was "
                    "emptied, %(days)s days after the items were closed (the "
                    "office's rule for e-mails).",
                    count=count,
                    days=days,
                )
                for item_id, count in self.env.cr.fetchall()
            },
        )
        return {"message_count": len(notification_ids)}, int(more)
