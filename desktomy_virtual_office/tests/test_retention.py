# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import os
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields, sql_db
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import SCAN_PDF, DesktomyMailCommon
from .common_handover import SIGNATURE

#: The retention of the tests, in days.
DAYS = 30


@tagged("post_install", "-at_install")
class TestRetention(DesktomyMailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office, cls.office_b = cls.env["res.company"].create(
            [{"name": "Retention Office"}, {"name": "Other Office"}]
        )
        cls.Run = cls.env["desktomy.retention.run"]
        for user in (cls.user_desk, cls.user_desk_manager):
            user.company_ids |= cls.office | cls.office_b
        cls.user_portal = new_test_user(
            cls.env, login="retention_portal", groups="base.group_portal"
        )

    # -- helpers ------------------------------------------------------------

    def _later(self, days=DAYS + 10):
        """A clock ``days`` after now (the purge reads Odoo's clock)."""
        return freeze_time(fields.Datetime.now() + timedelta(days=days))

    def _set_retention(self, company, scans=0, identities=0, messages=0):
        company.write(
            {
                "desktomy_retention_scan_days": scans,
                "desktomy_retention_identity_days": identities,
                "desktomy_retention_message_days": messages,
            }
        )

    def _items_with_scans(self, company, count=1, partner=None):
        """``count`` items of ``company``, each with its own scan (a file of
        its own content in the filestore)."""
        Mail = self.env["desktomy.mail"].with_company(company)
        scans = self.env["ir.attachment"].create(
            [
                {
                    "name": f"scan-{index}.pdf",
                    "datas": base64.b64encode(
                        SCAN_PDF + b"%" + os.urandom(16).hex().encode()
                    ),
                    "res_model": "desktomy.mail",
                    "res_id": 0,
                    "mimetype": "application/pdf",
                }
                for index in range(count)
            ]
        )
        return Mail.create(
            [
                {
                    "partner_id": (partner or self.client_a).id,
                    "company_id": company.id,
                    "sender": f"Sender {index}",
                    "scan_ids": [Command.set(scans[index].ids)],
                }
                for index in range(count)
            ]
        )

    def _closed_items_with_scans(self, company, count=1, partner=None):
        items = self._items_with_scans(company, count, partner)
        items.action_mark_shredded()
        return items

    def _hand_over(self, items, company, **vals):
        handover = (
            self.env["desktomy.mail.handover"]
            .with_company(company)
            .create(
                dict(
                    {
                        "company_id": company.id,
                        "collector_name": "Anna Nowak",
                        "collector_id_number": "ABC123456",
                        "digital_confirmation": True,
                        "signature": SIGNATURE,
                        "mail_ids": [Command.set(items.ids)],
                    },
                    **vals,
                )
            )
        )
        handover.action_confirm()
        return handover

    def _purge(self, company, days=DAYS + 10, **kwargs):
        with self._later(days):
            return self.Run._desktomy_purge_company(company, **kwargs)[0]

    def _retention_notes(self, records):
        return self.env["mail.message"].search(
            [
                ("model", "=", records._name),
                ("res_id", "in", records.ids),
                ("body", "ilike", "Retention:"),
            ]
        )

    # -- settings -----------------------------------------------------------

    def test_default_keeps_for_ever(self):
        """0 (the default) keeps everything: the cron purges nothing."""
        self.assertEqual(self.office.desktomy_retention_scan_days, 0)
        self.assertEqual(self.office.desktomy_retention_identity_days, 0)
        self.assertEqual(self.office.desktomy_retention_message_days, 0)
        items = self._closed_items_with_scans(self.office)
        scans = items.scan_ids
        with self._later(3650):
            runs = self.Run._cron_retention_purge()
        self.assertNotIn(self.office, runs.company_id)
        self.assertTrue(scans.exists())

    def test_negative_days_refused(self):
        for fname in (
            "desktomy_retention_scan_days",
            "desktomy_retention_identity_days",
            "desktomy_retention_message_days",
        ):
            with self.assertRaisesRegex(ValidationError, "cannot be negative"):
                self.office.write({fname: -1})
            with self.assertRaisesRegex(ValidationError, "cannot be negative"):
                self.env["res.config.settings"].create({fname: -5}).execute()
        self._set_retention(self.office, 1, 2, 3)
        self.assertEqual(self.office.desktomy_retention_message_days, 3)

    # -- scans --------------------------------------------------------------

    def test_scans_purged_when_due(self):
        """Only the scans of items closed more than the retention ago go;
        open, recently closed and held items keep theirs."""
        self._set_retention(self.office, scans=DAYS)
        due = self._closed_items_with_scans(self.office, 2)
        held = self._closed_items_with_scans(self.office)
        held.with_user(self.user_desk_manager).with_company(self.office).write(
            {"legal_hold": True, "legal_hold_reason": "Court case 12/2026"}
        )
        open_item = self._items_with_scans(self.office)
        self.env.cr.execute(
            SQL(
                "UPDATE desktomy_mail SET received_datetime = %s WHERE id = %s",
                fields.Datetime.now() - timedelta(days=400),
                open_item.id,
            )
        )
        due_scans, kept_scans = due.scan_ids, (held | open_item).scan_ids
        run = self._purge(self.office)
        recent = self._closed_items_with_scans(self.office)
        self.assertFalse(due_scans.exists())
        self.assertEqual(kept_scans.exists(), kept_scans)
        self.assertFalse(due.scan_ids)
        self.assertEqual(len(held.scan_ids), 1)
        self.assertEqual(len(open_item.scan_ids), 1)
        self.assertEqual(
            (run.scan_count, run.scan_item_count, run.state), (2, 2, "done")
        )
        notes = self._retention_notes(due | held | open_item)
        self.assertEqual(sorted(notes.mapped("res_id")), sorted(due.ids))
        self.assertIn("1 scan(s) deleted", notes[0].body)
        # a recently closed item keeps its scan; nothing purged twice
        run = self._purge(self.office, days=DAYS - 5)
        self.assertEqual(len(recent.scan_ids), 1)
        self.assertEqual(run.scan_count, 0)
        self.assertEqual(len(self._retention_notes(due)), 2)

    def test_purged_scan_leaves_filestore(self):
        self._set_retention(self.office, scans=DAYS)
        item = self._closed_items_with_scans(self.office)
        scan = item.scan_ids
        path = scan._full_path(scan.store_fname)
        self.assertTrue(os.path.exists(path))
        self._purge(self.office)
        self.env.flush_all()
        self.env["ir.attachment"]._gc_file_store_unsafe()
        self.assertFalse(os.path.exists(path))

    # -- identities -----------------------------------------------------------

    def test_identities_purged_receipt_hash_kept(self):
        self._set_retention(self.office, identities=DAYS)
        items = self._items_with_scans(self.office, 2)
        handover = self._hand_over(items, self.office)
        receipt = handover.receipt_attachment_id
        item_receipts = items.receipt_attachment_id
        sha256 = handover.receipt_sha256
        self.assertTrue(receipt and len(item_receipts) == 2 and sha256)
        self.assertTrue(handover.signature)
        # not yet due
        self._purge(self.office, days=DAYS - 1)
        self.assertEqual(handover.collector_id_number, "ABC123456")
        run = self._purge(self.office)
        self.assertEqual(run.identity_count, 1)
        self.assertFalse(handover.collector_id_number)
        self.assertFalse(handover.signature)
        self.assertFalse(receipt.exists())
        self.assertFalse(item_receipts.exists())
        self.assertFalse(handover.receipt_attachment_id)
        # what stays: the handover, its items, the hash; the scans (no rule)
        self.assertEqual(handover.state, "done")
        self.assertEqual(handover.mail_ids, items)
        self.assertEqual(handover.receipt_sha256, sha256)
        self.assertEqual(handover.collector_name, "Anna Nowak")
        self.assertTrue(handover.retention_purged_datetime)
        self.assertEqual(len(items.scan_ids), 2)
        self.assertTrue(handover._desktomy_receipt_matches(sha256))
        self.assertTrue(handover._desktomy_verification_values()["purged"])
        self.assertEqual(len(self._retention_notes(handover)), 1)
        run = self._purge(self.office)
        self.assertEqual(run.identity_count, 0)
        self.assertEqual(len(self._retention_notes(handover)), 1)

    def test_identities_kept_while_an_item_is_open_or_held(self):
        self._set_retention(self.office, identities=DAYS)
        reversed_items = self._items_with_scans(self.office, 2)
        reversed_handover = self._hand_over(reversed_items, self.office)
        reversed_items[0].action_reset_received(reason="Wrong client")
        held_items = self._items_with_scans(self.office, 2)
        held_handover = self._hand_over(held_items, self.office)
        held_items[1].with_user(self.user_desk_manager).with_company(
            self.office
        ).legal_hold = True
        run = self._purge(self.office)
        self.assertEqual(run.identity_count, 0)
        for handover in (reversed_handover, held_handover):
            self.assertEqual(handover.collector_id_number, "ABC123456")
            self.assertTrue(handover.signature)
            self.assertTrue(handover.receipt_attachment_id)

    # -- messages ---------------------------------------------------------------

    def _notified(self, company, count=1):
        items = self._items_with_scans(company, count)
        notification = items._desktomy_send_notifications()
        return items, notification

    def _mails(self, notification):
        return self.env["mail.mail"].search(
            [
                ("model", "=", notification._name),
                ("res_id", "in", notification.ids),
            ]
        )

    def test_messages_emptied_when_due(self):
        self._set_retention(self.office, messages=DAYS)
        items, notification = self._notified(self.office, 2)
        open_items, open_notification = self._notified(self.office)
        mails, open_mails = self._mails(notification), self._mails(open_notification)
        self.assertTrue(mails.body_html and open_mails.body_html)
        items.action_mark_shredded()
        run = self._purge(self.office)
        self.assertEqual(run.message_count, 1)
        self.env.invalidate_all()
        self.assertFalse(mails.body_html)
        self.assertFalse(mails.mail_message_id.body)
        self.assertTrue(notification.retention_purged_datetime)
        # who was notified and when stays
        self.assertEqual(
            notification.email_to, "office@alfa.example.com, ceo@alfa.example.com"
        )
        self.assertEqual(notification.item_ids, items)
        self.assertTrue(open_mails.body_html)
        self.assertFalse(open_notification.retention_purged_datetime)
        self.assertEqual(
            sorted(self._retention_notes(items | open_items).mapped("res_id")),
            sorted(items.ids),
        )

    # -- legal hold ---------------------------------------------------------------

    def test_legal_hold_only_by_administrator(self):
        item = self._items_with_scans(self.office)
        desk = item.with_user(self.user_desk).with_company(self.office)
        for vals in ({"legal_hold": True}, {"legal_hold_reason": "Audit"}):
            with self.assertRaisesRegex(AccessError, "office administrator"):
                desk.write(vals)
        with self.assertRaisesRegex(AccessError, "office administrator"):
            self.env["desktomy.mail"].with_user(self.user_desk).create(
                {"partner_id": self.client_a.id, "legal_hold": True}
            )
        # an office user still writes the item's other fields
        desk.write({"sender": "Changed", "legal_hold": False})
        self.flush_tracking()
        item.with_user(self.user_desk_manager).with_company(self.office).write(
            {"legal_hold": True, "legal_hold_reason": "Audit"}
        )
        self.assertTrue(item.legal_hold)
        self.flush_tracking()
        item.invalidate_recordset(["message_ids"])
        tracked = item.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("legal_hold", tracked)
        self.assertIn("legal_hold_reason", tracked)
        fields_portal = (
            self.env["desktomy.mail"].with_user(self.user_portal).fields_get()
        )
        self.assertNotIn("legal_hold", fields_portal)
        self.assertNotIn("legal_hold_reason", fields_portal)

    # -- companies, runs, concurrency, queries --------------------------------------

    def test_one_office_never_touches_another(self):
        self._set_retention(self.office, scans=DAYS, identities=DAYS, messages=DAYS)
        self._set_retention(self.office_b, scans=DAYS + 100)
        mine = self._closed_items_with_scans(self.office)
        theirs = self._items_with_scans(self.office_b, 2)
        handover_b = self._hand_over(theirs, self.office_b)
        scans_b = theirs.scan_ids
        cron = self.env.ref("desktomy_virtual_office.ir_cron_retention_purge")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        before = self.Run.search([]).ids
        with self._later():
            cron.method_direct_trigger()
        runs = self.Run.search([("id", "not in", before)])
        self.assertIn(self.office, runs.company_id)
        self.assertIn(self.office_b, runs.company_id)
        self.assertFalse(mine.scan_ids)
        self.assertEqual(scans_b.exists(), scans_b)
        self.assertEqual(handover_b.collector_id_number, "ABC123456")
        run_b = runs.filtered(lambda r: r.company_id == self.office_b)
        self.assertEqual(run_b.scan_count + run_b.identity_count, 0)
        self.assertTrue(run_b.end_datetime >= run_b.start_datetime)

    def test_batches(self):
        """A batch purges at most its size and says that more remains."""
        self._set_retention(self.office, scans=DAYS)
        items = self._closed_items_with_scans(self.office, 5)
        with self._later():
            run, left = self.Run._desktomy_purge_company(self.office, batch_size=3)
        self.assertEqual(
            (run.scan_item_count, bool(left), run.remaining), (3, True, True)
        )
        with self._later():
            run, left = self.Run._desktomy_purge_company(self.office, batch_size=3)
        self.assertEqual((run.scan_item_count, left), (2, 0))
        self.assertFalse(items.scan_ids)

    def test_batch_query_count_bounded(self):
        """The queries of one batch do not grow with its size."""
        company_n, company_2n, warmup = self.env["res.company"].create(
            [{"name": "N"}, {"name": "2N"}, {"name": "W"}]
        )
        counts = []
        for company, count in ((warmup, 3), (company_n, 5), (company_2n, 10)):
            self._set_retention(company, scans=DAYS, identities=DAYS, messages=DAYS)
            items, __ = self._notified(company, count)
            self._hand_over(items, company)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            run = self._purge(company)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(
                (run.scan_item_count, run.identity_count, run.message_count),
                (count, 1, 1),
            )
        self.assertEqual(counts[1], counts[2], counts)

    def test_two_runs_purge_once(self):
        """A unit another run holds is skipped, then purged once by the next.

        The rows must be visible to a second database connection: the demo
        handovers (committed), held by another connection as a concurrent
        run holds its claim.
        """
        company = self.env.ref("base.main_company")
        self._set_retention(company, identities=DAYS)
        handovers = (
            self.env["desktomy.mail.handover"]
            .search(
                [("company_id", "=", company.id), ("state", "=", "done")], order="id"
            )
            .filtered(
                lambda h: (
                    h.mail_ids
                    and all(
                        item.state != "received"
                        and item.state != "notified"
                        and not item.legal_hold
                        for item in h.mail_ids
                    )
                )
            )
        )
        self.assertGreaterEqual(len(handovers), 2, "the demo has handovers")
        held = handovers[: len(handovers) // 2]
        with sql_db.db_connect(self.env.cr.dbname).cursor() as other_cr:
            other_cr.execute(
                "SELECT id FROM desktomy_mail_handover WHERE id IN %s "
                "FOR NO KEY UPDATE",
                [tuple(held.ids)],
            )
            first = self._purge(company, days=400)
            other_cr.rollback()
        self.assertEqual(first.identity_count, len(handovers - held))
        self.assertFalse(any(held.mapped("retention_purged_datetime")))
        self.assertTrue(all((handovers - held).mapped("retention_purged_datetime")))
        second = self._purge(company, days=400)
        self.assertEqual(second.identity_count, len(held))
        self.assertTrue(all(handovers.mapped("retention_purged_datetime")))
        self.assertFalse(any(handovers.mapped("collector_id_number")))
        for handover in handovers:
            self.assertEqual(len(self._retention_notes(handover)), 1)
