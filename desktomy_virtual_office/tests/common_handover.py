# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

from PIL import Image, ImageDraw

from odoo import Command
from odoo.tests import new_test_user


def drawn_signature(width=600, height=200, seed=1):
    """A stroke drawn on a transparent pad, as the signature pad sends it."""
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    points = [
        (
            int(width * (0.05 + 0.045 * x)),
            int(height * (0.5 + (0.3 if (x + seed) % 2 else -0.3))),
        )
        for x in range(20)
    ]
    ImageDraw.Draw(image).line(points, fill=(0, 0, 139, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


#: The collector's signature drawn on the tablet.
SIGNATURE = drawn_signature()


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

    def _hand_over(self, items, **vals):
        """Hand ``items`` over through the handover model (the one path)."""
        vals.setdefault("collector_name", "Anna Nowak")
        vals.setdefault("collector_id_number", "ABC123456")
        vals.setdefault("digital_confirmation", False)
        handover = self.env["desktomy.mail.handover"].create(
            dict(vals, mail_ids=[Command.set(items.ids)])
        )
        handover.action_confirm()
        return handover

    def _handovers(self):
        """The handovers of this test's clients (the demo data has others)."""
        return self.env["desktomy.mail.handover"].search(
            [("partner_ids", "in", self.clients.ids)]
        )

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
