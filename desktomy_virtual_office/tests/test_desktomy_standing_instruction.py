# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Standing instructions applied at intake."""

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged, users

from odoo.addons.desktomy_virtual_office.models.desktomy_mail import (
    NO_ARRIVAL_NOTICE,
    NO_INSTRUCTIONS,
)

from .common import SCAN_PDF, DesktomyMailCommon


@tagged("post_install", "-at_install")
class TestDesktomyStandingInstruction(DesktomyMailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.address_a = Partner.create(
            {
                "name": "Alfa – magazyn",
                "type": "delivery",
                "parent_id": cls.client_a.id,
                "street": "ul. Magazynowa 7",
                "zip": "02-222",
                "city": "Kraków",
            }
        )
        cls.address_b = Partner.create(
            {
                "name": "Beta – oddział",
                "type": "delivery",
                "parent_id": cls.client_b.id,
                "street": "ul. Obca 1",
                "city": "Gdańsk",
            }
        )
        cls.Instruction = cls.env["desktomy.standing.instruction"]
        cls.Request = cls.env["desktomy.mail.request"]

    def _instruct(self, client, item_kind, action, **values):
        return self.Instruction.create(
            {
                "partner_id": client.id,
                "item_kind": item_kind,
                "action": action,
                **values,
            }
        )

    def _requests(self, items):
        return self.Request.search([("mail_ids", "in", items.ids)])

    @users("desk_user")
    def test_always_scan(self):
        """Always scan: each new item gets a scan request from the instruction;
        an item registered with its scan gets none."""
        instruction = self._instruct(self.client_a, "all", "scan")
        items = self._create_items(self.client_a, count=2)
        request = self._requests(items)
        self.assertEqual(len(request), 1, "one request for the batch")
        self.assertEqual(request.kind, "scan")
        self.assertEqual(request.origin, "instruction")
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.instruction_id, instruction)
        self.assertFalse(request.requested_by_id)
        self.assertEqual(request.mail_ids, items)
        self.assertEqual(items.pending_request_id, request)
        scanned = self.env["desktomy.mail"].create(
            {
                "partner_id": self.client_a.id,
                "scan_ids": [Command.set(self._scan().ids)],
            }
        )
        self.assertFalse(self._requests(scanned))
        # other clients: nothing
        self.assertFalse(self._requests(self._create_items(self.client_b)))
        # fulfilled like any scan request: the scan is attached
        for index, item in enumerate(items):
            item.scan_ids = self._scan(f"scan-{index}.pdf", SCAN_PDF)
        self.assertEqual(request.state, "done")

    @users("desk_user")
    def test_always_forward(self):
        """Always forward (parcels only): a forwarding request to the client's
        delivery address with the carrier; letters are left alone."""
        self._instruct(
            self.client_a,
            "parcel",
            "forward",
            forward_address_id=self.address_a.id,
            forward_carrier="InPost",
        )
        parcel, letter = self.env["desktomy.mail"].create(
            [
                {"partner_id": self.client_a.id, "kind": "parcel"},
                {"partner_id": self.client_a.id, "kind": "letter"},
            ]
        )
        request = self._requests(parcel)
        self.assertEqual(request.kind, "forward")
        self.assertIn("ul. Magazynowa 7", request.forward_address)
        self.assertIn("Kraków", request.forward_address)
        self.assertEqual(request.forward_carrier, "InPost")
        self.assertFalse(self._requests(letter))
        # without a carrier: the desk chooses it when forwarding
        self._instruct(
            self.client_a, "letter", "forward", forward_address_id=self.address_a.id
        )
        letter = self._create_items(self.client_a, kind="letter")
        request = self._requests(letter)
        self.assertEqual(request.kind, "forward")
        self.assertFalse(request.forward_carrier)

    @users("desk_user")
    def test_hold(self):
        """Hold: a "Hold for pickup" request dated the day of intake."""
        self._instruct(self.client_a, "registered", "hold")
        item = self._create_items(self.client_a, kind="registered")
        request = self._requests(item)
        self.assertEqual(request.kind, "pickup")
        # the desk user's day (``request`` is read in the class's admin env,
        # whose time zone may already be on another day)
        today = fields.Date.context_today(self.env["desktomy.mail.request"])
        self.assertEqual(request.pickup_date, today)

    @users("desk_user")
    def test_kind_wins_over_all_inactive_and_context(self):
        """The instruction for the item's kind wins over the one for all kinds;
        archived instructions and the context key apply nothing."""
        self._instruct(self.client_a, "all", "scan")
        self._instruct(self.client_a, "parcel", "hold")
        parcel = self._create_items(self.client_a, kind="parcel")
        letter = self._create_items(self.client_a, kind="letter")
        self.assertEqual(self._requests(parcel).kind, "pickup")
        self.assertEqual(self._requests(letter).kind, "scan")
        self.Instruction.search([("partner_id", "=", self.client_a.id)]).active = False
        self.assertFalse(self._requests(self._create_items(self.client_a)))
        self._instruct(self.client_a, "all", "scan")
        quiet = self.env["desktomy.mail"].with_context(**{NO_INSTRUCTIONS: True})
        self.assertFalse(self._requests(quiet.create({"partner_id": self.client_a.id})))

    def test_other_office_not_applied(self):
        """An instruction applies to the items of its own office only."""
        other = self.env["res.company"].create({"name": "Drugie Biuro"})
        self._instruct(self.client_a, "all", "scan", company_id=other.id)
        self.assertFalse(self._requests(self._create_items(self.client_a)))

    def test_not_applicable_is_noted_intake_goes_on(self):
        """An instruction the request refuses (an empty address) leaves a note
        on the items; the items are registered all the same."""
        empty = self.env["res.partner"].create(
            {"type": "delivery", "parent_id": self.client_a.id}
        )
        self._instruct(self.client_a, "all", "forward", forward_address_id=empty.id)
        item = self._create_items(self.client_a)
        self.assertTrue(item.exists())
        self.assertFalse(self._requests(item))
        notes = "".join(item.message_ids.mapped("body"))
        self.assertIn("was not applied", notes)
        self.assertIn("needs the address", notes)
        self.assertIn("was not applied", "".join(item.message_ids.mapped("body")))

    def test_rules(self):
        """Forwarding only to the client's own delivery address; one active
        instruction per client, office and kind; clients only."""
        with self.assertRaises(ValidationError):
            self._instruct(self.client_a, "all", "forward")
        with self.assertRaises(ValidationError):
            self._instruct(
                self.client_a, "all", "forward", forward_address_id=self.address_b.id
            )
        with self.assertRaises(ValidationError):
            self._instruct(
                self.client_a, "all", "forward", forward_address_id=self.client_a.id
            )
        self._instruct(self.client_a, "all", "scan")
        with self.assertRaises(ValidationError):
            self._instruct(self.client_a, "all", "hold")
        person = self.env["res.partner"].create({"name": "Not a Client"})
        with self.assertRaises(ValidationError):
            self._instruct(person, "all", "scan")
        replaced = self.Instruction._desktomy_set(
            self.client_a, self.env.company, "all", "hold"
        )
        self.assertEqual(
            self.Instruction.search([("partner_id", "=", self.client_a.id)]), replaced
        )
        with self.assertRaises(ValidationError):
            self.Instruction._desktomy_set(
                self.client_a, self.env.company, "weekly", "hold"
            )
        with self.assertRaises(ValidationError):
            self.Instruction._desktomy_set(
                self.client_a, self.env.company, "all", "burn"
            )

    def test_access(self):
        """Office users manage instructions; portal users have no access."""
        instruction = self._instruct(self.client_a, "all", "scan")
        instruction.with_user(self.user_desk).action = "hold"
        self.assertEqual(
            self.client_a.with_user(self.user_desk).desktomy_standing_instruction_ids,
            instruction,
        )
        portal = new_test_user(
            self.env, login="dt_instr_portal", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            self.Instruction.with_user(portal).search([])
        with self.assertRaises(AccessError):
            self.Instruction.with_user(portal).create(
                {"partner_id": self.client_a.id, "action": "scan"}
            )

    def test_intake_queries_do_not_grow_with_items(self):
        """Intake of 90 items of 10 clients with instructions costs the same
        extra queries as 10 items: one search for all the instructions, one
        request per client and instruction (10 either way)."""
        clients = self.env["res.partner"].create(
            [
                {
                    "name": f"Klient {index}",
                    "is_company": True,
                    "desktomy_is_client": True,
                }
                for index in range(10)
            ]
        )
        self.Instruction.create(
            [{"partner_id": client.id, "action": "hold"} for client in clients]
        )

        def intake(per_client, **context):
            Mail = self.env["desktomy.mail"].with_context(
                **{NO_ARRIVAL_NOTICE: True}, **context
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            items = Mail.create(
                [
                    {"partner_id": client.id}
                    for client in clients
                    for _index in range(per_client)
                ]
            )
            self.env.flush_all()
            queries = self.env.cr.sql_log_count - before
            requests = self._requests(items)
            self.assertEqual(len(requests), 0 if context else 10)
            return queries

        intake(1)  # warm up
        quiet = {NO_INSTRUCTIONS: True}
        small = intake(1) - intake(1, **quiet)
        large = intake(9) - intake(9, **quiet)
        self.assertEqual(small, large)
