# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The benchmark (tag ``desktomy_benchmark``) and its smoke test.

The benchmark is not part of the standard suite: run it on a populated
database (``odoo-bin desktomy-populate --size medium``) with::

    odoo-bin -d <db> --test-enable --test-tags desktomy_benchmark --stop-after-init

or ``odoo-bin desktomy-benchmark -d <db>``, which populates an empty database
first and prints the table. Everything runs in the test's transaction and is
rolled back. ``DESKTOMY_BENCHMARK_RUNS`` (default 5), ``DESKTOMY_BENCHMARK_ONLY``
(texts separated by ``|``), ``DESKTOMY_BENCHMARK_SKIP_PORTAL`` and
``DESKTOMY_BENCHMARK_OUTPUT`` (a file for the table) tune it.
"""

import logging
import os
import re

from odoo import Command
from odoo.tests import tagged

from .common_benchmark import HANDOVER_ITEMS, BenchmarkCase

_logger = logging.getLogger(__name__)


@tagged("-standard", "-at_install", "post_install", "desktomy_benchmark")
class TestDesktomyBenchmark(BenchmarkCase):
    def test_benchmark(self):
        environ = os.environ
        self.runs = max(int(environ.get("DESKTOMY_BENCHMARK_RUNS") or 5), 1)
        self.only = [
            text
            for text in environ.get("DESKTOMY_BENCHMARK_ONLY", "").split("|")
            if text
        ]
        self.portal = not environ.get("DESKTOMY_BENCHMARK_SKIP_PORTAL")
        sizes = self.database_sizes()
        rows = self.benchmark_rows()
        self.assertTrue(rows, "no operation measured")
        described = ", ".join(f"{value:,} {label}" for label, value in sizes.items())
        table = self.table(
            rows,
            f"Database {self.env.cr.dbname}: {described}; {self.runs} runs after "
            f"one warm-up; {os.cpu_count()} CPU(s)",
        )
        _logger.info("Benchmark:\n%s", table)
        if environ.get("DESKTOMY_BENCHMARK_OUTPUT"):
            with open(
                environ["DESKTOMY_BENCHMARK_OUTPUT"], "w", encoding="utf-8"
            ) as out:
                out.write(table)


@tagged("post_install", "-at_install")
class TestBenchmarkSmoke(BenchmarkCase):
    """The benchmark's code on the test database: one run, no warm-up, every
    row measured with its queries. No timing is asserted."""

    runs = 1
    warmups = 0

    def _portal_user(self):
        user = super()._portal_user()
        if user or "desktomy_portal_billing_summary" not in self.env.company._fields:
            return user
        # a portal user who represents three clients with waiting mail, as the
        # populated ones do
        waiting = self.env["desktomy.mail"]._read_group(
            [("state", "in", ("received", "notified"))], ["partner_id"], ["__count"]
        )
        clients = [partner for partner, count in waiting if count >= 2][:3]
        self.assertEqual(len(clients), 3, "the demo data has clients with waiting mail")
        person = self.env["res.partner"].create(
            {
                "name": "Benchmark Person",
                "email": "person-bench@populate.example.com",
                "desktomy_represented_client_ids": [
                    Command.set([client.id for client in clients])
                ],
            }
        )
        return self.env["res.users"].create(
            {
                "login": "person-bench@populate.example.com",
                "partner_id": person.id,
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )

    def test_every_row_measured(self):
        rows = self.benchmark_rows()
        names = [row[0] for row in rows]
        expected = [operation[0] for operation in self._operations()]
        expected += [
            "Open a scan (/web/content, without the access log)",
            "Open a scan (/web/content, access logged)",
        ]
        if "desktomy_portal_billing_summary" in self.env.company._fields:
            expected += [
                "Portal /my/billing (3 clients)",
                "Portal /my/mail (3 clients)",
                "Stock portal page /my/account (3 clients)",
                "Portal /my/mail/request: send a request (POST)",
                "Stock over HTTP: Customers list, first page (res.partner)",
            ]
        self.assertEqual(names, expected)
        for name, size, queries, timings in rows:
            self.assertEqual(len(queries), 1, name)
            self.assertEqual(len(timings), 1, name)
            self.assertGreater(queries[0], 0, name)
            self.assertTrue(size, name)
        sizes = dict((row[0], row[1]) for row in rows)
        self.assertRegex(
            sizes["Register + notify (items with scans)"], r"^200 items / \d+ clients$"
        )
        handover = re.fullmatch(
            r"(\d+) clients, ([\d,]+) items",
            sizes["Handover wizard (open, add clients, confirm), signed receipt PDF"],
        )
        self.assertTrue(handover, "the handover row names its clients and items")
        clients, items = (int(text.replace(",", "")) for text in handover.groups())
        self.assertGreater(clients, 0)
        # at least the 20 waiting items of each client (the demo data may
        # have collections by a collector of the same name)
        self.assertGreaterEqual(items, clients * HANDOVER_ITEMS)
        table = self.table(rows, "smoke").splitlines()
        self.assertEqual(
            len([line for line in table if line.startswith("| ")]), 1 + len(rows)
        )
