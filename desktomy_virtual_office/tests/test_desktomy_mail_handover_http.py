# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

from odoo import Command, sql_db
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common_handover import SIGNATURE, HandoverCommon


@tagged("post_install", "-at_install")
class TestHandoverHttp(HandoverCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_handover()

    def test_forced_pdf_render(self):
        """A real render attaches the same PDF to the handover and every item."""
        items = self._waiting(self.clients[:2])
        self.env["ir.config_parameter"].sudo().set_param("report.print_delay", "0")
        self._wizard(self.clients[:2]).with_context(
            force_report_rendering=True
        ).action_handover()
        receipt = items.handover_id.receipt_attachment_id
        self.assertEqual(receipt.mimetype, "application/pdf")
        self.assertTrue(receipt.raw.startswith(b"%PDF"))
        self.assertTrue(receipt.name.endswith(".pdf"))
        for item in items:
            self.assertTrue(item.receipt_attachment_id.raw.startswith(b"%PDF"))

    def _demo_handover_wizard(self):
        """The items of a demo client and a handover wizard for them.

        The rows must be visible to a second database connection, so the
        lock tests use the committed demo items of a demo client.
        """
        client = self.env.ref("desktomy_virtual_office.client_1_demo")
        items = self._waiting(client)
        self.assertTrue(items, "the demo client needs waiting items")
        wizard = self._wizard(
            client,
            collector_partner_id=False,
            collector_name="Anna Nowak",
            collector_id_number="X1",
        )
        return items, wizard

    @contextmanager
    def _other_desk_holds(self, items):
        """Another desk is in the middle of its own handover of ``items``."""
        with sql_db.db_connect(self.env.cr.dbname).cursor() as other_cr:
            other_cr.execute(
                "SELECT id FROM desktomy_mail WHERE id IN %s FOR NO KEY UPDATE",
                [tuple(items.ids)],
            )
            try:
                yield
            finally:
                other_cr.rollback()

    def test_concurrent_handover_locked(self):
        """While another desk holds the rows, a second handover is refused."""
        items, wizard = self._demo_handover_wizard()
        with (
            self._other_desk_holds(items),
            self.assertRaisesRegex(UserError, "Another desk"),
        ):
            wizard.action_handover()
        self.assertEqual(set(items.mapped("state")) - {"received", "notified"}, set())
        self.assertFalse(items.handover_id)
        wizard.action_handover()
        self.assertEqual(set(items.mapped("state")), {"collected"})

    def test_concurrent_handover_refusal_not_logged(self):
        """A lock held by another desk is an expected condition: the desk user
        gets the clear message and the server log gets no ERROR line (no
        "bad query" from odoo.sql_db). No mute_logger here: the model mutes
        it itself."""
        items, wizard = self._demo_handover_wizard()
        with (
            self._other_desk_holds(items),
            self.assertNoLogs("odoo.sql_db", level="ERROR"),
            self.assertNoLogs("odoo.addons.desktomy_virtual_office", level="ERROR"),
            self.assertRaisesRegex(
                UserError,
                "Another desk is handing over some of these items right now",
            ),
        ):
            wizard.action_handover()
        self.assertFalse(items.handover_id)

    def test_tour_handover(self):
        """Tour: open Hand over mail, tick two companies, sign, confirm."""
        self.user_desk.partner_id.name = "Desk User"
        self.start_tour(
            "/odoo/action-desktomy_virtual_office.desktomy_mail_handover_wizard_action",
            "desktomy_handover_tour",
            login="ho_desk",
        )
        items = self._waiting(self.clients[:2])
        self.assertFalse(items)
        handover = self._handovers()
        self.assertEqual(handover.partner_ids, self.clients[:2])
        self.assertTrue(handover.signature)
        self.assertTrue(handover.receipt_attachment_id)
        self.assertEqual(handover.user_id, self.user_desk)


__all__ = ["Command", "SIGNATURE"]
