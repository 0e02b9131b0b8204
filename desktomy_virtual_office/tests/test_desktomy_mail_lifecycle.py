# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The chain of custody: an item becomes collected only through a handover,
a pickup is reversed only with a reason, a signature is drawn by hand, the
collector is authorised or identified."""

import base64
import io
import struct
import zlib

from PIL import Image

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, users

from .common_handover import SIGNATURE, HandoverCommon, drawn_signature


def _png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(width=60000, height=60000):
    """A tiny PNG whose header announces a huge canvas (decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1024)
    return base64.b64encode(
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", body)
        + _png_chunk(b"IEND", b"")
    )


def _image(mode, size, color, fmt="PNG"):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt)
    return base64.b64encode(buffer.getvalue())


#: Payloads that are not a hand-drawn signature, with the reason.
HOSTILE_SIGNATURES = {
    "svg": base64.b64encode(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200">'
        b'<text x="10" y="100">Jan Kowalski</text></svg>'
    ),
    "html": base64.b64encode(b"<html><script>alert(1)</script></html>"),
    "empty canvas": _image("RGBA", (600, 200), (255, 255, 255, 0)),
    "white jpeg": _image("RGB", (600, 200), (255, 255, 255), fmt="JPEG"),
    "filled box": _image("RGB", (600, 200), (0, 0, 0)),
    "one pixel": _image("RGBA", (1, 1), (0, 0, 0, 255)),
    "truncated": base64.b64encode(base64.b64decode(SIGNATURE)[:-40]),
    "bomb": png_bomb(),
    "not base64": b"this is not base64 at all!",
    "gif": _image("L", (600, 200), 0, fmt="GIF"),
    "too large": base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * (1100 * 1024)),
}


