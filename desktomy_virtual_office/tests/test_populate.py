# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter

from odoo import fields, sql_db
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..models.desktomy_mail import STATES, WAITING_STATES
from ..populate import populate_models


@tagged("post_install", "-at_install")
class TestPopulate(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.result = populate_models(cls.env, "small")
        cls.clients = cls.result["res.partner"].filtered("desktomy_is_client")
        cls.persons = cls.result["res.partner"] - cls.clients
        cls.items = cls.result["desktomy.mail"]
        cls.usage = cls.result["desktomy.service.usage"]
        cls.handovers = cls.result["desktomy.mail.handover"]

    def test_clients_and_persons(self):
        """Small size: 50 clients with numbers and persons, some for 3+ clients."""
        self.assertEqual(len(self.clients), 50)
        numbers = self.clients.mapped("desktomy_client_number")
        self.assertTrue(all(numbers))
        self.assertEqual(len(set(numbers)), 50)
        self.assertTrue(all(self.clients.mapped("desktomy_authorized_person_ids")))
        for client in self.clients:
            self.assertTrue(client.desktomy_authorized_person_ids)
            self.assertTrue(client._desktomy_notification_emails())
        several = self.persons.filtered(
            lambda p: len(p.desktomy_represented_client_ids) >= 3
        )
        self.assertTrue(several)
        portal_users = self.result["res.users"].filtered("share")
        self.assertTrue(portal_users)
        self.assertTrue(portal_users.partner_id <= several)

    def test_items_states_and_references(self):
        """2,000 items in every state, with sequence references per year of receipt."""
        self.assertEqual(len(self.items), 2000)
        self.assertEqual(set(self.items.mapped("state")), {s for s, _l in STATES})
        self.assertEqual(len(set(self.items.mapped("name"))), 2000)
        for item in self.items:
            self.assertTrue(
                item.name.startswith(f"MAIL/{item.received_datetime.year}/"),
                item.name,
            )
        # the sequence was moved past the populated references
        sequence = self.env.company._desktomy_mail_sequence()
        latest = max(self.items, key=lambda item: item.received_datetime)
        next_name = sequence.next_by_id(sequence_date=latest.received_datetime.date())
        self.assertGreater(next_name, max(self.items.mapped("name")))
        new_item = self.env["desktomy.mail"].create(
            {"partner_id": self.clients[0].id, "sender": "After populate"}
        )
        self.assertNotIn(new_item.name, self.items.mapped("name"))

    def test_item_dates_and_collectors(self):
        """Dates follow the state; collected items name an authorised person."""
        now = fields.Datetime.now()
        for item in self.items:
            self.assertLessEqual(item.received_datetime, now)
            if item.notified_datetime:
                self.assertGreaterEqual(item.notified_datetime, item.received_datetime)
            if item.state == "collected":
                self.assertGreaterEqual(item.collected_datetime, item.received_datetime)
                self.assertIn(
                    item.collector_name,
                    item.partner_id.desktomy_authorized_person_ids.mapped("name"),
                )
            else:
                self.assertFalse(item.collected_datetime)
                self.assertFalse(item.collector_name)
            if item.state == "received":
                self.assertFalse(item.notified_datetime)
            if item.state == "notified":
                self.assertTrue(item.notified_datetime)

    def test_scans(self):
        """Scans are non-empty attachments of their own item."""
        scanned = self.items.filtered("scan_ids")
        self.assertGreater(len(scanned), 400)
        self.assertLess(len(scanned), 1200)
        for item in scanned:
            scan = item.scan_ids
            self.assertEqual(len(scan), 1)
            self.assertEqual((scan.res_model, scan.res_id), ("desktomy.mail", item.id))
            self.assertGreater(scan.file_size, 0)
        self.assertTrue(scanned[-1].scan_ids.raw.startswith(b"%PDF"))

    def test_usage_consistent_with_items(self):
        """One automatic usage line per item and service event, for its client."""
        kinds = Counter()
        seen = set()
        for line in self.usage:
            self.assertEqual(line.origin, "auto")
            self.assertEqual(line.partner_id, line.mail_id.partner_id)
            self.assertNotIn((line.mail_id.id, line.service_kind), seen)
            seen.add((line.mail_id.id, line.service_kind))
            kinds[line.service_kind] += 1
            self.assertEqual(line.amount, line.unit_price)
        states = Counter(self.items.mapped("state"))
        self.assertEqual(kinds["scan"], len(self.items.filtered("scan_ids")))
        self.assertEqual(kinds["handover"], states["collected"])
        self.assertEqual(kinds["forwarding"], states["forwarded"])
        self.assertEqual(kinds["shredding"], states["shredded"])
        self.assertEqual(
            kinds["notification"], len(self.items.filtered("notified_datetime"))
        )
        self.assertGreater(len(self.usage), 1.5 * len(self.items))

    def test_packages_and_summary(self):
        """Every client has a package; the summary adds up the populated usage."""
        Assignment = self.env["desktomy.package.assignment"]
        history = Assignment._get_history(self.clients, fields.Date.today())
        self.assertEqual(set(history), set(self.clients.ids))
        client = self.usage[:1].partner_id
        date_from = min(self.usage.mapped("date"))
        date_to = fields.Date.today()
        summary = self.env["desktomy.service.usage"]._get_billing_summary(
            client, date_from, date_to
        )[client.id]
        client_usage = self.usage.filtered(lambda line: line.partner_id == client)
        self.assertEqual(
            sum(line["quantity"] for line in summary["lines"]),
            sum(client_usage.mapped("quantity")),
        )

    def test_stored_billing_months_match(self):
        """Populate writes usage in SQL: the stored billing months are rebuilt."""
        today = fields.Date.today()
        month = today.replace(day=1)
        month_end = fields.Date.end_of(today, "month")
        summaries = self.env["desktomy.service.usage"]._get_billing_summary(
            self.clients, month, month_end
        )
        stored = {
            row.partner_id.id: row
            for row in self.env["desktomy.billing.month"].search(
                [("partner_id", "in", self.clients.ids), ("month", "=", month)]
            )
        }
        charged = [s for s in summaries.values() if s["total"]]
        self.assertTrue(charged)
        for summary in charged:
            row = stored[summary["partner"].id]
            self.assertAlmostEqual(row.usage_amount, summary["usage_amount"])
            self.assertAlmostEqual(row.package_fee, summary["package_fee"])

    def test_handovers_are_pickups(self):
        """Every collected item has a handover: one collector, one moment."""
        collected = self.items.filtered(lambda item: item.state == "collected")
        self.assertTrue(collected)
        self.assertTrue(all(collected.mapped("handover_id")))
        # the demo data's collected items got handovers too
        self.assertLessEqual(collected.handover_id, self.handovers)
        self.assertFalse((self.items - collected).handover_id)
        handovers = collected.handover_id
        self.assertEqual(sum(handovers.mapped("mail_count")), len(collected))
        self.assertTrue(handovers.filtered(lambda h: len(h.partner_ids) > 1))
        for handover in handovers:
            self.assertEqual(handover.state, "done")
            self.assertTrue(handover.name.startswith("HO/"))
            self.assertEqual(handover.partner_ids, handover.mail_ids.partner_id)
            self.assertEqual(
                set(handover.mail_ids.mapped("collected_datetime")),
                {handover.handover_datetime},
            )
            self.assertEqual(
                set(handover.mail_ids.mapped("collector_name")),
                {handover.collector_name},
            )
            if handover.collector_partner_id:
                self.assertLessEqual(
                    handover.partner_ids,
                    handover.collector_partner_id.desktomy_represented_client_ids,
                )
        charged = self.usage.filtered(lambda line: line.service_kind == "handover")
        for line in charged:
            self.assertEqual(line.date, line.mail_id.collected_datetime.date())

    def test_handover_receipts(self):
        """Digital handovers: signature, receipt on the handover and each item."""
        digital = self.handovers.filtered("digital_confirmation")
        share = len(digital) / len(self.handovers)
        self.assertGreater(share, 0.4)
        self.assertLess(share, 0.8)
        checksums = set()
        for handover in digital:
            receipt = handover.receipt_attachment_id
            self.assertTrue(handover.signature)
            self.assertEqual(
                (receipt.res_model, receipt.res_id), (handover._name, handover.id)
            )
            self.assertEqual(len(handover.receipt_sha256), 64)
            checksums.add(receipt.checksum)
            for item in handover.mail_ids:
                self.assertEqual(item.receipt_attachment_id.checksum, receipt.checksum)
                self.assertEqual(item.receipt_attachment_id.res_id, item.id)
        # one stored file for all the receipts
        self.assertEqual(len(checksums), 1)
        paper = self.handovers - digital
        self.assertFalse(paper.receipt_attachment_id)
        self.assertFalse(paper.mail_ids.receipt_attachment_id)

    def test_handovers_on_a_populated_database(self):
        """Handovers alone, on top of existing data: new collected items only."""
        client = self.clients[0]
        person = client.desktomy_authorized_person_ids[:1]
        items = self.env["desktomy.mail"].create(
            [{"partner_id": client.id, "sender": "Later"} for _i in range(3)]
        )
        # collected without a handover, as desktomy-populate writes them in SQL
        items._desktomy_lifecycle_write(
            {
                "state": "collected",
                "collector_name": person.name,
                "collected_datetime": fields.Datetime.now(),
            }
        )
        partners = self.env["res.partner"].search_count([])
        result = populate_models(
            self.env, "small", ["desktomy.mail.handover"], dependencies=False
        )
        self.assertEqual(list(result), ["desktomy.mail.handover"])
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        handover = result["desktomy.mail.handover"]
        self.assertEqual(len(handover), 1)
        self.assertEqual(handover.mail_ids, items)
        self.assertEqual(handover.collector_partner_id.name, person.name)

    def test_populated_items_work_with_the_orm(self):
        """A populated waiting item is notified once, without double charge."""
        item = self.items.filtered(lambda i: i.state in WAITING_STATES and i.scan_ids)[
            :1
        ]
        self.assertTrue(item)
        lines_before = self.env["desktomy.service.usage"].search_count(
            [("mail_id", "=", item.id)]
        )
        item.action_notify()
        self.assertEqual(item.state, "notified")
        lines_after = self.env["desktomy.service.usage"].search_count(
            [("mail_id", "=", item.id)]
        )
        self.assertLessEqual(lines_after - lines_before, 1)

    def test_requests(self):
        """A share of the waiting items has a pending request (one per item),
        items that left on a request have it done, a few refused or cancelled."""
        requests = self.result["desktomy.mail.request"]
        self.assertEqual(
            set(requests.mapped("state")), {"pending", "done", "refused", "cancelled"}
        )
        self.assertEqual(
            set(requests.mapped("kind")), {"scan", "forward", "shred", "pickup"}
        )
        pending = requests.filtered(lambda r: r.state == "pending")
        waiting = self.items.filtered(lambda i: i.state in WAITING_STATES)
        share = len(pending.mail_ids) / len(waiting)
        self.assertTrue(0.01 < share < 0.1, share)
        self.assertTrue(all(i.state in WAITING_STATES for i in pending.mail_ids))
        self.assertEqual(len(pending.mail_ids), sum(len(r.mail_ids) for r in pending))
        for request in pending:
            self.assertEqual(request.mail_ids.partner_id, request.partner_id)
            if request.kind == "scan":
                self.assertFalse(request.mail_ids.scan_ids)
            if request.kind == "forward":
                self.assertTrue(request.forward_address)
            if request.kind == "pickup":
                self.assertTrue(request.pickup_date)
        self.assertTrue(pending.filtered("is_overdue"))
        self.assertTrue(pending - pending.filtered("is_overdue"))
        done_states = {
            "forward": "forwarded",
            "shred": "shredded",
            "pickup": "collected",
        }
        for request in requests.filtered(lambda r: r.state == "done"):
            self.assertTrue(request.done_datetime)
            if request.kind in done_states:
                self.assertEqual(request.mail_ids.state, done_states[request.kind])
        self.assertTrue(
            all(
                requests.filtered(lambda r: r.state == "refused").mapped(
                    "refuse_reason"
                )
            )
        )
        names = requests.mapped("name")
        self.assertEqual(len(set(names)), len(names))
        self.assertTrue(all(name.startswith("ZL/") for name in names))
        # the ORM goes on from there: a new request, the next reference
        item = (waiting - pending.mail_ids).filtered(lambda i: not i.scan_ids)[:1]
        new = self.env["desktomy.mail.request"]._desktomy_submit(
            item.partner_id, "scan", item
        )
        self.assertNotIn(new.name, names)
        with self.assertRaises(UserError):
            self.env["desktomy.mail.request"]._desktomy_submit(
                pending[0].partner_id, "shred", pending[0].mail_ids
            )


class TestBatchReferences(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.env["res.partner"].create(
            {"name": "Batch Client", "is_company": True, "desktomy_is_client": True}
        )

    def _create_items(self, count):
        Mail = self.env["desktomy.mail"]
        self.env.flush_all()
        start = sql_db.sql_counter
        items = Mail.create(
            [{"partner_id": self.client.id, "sender": "Batch"} for _i in range(count)]
        )
        self.env.flush_all()
        return items, sql_db.sql_counter - start

    def test_batch_references_constant_queries(self):
        """A batch of items draws consecutive references in constant queries."""
        self._create_items(2)  # warm-up
        small, small_queries = self._create_items(5)
        large, large_queries = self._create_items(60)
        self.assertEqual(small_queries, large_queries)
        numbers = [
            int(name.rsplit("/", 1)[1]) for name in (small + large).mapped("name")
        ]
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 65)))
        year = fields.Date.today().year
        self.assertTrue(
            all(n.startswith(f"MAIL/{year}/") for n in large.mapped("name"))
        )
