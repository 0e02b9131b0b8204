# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unpaid invoices at the desk: the overdue amount and the mail hold."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from .common import DesktomyMailCommon
from .common_http import call_kw


class OverdueCommon:
    @classmethod
    def _invoice(cls, partner, amount, days_overdue, company=None, refund=False):
        """A posted customer invoice of ``amount`` due ``days_overdue`` ago."""
        company = company or cls.env.company
        day = fields.Date.context_today(cls.env["account.move"]) - timedelta(
            days=days_overdue
        )
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_refund" if refund else "out_invoice",
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "invoice_date": day,
                    "invoice_date_due": day,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Virtual office",
                                "quantity": 1.0,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move


@tagged("post_install", "-at_install")
class TestOverdueHold(OverdueCommon, DesktomyMailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.desktomy_hold_overdue_days = 0
        cls.old = cls._invoice(cls.client_a, 100.0, 40)
        cls.recent = cls._invoice(cls.client_a, 20.0, 5)
        cls.items_a = cls._create_items(cls, cls.client_a, 2)
        cls.items_b = cls._create_items(cls, cls.client_b, 1)

    def _handover(self, items, user=None, **vals):
        env = self.env(user=user or self.user_desk)
        handover = env["desktomy.mail.handover"].create(
            dict(
                vals,
                collector_name="Anna Nowak",
                collector_id_number="ABC123",
                digital_confirmation=False,
                mail_ids=[Command.set(items.ids)],
            )
        )
        handover.action_confirm()
        return handover

    def _assert_refused(self, pattern):
        return self.assertRaisesRegex(UserError, pattern)

    def test_overdue_amount(self):
        """Posted invoices past due and unpaid count, less open credit notes;
        drafts, invoices not yet due and paid invoices do not."""
        self.assertEqual(self.client_a.desktomy_overdue_amount, 120.0)
        self.assertEqual(self.client_b.desktomy_overdue_amount, 0.0)
        overdue = (self.client_a | self.client_b)._desktomy_overdue(self.company)
        self.assertEqual(list(overdue), [self.client_a.id])
        self.assertEqual(overdue[self.client_a.id]["days"], 40)
        # not yet due, a draft: nothing
        self._invoice(self.client_b, 50.0, -3)
        draft = self.old.copy({"invoice_date": self.old.invoice_date})
        self.assertEqual(draft.state, "draft")
        # a credit note offsets what the client owes
        self._invoice(self.client_a, 30.0, 0, refund=True)
        self.client_a.invalidate_recordset(["desktomy_overdue_amount"])
        self.client_b.invalidate_recordset(["desktomy_overdue_amount"])
        self.assertEqual(self.client_a.desktomy_overdue_amount, 90.0)
        self.assertEqual(self.client_b.desktomy_overdue_amount, 0.0)
        # paid in full: no longer overdue
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.recent.ids
        ).create({})._create_payments()
        self.assertIn(self.recent.payment_state, ("paid", "in_payment"))
        self.client_a.invalidate_recordset(["desktomy_overdue_amount"])
        self.assertEqual(self.client_a.desktomy_overdue_amount, 70.0)
        # the desk sees the amount without accounting rights
        self.assertEqual(
            self.client_a.with_user(self.user_desk).desktomy_overdue_amount, 70.0
        )

    def test_intake_shows_overdue_and_accepts(self):
        """Intake shows the amount and never refuses mail, hold or not."""
        self.company.desktomy_hold_overdue_days = 1
        item = self.Mail.with_user(self.user_desk).create(
            {"partner_id": self.client_a.id, "sender": "ZUS"}
        )
        self.assertEqual(item.state, "received")
        self.assertEqual(item.partner_overdue_amount, 120.0)
        self.assertEqual(self.items_b.partner_overdue_amount, 0.0)

    def test_no_hold_when_off(self):
        """0 days: overdue clients' mail is handed over and forwarded."""
        handover = self._handover(self.items_a[0])
        self.assertEqual(handover.state, "done")
        self.items_a[1].with_user(self.user_desk).action_mark_forwarded()
        self.assertEqual(self.items_a[1].state, "forwarded")

    def test_hold_below_threshold(self):
        """Overdue less than the threshold: no hold."""
        self.company.desktomy_hold_overdue_days = 40
        self.assertEqual(self._handover(self.items_a[0]).state, "done")

    def test_hold_refuses_handover_and_forwarding(self):
        self.company.desktomy_hold_overdue_days = 30
        with self._assert_refused(r"held for overdue invoices: Alfa.*120\.00"):
            self._handover(self.items_a | self.items_b)
        self.assertEqual(set(self.items_a.mapped("state")), {"received"})
        self.assertEqual(self.items_b.state, "received")
        with self._assert_refused(r"held for overdue invoices: Alfa.*Nothing was"):
            self.items_a[0].with_user(self.user_desk).action_mark_forwarded(
                address="ul. Prosta 1"
            )
        self.assertEqual(self.items_a[0].state, "received")
        # the other client's mail goes on
        self.assertEqual(self._handover(self.items_b).state, "done")

    def test_override_by_administrator(self):
        self.company.desktomy_hold_overdue_days = 30
        handover = self._handover(
            self.items_a,
            user=self.user_desk_manager,
            hold_override=True,
            hold_override_reason="  Paid in cash at the desk today  ",
        )
        self.assertEqual(handover.state, "done")
        self.assertEqual(set(self.items_a.mapped("state")), {"collected"})
        self.assertTrue(handover.hold_override)
        self.assertIn("Paid in cash", handover.hold_override_reason)
        log = handover.message_ids.filtered(
            lambda message: "Mail hold overridden" in (message.body or "")
        )
        self.assertEqual(len(log), 1)
        self.assertIn("Paid in cash at the desk today", log.body)
        self.assertIn("Marek Manager", log.body)
        self.assertIn("120.00", log.body)

    def test_override_refusals(self):
        self.company.desktomy_hold_overdue_days = 30
        with self._assert_refused("reason for overriding"):
            self._handover(
                self.items_a,
                user=self.user_desk_manager,
                hold_override=True,
                hold_override_reason="   ",
            )
        with self._assert_refused("Only an office administrator"):
            self._handover(
                self.items_a,
                hold_override=True,
                hold_override_reason="The client promised",
            )
        self.assertEqual(set(self.items_a.mapped("state")), {"received"})

    def test_negative_days_refused(self):
        with self.assertRaises(ValidationError):
            self.company.desktomy_hold_overdue_days = -1

    def test_wizard_warning_and_override(self):
        self.company.desktomy_hold_overdue_days = 30
        Wizard = self.env["desktomy.mail.handover.wizard"]
        with Form(
            Wizard.with_user(self.user_desk_manager).with_context(
                active_model="res.partner",
                active_ids=(self.client_a | self.client_b).ids,
            )
        ) as form:
            self.assertIn("Alfa Sp. z o.o. (", form.overdue_warning)
            self.assertIn("120.00", form.overdue_warning)
            self.assertNotIn("Beta", form.overdue_warning.split("is held")[0])
            self.assertIn("is held", form.overdue_warning)
            self.assertTrue(form.hold_required)
            form.collector_name = "Anna Nowak"
            form.collector_id_number = "ABC123"
            form.digital_confirmation = False
            form.hold_override = True
            form.hold_override_reason = "Agreed with the owner"
        wizard = form.record
        wizard.action_handover()
        handover = self.items_a.handover_id
        self.assertEqual(handover.hold_override_reason, "Agreed with the owner")
        self.assertEqual(self.items_b.handover_id, handover)
        # without the hold: a plain warning
        self.company.desktomy_hold_overdue_days = 0
        items = self._create_items(self.client_a)
        wizard = Wizard.with_user(self.user_desk).create(
            {"partner_ids": [Command.set(self.client_a.ids)]}
        )
        self.assertEqual(wizard.mail_ids, items)
        self.assertTrue(
            wizard.overdue_warning.startswith("Overdue invoices: Alfa Sp. z o.o. (")
        )
        self.assertIn("120.00", wizard.overdue_warning)
        self.assertNotIn("held", wizard.overdue_warning)
        self.assertFalse(wizard.hold_required)

    def test_wizard_refused_for_desk_user(self):
        self.company.desktomy_hold_overdue_days = 30
        wizard = (
            self.env["desktomy.mail.handover.wizard"]
            .with_user(self.user_desk)
            .create(
                {
                    "partner_ids": [Command.set(self.client_a.ids)],
                    "collector_name": "Anna Nowak",
                    "collector_id_number": "ABC123",
                    "digital_confirmation": False,
                }
            )
        )
        with self._assert_refused("held for overdue invoices"):
            wizard.action_handover()
        wizard.write({"hold_override": True, "hold_override_reason": "Please"})
        with self._assert_refused("Only an office administrator"):
            wizard.action_handover()
        self.assertEqual(set(self.items_a.mapped("state")), {"received"})

    def test_multi_company(self):
        """Another office's invoices and hold never count."""
        company_2 = self.env["res.company"].create(
            {"name": "Second Office", "currency_id": self.company.currency_id.id}
        )
        self.env.user.company_ids |= company_2
        self.env["account.chart.template"].try_loading(
            "generic_coa", company_2, install_demo=False
        )
        self._invoice(self.client_b, 500.0, 90, company=company_2)
        company_2.desktomy_hold_overdue_days = 10
        self.company.desktomy_hold_overdue_days = 30
        self.assertEqual(self.client_b.desktomy_overdue_amount, 0.0)
        self.assertEqual(
            self.client_b.with_company(company_2).desktomy_overdue_amount, 500.0
        )
        self.assertEqual(
            self.client_a.with_company(company_2).desktomy_overdue_amount, 0.0
        )
        self.assertFalse(self.client_b._desktomy_held(self.company))
        self.assertTrue(self.client_b._desktomy_held(company_2))
        self.assertEqual(self._handover(self.items_b).state, "done")


