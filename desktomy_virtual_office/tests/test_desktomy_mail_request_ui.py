# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail


@tagged("post_install", "-at_install")
class TestMailRequestUi(HttpCase, MockEmail):
    def test_request_queue_tour(self):
        """The desk opens the queue, opens a request and fulfils it."""
        new_test_user(
            self.env,
            login="req_tour_desk",
            password="req_tour_desk",
            groups="desktomy_virtual_office.group_desktomy_user",
        )
        client = self.env["res.partner"].create(
            {
                "name": "Tour Request Client",
                "is_company": True,
                "desktomy_is_client": True,
                "email": "tour-request@client.example.com",
            }
        )
        items = self.env["desktomy.mail"].create(
            [{"partner_id": client.id, "sender": f"Tour {n}"} for n in range(3)]
        )
        Request = self.env["desktomy.mail.request"]
        request = Request._desktomy_submit(
            client,
            "forward",
            items[:2],
            {
                "forward_address": "ul. Turystyczna 7\n00-001 Warszawa",
                "forward_carrier": "Poczta Polska",
            },
        )
        Request._desktomy_submit(
            client,
            "pickup",
            items[2],
            {"pickup_date": fields.Date.context_today(Request)},
        )
        with self.mock_mail_gateway():
            self.start_tour(
                "/odoo/action-desktomy_virtual_office.desktomy_mail_request_action",
                "desktomy_request_queue_tour",
                login="req_tour_desk",
            )
        self.assertEqual(request.state, "done")
        self.assertEqual(set(items[:2].mapped("state")), {"forwarded"})
        self.assertEqual(items[0].forward_tracking_number, "RR000111222PL")
        self.assertEqual(
            len(
                items[:2].desktomy_usage_ids.filtered(
                    lambda u: u.service_kind == "forwarding"
                )
            ),
            2,
        )
