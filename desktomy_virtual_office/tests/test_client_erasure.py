# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common_client_data import ClientDataCommon


@tagged("post_install", "-at_install")
class TestClientErasure(ClientDataCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_client_data()

    def _usage(self):
        return self.env["desktomy.service.usage"].search(
            [("partner_id", "=", self.client.id)]
        )

    def test_erase_removes_and_keeps(self):
        usage = self._usage()
        wizard = (
            self.env["desktomy.client.erase.wizard"]
            .with_user(self.user_manager)
            .create({"partner_id": self.client.id})
        )
        self.assertEqual(wizard.scan_count, 2)
        self.assertEqual(wizard.handover_count, 1)
        self.assertEqual(wizard.person_count, 1)
        self.assertFalse(wizard.refusal)
        message = self.items[0].message_ids.filtered(
            lambda m: "tax office" in (m.body or "")
        )
        wizard.action_erase()
        self.assertFalse(self.scan.exists())
        self.assertFalse(self.image.exists())
        self.assertTrue(self.other_scan.exists())
        self.assertFalse(message.body)
        handover = self.handover
        self.assertTrue(handover.exists())
        self.assertFalse(handover.collector_id_number)
        self.assertFalse(handover.with_context(bin_size=False).signature)
        self.assertNotEqual(handover.collector_name, "Jan Kowalski")
        # the office's receipt shows the signature: removed, its SHA-256 kept
        self.assertFalse(self.receipt.exists())
        self.assertFalse(
            self.env["ir.attachment"].search(
                [
                    ("res_model", "=", "desktomy.mail"),
                    ("res_id", "in", self.items.ids),
                    ("checksum", "=", self.receipt_checksum),
                ]
            )
        )
        self.assertTrue(handover.receipt_sha256)
        self.assertEqual(self._usage(), usage)
        self.assertTrue(self.items.exists())
        # the person who represents only this client is erased, the other kept
        person = self.sole_person.with_context(active_test=False)
        self.assertNotEqual(person.name, "Ewa Jedyna")
        self.assertFalse(person.email or person.phone)
        self.assertEqual(self.person.name, "Jan Kowalski")
        self.assertIn("Data erased", self.client.message_ids[0].body)

    def test_refused_with_waiting_items(self):
        self.env["desktomy.mail"].create(
            {"partner_id": self.client.id, "sender": "Late letter"}
        )
        with self.assertRaisesRegex(UserError, "waiting at the desk"):
            self.client.with_user(self.user_manager)._desktomy_erase()
        self.assertTrue(self.scan.exists())
        wizard = (
            self.env["desktomy.client.erase.wizard"]
            .with_user(self.user_manager)
            .create({"partner_id": self.client.id})
        )
        self.assertIn("waiting at the desk", wizard.refusal)

    def test_refused_with_unpaid_invoice(self):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client.id,
                "invoice_line_ids": [
                    Command.create({"name": "Fee", "quantity": 1, "price_unit": 100})
                ],
            }
        )
        move.action_post()
        self.assertGreater(move.amount_residual, 0)
        with self.assertRaisesRegex(UserError, "unpaid invoice"):
            self.client.with_user(self.user_manager)._desktomy_erase()
        self.assertTrue(self.scan.exists())
        self.assertEqual(self.handover.collector_id_number, "ABC123456")

    def test_refused_to_office_user(self):
        with self.assertRaises(AccessError):
            self.client.with_user(self.user_desk)._desktomy_erase()
        with self.assertRaises(AccessError):
            self.client.with_user(self.user_desk).action_desktomy_erase_data()
        self.assertTrue(self.scan.exists())

    def test_refused_for_another_office(self):
        other_office = self.env["res.company"].create({"name": "Other Office"})
        foreign_admin = new_test_user(
            self.env,
            login="ce_foreign",
            groups="desktomy_virtual_office.group_desktomy_manager",
            company_id=other_office.id,
            company_ids=[Command.set(other_office.ids)],
        )
        with self.assertRaises(AccessError):
            self.client.with_user(foreign_admin)._desktomy_erase()
        self.assertTrue(self.scan.exists())