@tagged("post_install", "-at_install")
class TestOverdueHoldHttp(OverdueCommon, DesktomyMailCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.desktomy_hold_overdue_days = 30
        cls._invoice(cls.client_a, 100.0, 40)
        cls.items = cls._create_items(cls, cls.client_a, 2)

    def _create_handover(self, **vals):
        return call_kw(
            self,
            "desktomy.mail.handover",
            "create",
            [
                dict(
                    vals,
                    collector_name="Anna Nowak",
                    collector_id_number="ABC123",
                    digital_confirmation=False,
                    mail_ids=[Command.set(self.items[:1].ids)],
                )
            ],
        )["result"]

    def test_json_rpc(self):
        """Over JSON-RPC: the hold, the refused override of an office user,
        the forwarding refused; the administrator's override passes."""
        self.authenticate("desk_user", "desk_user")
        handover_id = self._create_handover()
        answer = call_kw(
            self, "desktomy.mail.handover", "action_confirm", [handover_id]
        )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.UserError")
        self.assertIn("held for overdue invoices", answer["error"]["data"]["message"])
        handover_id = self._create_handover(
            hold_override=True, hold_override_reason="Because"
        )
        answer = call_kw(
            self, "desktomy.mail.handover", "action_confirm", [handover_id]
        )
        self.assertIn(
            "Only an office administrator", answer["error"]["data"]["message"]
        )
        answer = call_kw(
            self, "desktomy.mail", "action_mark_forwarded", [self.items[1].ids]
        )
        self.assertIn("held for overdue invoices", answer["error"]["data"]["message"])
        self.assertEqual(set(self.items.mapped("state")), {"received"})
        self.authenticate("desk_manager", "desk_manager")
        handover_id = self._create_handover(
            hold_override=True, hold_override_reason="Paid by transfer"
        )
        answer = call_kw(
            self, "desktomy.mail.handover", "action_confirm", [handover_id]
        )
        self.assertTrue(answer["result"])
        self.items.invalidate_recordset(["state"])
        self.assertEqual(self.items[0].state, "collected")
