# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Rate limits counted in PostgreSQL, shared by every worker and node.

One row per key and fixed window (``key``: what is limited and for whom, e.g.
``portal:<user id>:<action>`` or ``receipt:<IP address>``; ``window_start``:
the start of the current window of ``window`` seconds). Each event adds one
with ``INSERT ... ON CONFLICT DO UPDATE`` in its own short transaction,
and the limit is checked against a sliding window (the current window's
count plus the previous window's, weighed by the part of it that is still
within the last ``window`` seconds),
committed at once: the count is the same for every worker of every node, it
survives a restart, and a request that is refused or fails afterwards still
counts. Old windows are deleted by the cron ``ir_cron_rate_limit_cleanup``.
"""

import calendar
import logging
from datetime import datetime, timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

#: The start of the windows (naive UTC, as Odoo's datetimes).
EPOCH = datetime(1970, 1, 1)
#: Windows older than this are deleted by the cleanup cron.
KEEP = timedelta(days=1)
#: Rows deleted per cleanup batch.
CLEANUP_BATCH = 10_000


def count_hit(cr, key, window_start):
    """Add one event to the counter of ``key`` and ``window_start`` on the
    cursor ``cr`` (any worker's, any server's); return the window's count."""
    cr.execute(
        SQL(
            """
            INSERT INTO desktomy_rate_limit (key, window_start, hits)
            VALUES (%s, %s, 1)
                ON CONFLICT (key, window_start)
                DO UPDATE SET hits = desktomy_rate_limit.hits + 1
            RETURNING hits
            """,
            key,
            window_start,
        )
    )
    return cr.fetchone()[0]


class DesktomyRateLimit(models.Model):
    _name = "desktomy.rate.limit"
    _description = "Rate Limit Counter"
    _log_access = False
    _order = "window_start desc, id desc"

    key = fields.Char(required=True, readonly=True)
    window_start = fields.Datetime(required=True, readonly=True)
    hits = fields.Integer(required=True, readonly=True, default=0)

    _sql_constraints = [
        (
            "key_window_unique",
            "unique(key, window_start)",
            "One counter per key and window.",
        ),
    ]

    @api.model
    def _window_start(self, window, now=None):
        """The start of the fixed window of ``window`` seconds holding ``now``
        (Odoo's clock)."""
        now = now or fields.Datetime.now()
        seconds = calendar.timegm(now.timetuple())
        return EPOCH + timedelta(seconds=seconds - seconds % max(int(window), 1))

    @api.model
    def _hit(self, key, limit, window):
        """Count one event of ``key``; whether it is within ``limit`` events
        in the current window of ``window`` seconds. Counted and committed in
        a transaction of its own."""
        now = fields.Datetime.now()
        start = self._window_start(window, now)
        previous_start = start - timedelta(seconds=window)
        for _attempt in range(5):
            try:
                with self.env.registry.cursor() as cr:
                    hits = count_hit(cr, key, start)
                    cr.execute(
                        SQL(
                            "SELECT hits FROM desktomy_rate_limit "
                            "WHERE key = %s AND window_start = %s",
                            key,
                            previous_start,
                        )
                    )
                    row = cr.fetchone()
                # A sliding window: the previous window's events weigh by the
                # part of it still within ``window`` seconds of now.
                elapsed = (now - start).total_seconds() / window
                estimate = hits + (row[0] if row else 0) * (1 - elapsed)
                return estimate <= limit
            except psycopg2.errors.SerializationFailure:
                # (another worker counted the same key at the same moment)
                continue
        _logger.warning("Rate limit of %s not counted (busy): allowed", key)
        return True

    @api.model
    def _count(self, key, window):
        """The events of ``key`` in the current window (for the tests and the
        log)."""
        self.env.cr.execute(
            SQL(
                "SELECT hits FROM desktomy_rate_limit WHERE key = %s "
                "AND window_start = %s",
                key,
                self._window_start(window),
            )
        )
        row = self.env.cr.fetchone()
        return row[0] if row else 0

    @api.model
    def _reset(self, prefix=""):
        """Forget the counts of the keys starting with ``prefix`` (tests, or
        after changing a limit)."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM desktomy_rate_limit WHERE key LIKE %s",
                prefix.replace("%", r"\%").replace("_", r"\_") + "%",
            )
        )

    @api.model
    def _cron_cleanup(self, batch_size=CLEANUP_BATCH):
        """Delete the windows older than a day, a batch per call."""
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM desktomy_rate_limit
                 WHERE id IN (SELECT id FROM desktomy_rate_limit
                               WHERE window_start < %s
                               LIMIT %s
                                 FOR UPDATE SKIP LOCKED)
                """,
                fields.Datetime.now() - KEEP,
                batch_size,
            )
        )
        deleted = self.env.cr.rowcount
        self.env["ir.cron"]._notify_progress(
            done=deleted, remaining=1 if deleted == batch_size else 0
        )
        return deleted