class TestLifecycle(HandoverCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_handover()
        cls.user_manager = cls.env["res.users"].create(
            {
                "name": "Office Manager",
                "login": "ho_manager",
                "groups_id": [
                    Command.link(
                        cls.env.ref("desktomy_virtual_office.group_desktomy_manager").id
                    )
                ],
            }
        )

    def _items(self, count=2, client=None):
        return self.env["desktomy.mail"].create(
            [
                {"partner_id": (client or self.clients[0]).id, "sender": f"S{index}"}
                for index in range(count)
            ]
        )

    # -- no state needing an action is written directly --------------------

    @users("ho_desk")
    def test_state_not_written_directly(self):
        """Office user: no status that needs an action is written, by any field."""
        items = self._items()
        for state in ("collected", "forwarded", "returned", "shredded", "notified"):
            with self.assertRaisesRegex(UserError, "only through the item's actions"):
                items.write({"state": state})
        for vals in (
            {"collector_name": "Someone"},
            {"collected_datetime": "2026-01-01 10:00:00"},
            {"disposition_user_id": self.env.uid},
            {"forward_tracking_number": "RR1PL"},
        ):
            with self.assertRaises(UserError):
                items.write(vals)
        self.assertEqual(set(items.mapped("state")), {"received"})
        # writing the value an item already has is no change
        items.write({"state": "received", "sender": "Changed"})
        self.assertEqual(set(items.mapped("sender")), {"Changed"})

    def test_superuser_and_forged_context_refused(self):
        """Neither the superuser nor a context sent by a client bypasses it."""
        items = self._items()
        for env_items in (
            items.sudo(),
            items.with_context(desktomy_lifecycle=True),
            items.with_context(desktomy_lifecycle="<desktomy lifecycle action>"),
            items.with_context(desktomy_confirm_leave_collected=True),
        ):
            with self.assertRaises(UserError):
                env_items.write({"state": "collected"})
        with self.assertRaises(UserError):
            self.env["desktomy.mail"].sudo().create(
                {"partner_id": self.clients[0].id, "state": "collected"}
            )
        with self.assertRaises(UserError):
            self.env["desktomy.mail"].create(
                {"partner_id": self.clients[0].id, "collector_name": "X"}
            )
        self.assertEqual(set(items.mapped("state")), {"received"})

    @users("ho_desk")
    def test_collected_handover_fields_frozen(self):
        """A collected item's handover link and receipt data cannot be rewritten."""
        items = self._items()
        first = self._hand_over(items[:1])
        second = self._hand_over(items[1:])
        with self.assertRaises(UserError):
            items[0].write({"handover_id": second.id})
        with self.assertRaises(UserError):
            items[0].write({"handover_id": False})
        with self.assertRaisesRegex(UserError, "Reverse the pickup"):
            items[0].write({"partner_id": self.clients[1].id})
        with self.assertRaises(UserError):
            items[0].write({"sender": "Someone else"})
        self.assertEqual(first.mail_ids, items[:1])
        self.assertEqual(second.mail_ids, items[1:])

    def test_handed_over_item_not_deleted(self):
        """An item on a confirmed handover is never deleted (even by a manager)."""
        items = self._items()
        self._hand_over(items[:1])
        for user_items in (
            items[:1].with_user(self.user_manager),
            items[:1].sudo(),
        ):
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                user_items.unlink()
        items[1:].with_user(self.user_manager).unlink()

    # -- the status bar goes through the actions --------------------------

    @users("ho_desk")
    def test_status_bar_opens_actions(self):
        """Clicking a status returns the action that does it."""
        item = self._items(1)
        action = item.action_set_state("collected")
        self.assertEqual(action["res_model"], "desktomy.mail.handover.wizard")
        self.assertEqual(action["context"]["active_ids"], item.ids)
        wizard = (
            self.env["desktomy.mail.handover.wizard"]
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.partner_ids, item.partner_id)
        self.assertEqual(wizard.mail_ids, item)
        self.assertEqual(item.state, "received")
        action = item.action_set_state("shredded")
        self.assertEqual(action["res_model"], "desktomy.mail.disposition.wizard")
        self.assertEqual(action["context"]["default_disposition"], "shredded")
        self.assertEqual(item.state, "received")
        self._hand_over(item)
        action = item.action_set_state("received")
        self.assertEqual(action["res_model"], "desktomy.mail.reversal.wizard")
        self.assertEqual(item.state, "collected")
        with self.assertRaises(UserError):
            item.action_set_state("forwarded")
        with self.assertRaises(UserError):
            item.action_set_state("lost")

    # -- forwarding, return, shredding record who and when ----------------

    @users("ho_desk")
    def test_dispositions_record_who_and_when(self):
        forwarded, returned, shredded = self._items(3)
        forwarded.action_mark_forwarded(
            address="ul. Prosta 1, 00-001 Warszawa",
            carrier="Poczta Polska",
            tracking_number="RR123456789PL",
            postage=12.5,
        )
        returned.action_mark_returned()
        shredded.action_mark_shredded()
        for item, state in (
            (forwarded, "forwarded"),
            (returned, "returned"),
            (shredded, "shredded"),
        ):
            self.assertEqual(item.state, state)
            self.assertEqual(item.disposition_user_id, self.env.user)
            self.assertTrue(item.disposition_datetime)
        self.assertEqual(forwarded.forward_carrier, "Poczta Polska")
        self.assertEqual(forwarded.forward_tracking_number, "RR123456789PL")
        self.assertEqual(forwarded.forward_postage, 12.5)
        with self.assertRaises(UserError):
            self._items(1).action_mark_forwarded(postage=-1)

    @users("ho_desk")
    def test_disposition_wizard(self):
        """The dialog asks for the forwarding address; code may leave it out."""
        items = self._items(2)
        Wizard = self.env["desktomy.mail.disposition.wizard"].with_context(
            active_model="desktomy.mail", active_ids=items.ids
        )
        wizard = Wizard.create({"disposition": "forwarded", "forward_address": " "})
        with self.assertRaisesRegex(UserError, "address"):
            wizard.action_confirm()
        wizard.write(
            {
                "forward_address": "ul. Prosta 1",
                "forward_carrier": "DHL",
                "forward_postage": 20.0,
            }
        )
        wizard.action_confirm()
        self.assertEqual(set(items.mapped("state")), {"forwarded"})
        self.assertEqual(set(items.mapped("forward_carrier")), {"DHL"})

    # -- reversal of a pickup ---------------------------------------------

    @users("ho_desk")
    def test_reversal_needs_reason(self):
        item = self._items(1)
        self._hand_over(item)
        for reason in (None, "", "   ", 42):
            with self.assertRaisesRegex(UserError, "reason"):
                item.action_reset_received(reason=reason)
        wizard = (
            self.env["desktomy.mail.reversal.wizard"]
            .with_context(active_model="desktomy.mail", active_ids=item.ids)
            .create({"reason": " "})
        )
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.action_confirm()
        self.assertEqual(item.state, "collected")

    @users("ho_desk")
    def test_reversal_keeps_handover_and_clears_item(self):
        """The item is waiting again without its pickup; the handover is unchanged
        and records the reversal; a new handover leaves the first one alone."""
        items = self._items(2)
        first = self._hand_over(
            items,
            digital_confirmation=True,
            signature=SIGNATURE,
            collector_partner_id=self.person.id,
            collector_name=False,
            collector_id_number=False,
        )
        receipt = first.receipt_attachment_id
        sha = first.receipt_sha256
        self.assertTrue(items[0].receipt_attachment_id)
        items[0].action_reset_received(reason="Wrong company's letter")
        item = items[0]
        self.assertEqual(item.state, "received")
        self.assertFalse(item.handover_id)
        self.assertFalse(item.collector_name)
        self.assertFalse(item.collected_datetime)
        self.assertFalse(item.receipt_attachment_id)
        self.assertFalse(
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "desktomy.mail"),
                    ("res_id", "=", item.id),
                    ("checksum", "=", receipt.checksum),
                ]
            )
        )
        # the handover: same list, receipt and checksum, one reversal line
        self.assertEqual(first.mail_ids, items)
        self.assertEqual(first.mail_count, 2)
        self.assertEqual(first.receipt_attachment_id, receipt)
        self.assertEqual(first.receipt_sha256, sha)
        self.assertEqual(len(first.reversal_ids), 1)
        line = first.reversal_ids
        self.assertEqual(line.mail_id, item)
        self.assertEqual(line.user_id, self.env.user)
        self.assertEqual(line.reason, "Wrong company's letter")
        with self.assertRaises(UserError):
            line.write({"reason": "changed"})
        with self.assertRaises(UserError):
            line.unlink()
        with self.assertRaises(UserError):
            self.env["desktomy.mail.handover.reversal"].create(
                {
                    "handover_id": first.id,
                    "mail_id": items[1].id,
                    "company_id": items.company_id.id,
                    "user_id": self.env.uid,
                    "reversal_datetime": "2026-01-01 10:00:00",
                    "reason": "forged",
                }
            )
        # handed over again: a new handover; the first keeps its list
        second = self._hand_over(item)
        self.assertNotEqual(second, first)
        self.assertEqual(item.handover_id, second)
        self.assertEqual(first.mail_ids, items)
        self.assertEqual(items[1].handover_id, first)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "desktomy_virtual_office.desktomy_mail_handover_report_action",
                first.ids,
            )[0]
            .decode()
        )
        self.assertIn(item.name, html)

    # -- the handover model: one path, checked on the server ---------------

    @users("ho_desk")
    def test_handover_system_fields_not_given(self):
        """A handover is created as a draft; what the confirmation records is
        refused as input, and a confirmed handover is frozen."""
        items = self._items(1)
        Handover = self.env["desktomy.mail.handover"]
        for forged in (
            {"state": "done"},
            {"receipt_sha256": "0" * 64},
            {"handover_datetime": "2020-01-01 10:00:00"},
            {"user_id": self.user_plain.id},
            {"collector_authorized": True},
        ):
            with self.assertRaises(UserError):
                Handover.create(dict(forged, mail_ids=[Command.set(items.ids)]))
        draft = Handover.create(
            {"collector_name": "A", "mail_ids": [Command.set(items.ids)]}
        )
        with self.assertRaises(UserError):
            draft.sudo().write({"state": "done"})
        self.assertEqual(items.state, "received")

    @users("ho_desk")
    def test_collector_authorised_or_identified(self):
        """Server side, from every path: authorised person, or name and ID."""
        items = self._waiting(self.clients[1:])  # Jan represents clients 0 and 1
        Handover = self.env["desktomy.mail.handover"]
        for vals in (
            {"collector_partner_id": self.person.id},
            {"collector_partner_id": self.person.id, "collector_name": "Jan"},
            {"collector_name": "Anna Nowak"},
            {"collector_id_number": "ABC123"},
            {},
        ):
            handover = Handover.create(dict(vals, mail_ids=[Command.set(items.ids)]))
            with self.assertRaisesRegex(UserError, "not an authorised person"):
                handover.action_confirm()
        self.assertEqual(set(items.mapped("state")), {"received", "notified"})
        handover = Handover.create(
            {
                "collector_partner_id": self.person.id,
                "collector_id_number": "ABC123456",
                "mail_ids": [Command.set(items.ids)],
            }
        )
        handover.action_confirm()
        self.assertFalse(handover.collector_authorized)
        self.assertEqual(handover.collector_name, "Jan Kowalski")
        own = self._waiting(self.clients[:1])
        authorised = self._hand_over(
            own,
            collector_partner_id=self.person.id,
            collector_name=False,
            collector_id_number=False,
        )
        self.assertTrue(authorised.collector_authorized)

    @users("ho_desk")
    def test_hostile_signatures_refused(self):
        """Only a drawn PNG/JPEG is a signature: nothing is handed over otherwise."""
        items = self._waiting(self.clients[:1])
        Wizard = self.env["desktomy.mail.handover.wizard"]
        Handover = self.env["desktomy.mail.handover"]
        for label, payload in HOSTILE_SIGNATURES.items():
            with self.subTest(payload=label):
                with self.assertRaises(UserError):
                    self._wizard(self.clients[:1], signature=payload).action_handover()
                with self.assertRaises(UserError):
                    Handover.create(
                        {
                            "collector_partner_id": self.person.id,
                            "digital_confirmation": True,
                            "signature": payload,
                            "mail_ids": [Command.set(items.ids)],
                        }
                    ).action_confirm()
        self.assertEqual(set(items.mapped("state")), {"received", "notified"})
        self.assertFalse(self._handovers().filtered(lambda h: h.state == "done"))
        # a drawn JPEG and a drawn PNG of another size are accepted
        wizard = Wizard.create(
            {
                "partner_ids": [Command.set(self.clients[:1].ids)],
                "collector_partner_id": self.person.id,
                "digital_confirmation": True,
                "signature": drawn_signature(900, 300, seed=3),
            }
        )
        wizard.action_handover()
        self.assertEqual(set(items.mapped("state")), {"collected"})

    # -- notification: the Action menu shows the same dialog ----------------

    @users("ho_desk")
    def test_action_menu_notification_opens_dialog(self):
        self.env.company.sudo().desktomy_missing_attachment_alert = True
        client = self.clients[0]
        client.sudo().email = "alfa@example.com"
        item = self._items(1, client)
        server_action = self.env.ref(
            "desktomy_virtual_office.desktomy_mail_action_notify"
        )
        result = server_action.with_context(
            active_model="desktomy.mail", active_ids=item.ids, active_id=item.id
        ).run()
        self.assertEqual(result["res_model"], "desktomy.mail.notify.wizard")
        self.assertEqual(item.state, "received")
        with self.assertRaisesRegex(UserError, "no scan"):
            item.action_notify()

    # -- the wizard's checklist --------------------------------------------

    @users("ho_desk")
    def test_checklist(self):
        """The checklist lists the clients with waiting mail and their counts."""
        Wizard = self.env["desktomy.mail.handover.wizard"]
        everything = Wizard.desktomy_client_checklist("", 0, 200)
        rows = {row["id"]: row for row in everything["records"]}
        for client in self.clients:
            self.assertEqual(rows[client.id]["waiting"], 3)
        self.assertEqual(everything["length"], len(everything["records"]))
        found = Wizard.desktomy_client_checklist("Kowalski")
        self.assertEqual(
            {row["id"] for row in found["records"]}, set(self.clients[:2].ids)
        )
        page = Wizard.desktomy_client_checklist("Board", 1, 1)
        self.assertEqual(page["length"], 3)
        self.assertEqual(len(page["records"]), 1)
        for offset, limit in (
            ("١٢", "x"),
            (10**40, -5),
            (None, None),
            (True, [1]),
            ("'; DROP TABLE desktomy_mail; --", {"a": 1}),
        ):
            result = Wizard.desktomy_client_checklist("<b>", offset, limit)
            self.assertEqual(result["length"], 0)
        self._hand_over(self._waiting(self.clients[2]))
        rows = {
            row["id"] for row in Wizard.desktomy_client_checklist("Board")["records"]
        }
        self.assertNotIn(self.clients[2].id, rows)

    @users("ho_desk")
    def test_receipt_attachments_are_evidence(self):
        """Neither the handover's receipt nor an item's copy is changed or deleted."""
        items = self._items(2)
        handover = self._hand_over(
            items,
            digital_confirmation=True,
            signature=SIGNATURE,
            collector_partner_id=self.person.id,
            collector_name=False,
            collector_id_number=False,
        )
        copy = items[0].receipt_attachment_id
        self.assertTrue(copy)
        for attachment in (copy, copy.sudo(), handover.receipt_attachment_id.sudo()):
            with self.assertRaisesRegex(UserError, "evidence"):
                attachment.write({"datas": base64.b64encode(b"forged receipt")})
            with self.assertRaisesRegex(UserError, "evidence"):
                attachment.unlink()
        self.assertEqual(
            copy.sudo().checksum, handover.receipt_attachment_id.sudo().checksum
        )
        # a scan of the same item stays the desk's to manage
        scan = self.env["ir.attachment"].create(
            {"name": "scan.pdf", "raw": b"%PDF scan", "res_model": "desktomy.mail"}
        )
        scan.unlink()
