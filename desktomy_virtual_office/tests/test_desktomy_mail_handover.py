# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, users

from odoo.addons.desktomy_virtual_office.models.desktomy_mail_handover import (
    DesktomyMailHandover,
)

from .common_handover import SIGNATURE, HandoverCommon


class TestHandover(HandoverCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_handover()

    def test_several_companies_in_one_go(self):
        """One handover moves every waiting item of two companies to collected."""
        clients = self.clients[:2]
        items = self._waiting(clients)
        self.assertEqual(len(items), 6)
        other = self._waiting(self.clients[2])
        self._wizard(clients).action_handover()
        handover = items.handover_id
        self.assertEqual(len(handover), 1)
        self.assertEqual(handover.state, "done")
        self.assertTrue(handover.name.startswith("HO/"))
        self.assertEqual(handover.partner_ids, clients)
        self.assertEqual(handover.mail_ids, items)
        self.assertEqual(handover.collector_name, "Jan Kowalski")
        self.assertTrue(handover.collector_authorized)
        self.assertEqual(set(items.mapped("state")), {"collected"})
        self.assertEqual(set(items.mapped("collector_name")), {"Jan Kowalski"})
        self.assertEqual(set(other.mapped("state")), {"received", "notified"})

    def test_code_path_partner_ids_only(self):
        """A wizard created with partner_ids, flag and signature hands over all."""
        clients = self.clients[1:]
        items = self._waiting(clients)
        self.env["desktomy.mail.handover.wizard"].create(
            {
                "partner_ids": [Command.set(clients.ids)],
                "digital_confirmation": True,
                "signature": SIGNATURE,
            }
        ).action_handover()
        self.assertEqual(set(items.mapped("state")), {"collected"})
        self.assertFalse(items.handover_id.collector_authorized)

    def test_authorised_person_search(self):
        """Picking a person ticks every company the person may collect for."""
        wizard_form = Form(self.env["desktomy.mail.handover.wizard"])
        wizard_form.person_search_id = self.person
        self.assertEqual(set(wizard_form.partner_ids.ids), set(self.clients[:2].ids))
        self.assertEqual(wizard_form.collector_partner_id, self.person)
        self.assertEqual(len(wizard_form.item_line_ids), 6)
        self.assertFalse(wizard_form.authorization_warning)
        with wizard_form.item_line_ids.edit(0) as line:
            line.selected = False
        unticked = wizard_form.item_line_ids.edit(0).mail_id
        wizard_form.signature = SIGNATURE
        wizard = wizard_form.save()
        wizard.action_handover()
        self.assertEqual(unticked.state in ("received", "notified"), True)
        self.assertEqual(len(wizard.item_line_ids.mail_id.handover_id.mail_ids), 5)

    def test_client_lines_tick(self):
        """Ticking a client line selects the company and lists its items."""
        wizard_form = Form(self.env["desktomy.mail.handover.wizard"])
        index = next(
            i
            for i, line in enumerate(wizard_form.client_line_ids._records)
            if line["partner_id"] == self.clients[2].id
        )
        with wizard_form.client_line_ids.edit(index) as line:
            self.assertEqual(line.waiting_count, 3)
            line.selected = True
        self.assertEqual(wizard_form.partner_ids.ids, self.clients[2].ids)
        self.assertEqual(len(wizard_form.item_line_ids), 3)
        # Jan Kowalski may not collect for this company: warning shown.
        wizard_form.collector_partner_id = self.person
        self.assertIn(self.clients[2].name, wizard_form.authorization_warning)

    def test_unauthorised_collector_needs_document(self):
        """A collector who is not authorised must give an ID document number."""
        wizard = self._wizard(self.clients[1:], collector_name="Anna Nowak")
        wizard.collector_partner_id = False
        with self.assertRaisesRegex(UserError, "identity document"):
            wizard.action_handover()
        wizard.collector_id_number = "ABC123456"
        wizard.action_handover()
        handover = self.env["desktomy.mail.handover"].search([], limit=1)
        self.assertEqual(handover.collector_id_number, "ABC123456")
        self.assertEqual(handover.collector_name, "Anna Nowak")

    def test_refused_without_signature(self):
        """Digital confirmation without a signature hands over nothing."""
        items = self._waiting(self.clients[:2])
        wizard = self._wizard(self.clients[:2], signature=False)
        with self.assertRaisesRegex(UserError, "signature"):
            wizard.action_handover()
        self.assertEqual(set(items.mapped("state")), {"received", "notified"})
        self.assertFalse(self.env["desktomy.mail.handover"].search([]))

    def test_receipt_attached_everywhere(self):
        """The receipt is attached to the handover and every item, with content."""
        items = self._waiting(self.clients[:2])
        self._wizard(self.clients[:2]).action_handover()
        handover = items.handover_id
        receipt = handover.receipt_attachment_id
        self.assertTrue(receipt)
        self.assertIn(receipt.mimetype, ("application/pdf", "text/html"))
        self.assertEqual(
            (receipt.res_model, receipt.res_id), (handover._name, handover.id)
        )
        self.assertEqual(len(handover.receipt_sha256), 64)
        content = receipt.raw.decode()
        for name in self.clients[:2].mapped("name") + items.mapped("name"):
            self.assertIn(name, content)
        self.assertIn("Jan Kowalski", content)
        self.assertNotIn(self.clients[2].name, content)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "desktomy.mail"), ("res_id", "in", items.ids)]
        )
        self.assertEqual(len(attachments), len(items))
        self.assertEqual(set(attachments.mapped("checksum")), {receipt.checksum})
        for item in items:
            self.assertEqual(item.receipt_attachment_id.res_id, item.id)

    def test_paper_handover_has_no_receipt_box(self):
        """Without digital confirmation no receipt is attached; paper print works."""
        items = self._waiting(self.clients[:1])
        self._wizard(
            self.clients[:1], digital_confirmation=False, signature=False
        ).action_handover()
        handover = items.handover_id
        self.assertFalse(handover.receipt_attachment_id)
        self.assertFalse(items.receipt_attachment_id)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "desktomy_virtual_office.desktomy_mail_handover_report_action",
                handover.ids,
            )[0]
            .decode()
        )
        self.assertIn("Signature of the collector", html)
        self.assertNotIn('alt="Signature"', html)

    def test_immutable(self):
        """Nobody, not even the superuser, edits or deletes a confirmed handover."""
        self._wizard(self.clients[:1]).action_handover()
        handover = self.env["desktomy.mail.handover"].search([])
        for record in (handover, handover.sudo()):
            with self.assertRaises(UserError):
                record.write({"collector_name": "Someone Else"})
            with self.assertRaises(UserError):
                record.unlink()
        self.assertEqual(handover.collector_name, "Jan Kowalski")
        correction = self.env["desktomy.mail.handover"].create(
            {
                "collector_name": "Jan Kowalski",
                "correction_of_id": handover.id,
                "note": "Wrong collector number",
            }
        )
        self.assertEqual(correction.correction_of_id, handover)

    def test_items_no_longer_waiting_refused(self):
        """An item handed over meanwhile is named and nothing else changes."""
        items = self._waiting(self.clients[:2])
        wizard_form = Form(self.env["desktomy.mail.handover.wizard"])
        wizard_form.person_search_id = self.person
        wizard_form.signature = SIGNATURE
        wizard = wizard_form.save()
        # another desk takes the first item between opening and confirming
        self._wizard(self.clients[:1]).action_handover()
        taken = items.filtered(lambda item: item.state == "collected")
        with self.assertRaisesRegex(UserError, taken[0].name):
            wizard.action_handover()
        rest = items - taken
        self.assertEqual(set(rest.mapped("state")), {"received", "notified"})
        self.assertFalse(rest.handover_id)
        self.assertEqual(self.env["desktomy.mail.handover"].search_count([]), 1)

    def test_render_failure_keeps_signature(self):
        """A failed receipt render hands over nothing and keeps the signature."""
        items = self._waiting(self.clients[:2])
        wizard = self._wizard(self.clients[:2])
        with (
            patch.object(
                DesktomyMailHandover,
                "_desktomy_render_receipt",
                side_effect=OSError("wkhtmltopdf crashed"),
            ),
            self.assertLogs(
                "odoo.addons.desktomy_virtual_office.wizard."
                "desktomy_mail_handover_wizard",
                level="ERROR",
            ),
            self.assertRaisesRegex(UserError, "could not be generated"),
        ):
            wizard.action_handover()
        self.assertEqual(set(items.mapped("state")), {"received", "notified"})
        self.assertFalse(items.handover_id)
        self.assertFalse(self.env["desktomy.mail.handover"].search([]))
        self.assertTrue(wizard.signature)
        wizard.action_handover()
        self.assertEqual(set(items.mapped("state")), {"collected"})

    def test_billing_hook_called_once(self):
        """The billing hook runs once on all handed-over items."""
        Mail = type(self.env["desktomy.mail"])
        calls = []
        original = Mail._desktomy_after_handover

        def spy(records, handover):
            calls.append((records, handover))
            return original(records, handover)

        items = self._waiting(self.clients[:2])
        with patch.object(Mail, "_desktomy_after_handover", spy):
            self._wizard(self.clients[:2]).action_handover()
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0][0], items)
        self.assertEqual(calls[0][1], items.handover_id)

    @users("ho_desk")
    def test_access_desk_user(self):
        """A desk user hands over but cannot edit or delete the handover."""
        clients = self.clients[:2].with_user(self.env.user)
        self._wizard(clients).action_handover()
        handover = self.env["desktomy.mail.handover"].search([])
        self.assertEqual(len(handover), 1)
        with self.assertRaises(UserError):
            handover.write({"note": "x"})
        with self.assertRaises(UserError):
            handover.unlink()
        self.assertEqual(handover.receipt_attachment_id.res_id, handover.id)

    @users("ho_plain")
    def test_access_plain_user(self):
        """An internal user outside the groups sees no handover nor wizard."""
        with self.assertRaises(AccessError):
            self.env["desktomy.mail.handover"].search([])
        with self.assertRaises(AccessError):
            self.env["desktomy.mail.handover.wizard"].create({})


class TestHandoverQueries(HandoverCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_handover()
        cls.small = cls._create_clients(2, 3, prefix="Small")
        # The ORM splits INSERT/UPDATE statements into chunks of 100 rows, so
        # the larger case stays below 100 items to compare like with like.
        cls.large = cls._create_clients(10, 9, prefix="Large")

    def _count_handover(self, clients, expected):
        wizard = self._wizard(
            clients,
            collector_partner_id=False,
            collector_name="Anna Nowak",
            collector_id_number="X1",
        )
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(expected):
            wizard.action_handover()
            self.env.flush_all()

    def test_query_count_constant(self):
        """2 x 3 and 10 x 9 items are handed over in the same number of queries."""
        # warm-up: compile the report template, create the sequence date range
        self._wizard(self.clients[:1]).action_handover()
        # (3 of them store the month's billing of the clients charged,
        # desktomy.billing.month, at the savepoint of the handover)
        self._count_handover(self.small, 51)
        self._count_handover(self.large, 51)
