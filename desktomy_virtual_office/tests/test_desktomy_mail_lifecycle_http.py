# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The chain of custody over JSON-RPC, as the web client sends it, and the
browser tours of the status bar, the reversal and the draw-only pad."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common_handover import SIGNATURE, HandoverCommon
from .common_http import call_kw
from .test_desktomy_mail_lifecycle import HOSTILE_SIGNATURES


@tagged("post_install", "-at_install")
class TestLifecycleRpc(HandoverCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_handover()
        cls.user_rpc = new_test_user(
            cls.env,
            login="lc_desk",
            password="lc_desk_password",
            groups="desktomy_virtual_office.group_desktomy_user",
            name="Lidia Desk",
        )

    def setUp(self):
        super().setUp()
        self.authenticate("lc_desk", "lc_desk_password")

    def _rpc(self, model, method, args, kwargs=None, context=None):
        """POST /web/dataset/call_kw as the web client does; the JSON answer."""
        kwargs = dict(
            kwargs or {}, context=context or {"lang": "en_US", "tz": "Europe/Warsaw"}
        )
        return call_kw(self, model, method, args, kwargs)

    def _call(self, model, method, args, kwargs=None):
        answer = self._rpc(model, method, args, kwargs)
        self.assertNotIn("error", answer, answer.get("error"))
        return answer["result"]

    def _refused(self, model, method, args, kwargs=None, message="", context=None):
        answer = self._rpc(model, method, args, kwargs, context=context)
        self.assertIn("error", answer, f"{model}.{method} was not refused")
        self.assertEqual(
            answer["error"]["data"]["name"], "odoo.exceptions.UserError", answer
        )
        self.assertIn(message, answer["error"]["data"]["message"])

    def test_rpc_state_and_handover_fields(self):
        """web_save / write of a status or handover field is refused over RPC."""
        items = self._waiting(self.clients[:1])
        item = items[0]
        spec = {"state": {}, "collector_name": {}}
        for vals in (
            {"state": "collected"},
            {"state": "shredded"},
            {"collector_name": "Forged"},
        ):
            self._refused(
                "desktomy.mail",
                "web_save",
                [[item.id], vals],
                {"specification": spec},
                "only through the item's actions",
            )
        # a context sent by the client cannot carry the lifecycle token
        self._refused(
            "desktomy.mail",
            "write",
            [[item.id], {"state": "collected"}],
            context={"desktomy_lifecycle": True},
            message="only through the item's actions",
        )
        handover = self._hand_over(items[1:2])
        self._refused(
            "desktomy.mail",
            "write",
            [[item.id], {"handover_id": handover.id}],
            message="only through",
        )
        self._refused(
            "desktomy.mail",
            "create",
            [{"partner_id": self.clients[0].id, "state": "collected"}],
            message="starts as received",
        )
        self.env.invalidate_all()
        self.assertEqual(item.state, items[0].state)
        self.assertIn(item.state, ("received", "notified"))
        self.assertEqual(handover.mail_ids, items[1:2])

    def test_rpc_action_menu_notification_opens_dialog(self):
        """The Action menu's "Send notification" (/web/action/run, as the web
        client calls it) opens the missing-attachment dialog; call_kw refuses."""
        self.env.company.desktomy_missing_attachment_alert = True
        client = self.clients[0]
        client.email = "board@example.com"
        item = self.env["desktomy.mail"].create(
            {"partner_id": client.id, "sender": "No scan"}
        )
        action = self.env.ref("desktomy_virtual_office.desktomy_mail_action_notify")
        result = self.make_jsonrpc_request(
            "/web/action/run",
            {
                "action_id": action.id,
                "context": {
                    "active_model": "desktomy.mail",
                    "active_id": item.id,
                    "active_ids": item.ids,
                },
            },
        )
        self.assertEqual(result["res_model"], "desktomy.mail.notify.wizard")
        self._refused("desktomy.mail", "action_notify", [item.ids], message="no scan")
        self.env.invalidate_all()
        self.assertEqual(item.state, "received")

    def test_rpc_reversal_needs_reason(self):
        item = self._waiting(self.clients[:1])[:1]
        handover = self._hand_over(item)
        self._refused(
            "desktomy.mail", "action_reset_received", [item.ids], message="reason"
        )
        self._call(
            "desktomy.mail",
            "action_reset_received",
            [item.ids],
            {"reason": "Handed to the wrong person"},
        )
        self.env.invalidate_all()
        self.assertEqual(item.state, "received")
        self.assertEqual(handover.reversal_ids.reason, "Handed to the wrong person")
        self.assertEqual(handover.reversal_ids.user_id, self.user_rpc)
        self.assertEqual(handover.mail_ids, item)

    def test_rpc_handover_rules(self):
        """Over RPC: collector authorised or identified, a drawn signature."""
        items = self._waiting(self.clients[1:])
        draft = self._call(
            "desktomy.mail.handover",
            "create",
            [{"mail_ids": [Command.set(items.ids)], "collector_name": "Anna"}],
        )
        self._refused(
            "desktomy.mail.handover",
            "action_confirm",
            [[draft]],
            message="not an authorised person",
        )
        self._refused(
            "desktomy.mail.handover",
            "create",
            [{"mail_ids": [Command.set(items.ids)], "state": "done"}],
        )
        for label, payload in HOSTILE_SIGNATURES.items():
            with self.subTest(payload=label):
                self._refused(
                    "desktomy.mail.handover.wizard",
                    "create",
                    [
                        {
                            "partner_ids": [Command.set(self.clients[1:].ids)],
                            "collector_name": "Anna Nowak",
                            "collector_id_number": "ABC123456",
                            "digital_confirmation": True,
                            "signature": payload.decode("ascii", "replace"),
                        }
                    ],
                )
        self.env.invalidate_all()
        self.assertEqual(set(items.mapped("state")), {"received", "notified"})
        wizard = self._call(
            "desktomy.mail.handover.wizard",
            "create",
            [
                {
                    "partner_ids": [Command.set(self.clients[1:].ids)],
                    "collector_name": "Anna Nowak",
                    "collector_id_number": "ABC123456",
                    "digital_confirmation": True,
                    "signature": SIGNATURE.decode(),
                }
            ],
        )
        self._call("desktomy.mail.handover.wizard", "action_handover", [[wizard]])
        self.env.invalidate_all()
        self.assertEqual(set(items.mapped("state")), {"collected"})


@tagged("post_install", "-at_install")
class TestLifecycleTours(HandoverCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_handover()
        cls.user_desk.partner_id.name = "Desk User"

    def _item_url(self, item):
        return f"/odoo/action-desktomy_virtual_office.desktomy_mail_action/{item.id}"

    def test_tour_status_bar_collected_opens_wizard(self):
        """Clicking "Collected" opens the handover wizard with the item ticked."""
        item = self.env["desktomy.mail"].create(
            {"partner_id": self.clients[0].id, "sender": "Status bar"}
        )
        self.start_tour(
            self._item_url(item), "desktomy_statusbar_handover_tour", login="ho_desk"
        )
        self.assertEqual(item.state, "collected")
        self.assertTrue(item.handover_id.receipt_attachment_id)
        self.assertEqual(item.handover_id.mail_ids, item)

    def test_tour_reversal(self):
        """Leaving "collected" asks first and needs a reason."""
        item = self._waiting(self.clients[:1])[:1]
        handover = self._hand_over(item)
        self.start_tour(self._item_url(item), "desktomy_reversal_tour", login="ho_desk")
        self.assertEqual(item.state, "received")
        self.assertEqual(handover.reversal_ids.reason, "Collected by mistake")
        self.assertEqual(handover.mail_ids, item)
