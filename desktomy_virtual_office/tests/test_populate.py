# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter

from odoo import fields
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
        next_name = sequence.next_by_id(
            sequence_date=latest.received_datetime.date()
        )
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
                self.assertGreaterEqual(
                    item.collected_datetime, item.received_datetime
                )
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
        """One automatic usage line per item and service event, for the item's client."""
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

    def test_populated_items_work_with_the_orm(self):
        """A populated waiting item is notified once, without double charge."""
        item = self.items.filtered(
            lambda i: i.state in WAITING_STATES and i.scan_ids
        )[:1]
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
