# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rate limits counted in PostgreSQL (``desktomy.rate.limit``): one count for
every worker and server, kept across restarts."""

import uuid
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase

from ..models.desktomy_rate_limit import count_hit


class TestRateLimit(TransactionCase):
    def setUp(self):
        super().setUp()
        # A count is committed in a cursor of its own; in the registry's test
        # mode (as for HttpCase) that cursor is the test's, rolled back.
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)
        self.Limit = self.env["desktomy.rate.limit"].sudo()
        self.key = f"test:{uuid.uuid4().hex}"

    def test_limit_per_key_and_window(self):
        """At most ``limit`` events per key within ``window`` seconds (a
        sliding window over two fixed ones); keys are counted apart."""
        with freeze_time(datetime(2026, 12, 8, 10, 0, 5)):
            self.assertTrue(self.Limit._hit(self.key, 2, 60))
            self.assertTrue(self.Limit._hit(self.key, 2, 60))
            self.assertFalse(self.Limit._hit(self.key, 2, 60))
            self.assertTrue(self.Limit._hit(self.key + "-other", 2, 60))
            self.assertEqual(self.Limit._count(self.key, 60), 3)
        with freeze_time(datetime(2026, 12, 8, 10, 0, 59)):
            self.assertFalse(self.Limit._hit(self.key, 2, 60))
        # A sliding window: just after the boundary the previous minute's
        # events still count; two minutes later they do not.
        with freeze_time(datetime(2026, 12, 8, 10, 1, 0)):
            self.assertFalse(self.Limit._hit(self.key, 2, 60))
            self.assertEqual(self.Limit._count(self.key, 60), 1)
        with freeze_time(datetime(2026, 12, 8, 10, 3, 0)):
            self.assertTrue(self.Limit._hit(self.key, 2, 60))
            self.assertTrue(self.Limit._hit(self.key, 2, 60))
            self.assertFalse(self.Limit._hit(self.key, 2, 60))
        self.assertEqual(
            self.Limit._window_start(600, datetime(2026, 12, 8, 10, 17, 3)),
            datetime(2026, 12, 8, 10, 10),
        )

    def test_cleanup_cron(self):
        """The cron deletes the windows older than a day, nothing newer."""
        now = fields.Datetime.now()
        with freeze_time(now - timedelta(days=2)):
            self.Limit._hit(self.key, 5, 60)
        self.Limit._hit(self.key, 5, 60)
        deleted = self.Limit._cron_cleanup()
        self.assertGreaterEqual(deleted, 1)
        rows = self.Limit.search([("key", "=", self.key)])
        self.assertEqual(len(rows), 1)
        self.assertGreater(rows.window_start, now - timedelta(days=1))
        cron = self.env.ref("desktomy_virtual_office.ir_cron_rate_limit_cleanup")
        self.assertEqual(cron.code, "model._cron_cleanup()")

    def test_shared_by_two_workers_and_kept_across_restarts(self):
        """Two workers (two connections of their own, each committing, as two
        processes or two servers do) add to one count; a connection opened
        afterwards, as after a restart, reads the same count: nothing of it
        is in a process's memory."""
        dbname = self.env.cr.dbname
        start = self.Limit._window_start(60)
        worker_a = db_connect(dbname).cursor()
        worker_b = db_connect(dbname).cursor()
        try:
            counts = []
            for cursor in (worker_a, worker_b, worker_a, worker_b):
                counts.append(count_hit(cursor, self.key, start))
                cursor.commit()
            self.assertEqual(counts, [1, 2, 3, 4])
        finally:
            worker_a.close()
            worker_b.close()
        after_restart = db_connect(dbname).cursor()
        try:
            after_restart.execute(
                "SELECT hits FROM desktomy_rate_limit WHERE key = %s", [self.key]
            )
            self.assertEqual(after_restart.fetchone()[0], 4)
            self.assertEqual(count_hit(after_restart, self.key, start), 5)
        finally:
            # (the rows were committed outside the test's transaction)
            after_restart.execute(
                "DELETE FROM desktomy_rate_limit WHERE key = %s", [self.key]
            )
            after_restart.commit()
            after_restart.close()

    def test_nobody_reads_the_counters(self):
        """Office and portal users have no access to the counters."""
        for login, groups in (
            ("rl_desk", "desktomy_virtual_office.group_desktomy_manager"),
            ("rl_portal", "base.group_portal"),
        ):
            user = self.env["res.users"].create(
                {
                    "name": login,
                    "login": login,
                    "groups_id": [fields.Command.set([self.env.ref(groups).id])],
                }
            )
            with self.subTest(user=login), self.assertRaises(AccessError):
                self.env["desktomy.rate.limit"].with_user(user).search([])
