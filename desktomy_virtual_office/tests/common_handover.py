# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import Command
from odoo.tests import new_test_user

# A 1x1 PNG stands for the signature drawn on the tablet.
SIGNATURE = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA"
        "WjR9awAAAABJRU5ErkJggg=="
    )
)


class HandoverCommon:
    """Fixture: client companies with waiting items and authorised persons."""

    @classmethod
    def _setup_handover(cls):
        cls.user_desk = new_test_user(
            cls.env,
            login="ho_desk",
            groups="desktomy_virtual_office.group_desktomy_user",
            name="Desk User",
        )
        cls.user_plain = new_test_user(
            cls.env, login="ho_plain", groups="base.group_user", name="Plain User"
        )
        cls.person = cls.env["res.partner"].create({"name": "Jan Kowalski"})
        cls.clients = cls._create_clients(3, prefix="Board")
        cls.person.desktomy_represented_client_ids = [Command.set(cls.clients[:2].ids)]

    @classmethod
    def _create_clients(cls, count, items_per_client=3, prefix="Client"):
        clients = cls.env["res.partner"].create(
            [
                {
                    "name": f"{prefix} {index} Sp. z o.o.",
                    "is_company": True,
                    "desktomy_is_client": True,
                }
                for index in range(count)
            ]
        )
        cls.env["desktomy.mail"].create(
            [
                {
                    "partner_id": client.id,
                    "sender": f"Sender {client.id}-{index}",
                    "state": "received" if index % 2 else "notified",
                }
                for client in clients
                for index in range(items_per_client)
            ]
        )
        return clients

    def _waiting(self, clients):
        return self.env["desktomy.mail"].search(
            [
                ("partner_id", "in", clients.ids),
                ("state", "in", ("received", "notified")),
            ]
        )

    def _wizard(self, clients, **vals):
        vals.setdefault("collector_partner_id", self.person.id)
        vals.setdefault("digital_confirmation", True)
        vals.setdefault("signature", SIGNATURE)
        return self.env["desktomy.mail.handover.wizard"].create(
            dict(vals, partner_ids=[Command.set(clients.ids)])
        )
