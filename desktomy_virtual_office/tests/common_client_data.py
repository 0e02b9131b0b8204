# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Fixture of the access log, export and erasure tests: two clients of the
office, a third, each with a scanned item, a handover with a signed receipt,
an office user, an office administrator and a portal user."""

import base64

from odoo import Command
from odoo.tests import new_test_user

from .common import SCAN_PDF
from .common_handover import SIGNATURE, HandoverCommon

#: A 1x1 PNG, as a scan of an envelope.
SCAN_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
    "hKmMIQAAAABJRU5ErkJggg=="
)


class ClientDataCommon(HandoverCommon):
    @classmethod
    def _setup_client_data(cls):
        cls._setup_handover()
        cls.user_manager = new_test_user(
            cls.env,
            login="cd_manager",
            password="cd_manager",
            groups="desktomy_virtual_office.group_desktomy_manager",
            name="Office Administrator",
        )
        cls.user_desk.password = "ho_desk"
        cls.client, cls.other, cls.third = cls.clients
        cls.portal_user = new_test_user(
            cls.env,
            login="cd_portal",
            password="cd_portal",
            groups="base.group_portal",
            partner_id=cls.person.id,
            name="Jan Kowalski",
        )
        # a person who represents the client only
        cls.sole_person = cls.env["res.partner"].create(
            {
                "name": "Ewa Jedyna",
                "email": "ewa@example.com",
                "phone": "+48 600 000 000",
                "desktomy_represented_client_ids": [Command.set(cls.client.ids)],
            }
        )
        Mail = cls.env["desktomy.mail"]
        cls.items = Mail.search([("partner_id", "=", cls.client.id)], order="id")
        cls.other_items = Mail.search([("partner_id", "=", cls.other.id)])
        cls.scan = cls._add_scan(cls.items[0], "scan-alfa.pdf", SCAN_PDF)
        cls.image = cls._add_scan(cls.items[1], "envelope-alfa.png", SCAN_PNG)
        cls.other_scan = cls._add_scan(cls.other_items[0], "scan-other.pdf", SCAN_PDF)
        cls.items[0].message_post(body="Your letter from the tax office")
        # the client's own handover (its items only) with a signed receipt
        cls.handover = (
            cls.env["desktomy.mail.handover.wizard"]
            .create(
                {
                    "partner_ids": [Command.set(cls.client.ids)],
                    "collector_partner_id": cls.person.id,
                    "collector_id_number": "ABC123456",
                    "digital_confirmation": True,
                    "signature": SIGNATURE,
                }
            )
            .action_handover()
            and cls.items.handover_id
        )
        cls.receipt = cls.handover.receipt_attachment_id
        cls.receipt_checksum = cls.receipt.checksum

    @classmethod
    def _add_scan(cls, item, name, raw):
        scan = cls.env["ir.attachment"].create(
            {
                "name": name,
                "raw": raw,
                "res_model": "desktomy.mail",
                "res_id": item.id,
            }
        )
        item.scan_ids = [Command.link(scan.id)]
        return scan

    def _log(self, **domain):
        return (
            self.env["desktomy.access.log"]
            .sudo()
            .search([(key, "=", value) for key, value in domain.items()])
        )
