# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import json
import logging
import zipfile
from datetime import timedelta
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..models import desktomy_mail_reminder as reminder_module
from .common import DesktomyMailCommon

_logger = logging.getLogger(__name__)

TEMPLATE = "desktomy_virtual_office.mail_template_desktomy_mail_reminder"


@tagged("post_install", "-at_install")
class TestMailReminders(DesktomyMailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office, cls.office_b = cls.env["res.company"].create(
            [
                {"name": "Reminder Office", "email": "desk@reminder.example.com"},
                {"name": "Other Reminder Office"},
            ]
        )
        for user in (cls.user_desk, cls.user_desk_manager):
            user.company_ids |= cls.office | cls.office_b
        cls.Rule = cls.env["desktomy.reminder.rule"]
        cls.Reminder = cls.env["desktomy.mail.reminder"]
        cls.template = cls.env.ref(TEMPLATE)
        cls.age_rule = cls.Rule.create(
            {
                "name": "Waiting 14 days",
                "company_id": cls.office.id,
                "trigger": "age",
                "threshold": 14,
                "repeat_days": 7,
                "template_id": cls.template.id,
            }
        )

    # -- helpers ------------------------------------------------------------

    def _items(self, partner, days, count=1, company=None, **values):
        company = company or self.office
        return (
            self.env["desktomy.mail"]
            .with_company(company)
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "sender": f"Urząd Skarbowy {index}",
                        "received_datetime": fields.Datetime.now()
                        - timedelta(days=days),
                        **values,
                    }
                    for index in range(count)
                ]
            )
        )

    def _later(self, days):
        return freeze_time(fields.Datetime.now() + timedelta(days=days))

    def _run(self):
        return self.Reminder._cron_mail_reminders()

    def _reminders(self, partner, rule=None):
        return self.Reminder.search(
            [
                ("partner_id", "=", partner.id),
                ("rule_id", "=", (rule or self.age_rule).id),
            ],
            order="id",
        )

    # -- triggers and steps ---------------------------------------------------

    def test_age_trigger_sends_step_1_with_items(self):
        old = self._items(self.client_a, 15)
        young = self._items(self.client_a, 2)
        not_yet = self._items(self.client_b, 13)
        reminders = self._run()
        reminder = self._reminders(self.client_a)
        self.assertEqual(reminders, reminder)
        self.assertRecordValues(
            reminder,
            [
                {
                    "step": 1,
                    "company_id": self.office.id,
                    "period_start": fields.Date.context_today(
                        old, timestamp=old.received_datetime
                    ),
                    "date": fields.Date.context_today(reminder),
                    "email_to": "office@alfa.example.com, ceo@alfa.example.com",
                }
            ],
        )
        self.assertEqual(reminder.mail_ids, old | young)
        self.assertFalse(self._reminders(self.client_b))
        self.assertFalse(not_yet.message_ids.filtered(lambda m: "Reminder" in m.body))
        mail = reminder.mail_mail_id
        self.assertTrue(mail)
        self.assertEqual(mail.email_to, reminder.email_to)
        self.assertIn(old.name, mail.body_html)
        self.assertIn(young.name, mail.body_html)
        self.assertIn("Urząd Skarbowy 0", mail.body_html)
        self.assertIn('<td style="padding: 4px;">15</td>', mail.body_html)
        for item in old | young:
            self.assertIn(
                "step 1", item.message_ids[0].body, "a note on each item's chatter"
            )
        # the client's smart button
        self.assertEqual(self.client_a.desktomy_reminder_count, 1)
        action = self.client_a.action_desktomy_view_reminders()
        self.assertEqual(self.Reminder.search(action["domain"]), reminder)

    def test_polish_client_gets_the_polish_e_mail(self):
        self.env["res.lang"]._activate_lang("pl_PL")
        self.env["ir.module.module"]._load_module_terms(
            ["desktomy_virtual_office"], ["pl_PL"], overwrite=True
        )
        self.client_a.lang = "pl_PL"
        item = self._items(self.client_a, 16)
        mail = self._run().mail_mail_id
        self.assertIn("Poczta czeka na Alfa Sp. z o.o.", mail.subject)
        self.assertIn("Dni oczekiwania", mail.body_html)
        self.assertIn(item.name, mail.body_html)

    def test_repeat_steps_and_no_duplicate_on_the_same_day(self):
        self._items(self.client_a, 14)
        self._run()
        self._run()
        self.assertEqual(self._reminders(self.client_a).mapped("step"), [1])
        with self._later(6):
            self._run()
        self.assertEqual(self._reminders(self.client_a).mapped("step"), [1])
        with self._later(7):
            self._run()
            self._run()
        self.assertEqual(self._reminders(self.client_a).mapped("step"), [1, 2])
        with self._later(14):
            self._run()
        self.assertEqual(self._reminders(self.client_a).mapped("step"), [1, 2, 3])
        self.assertEqual(len(self._reminders(self.client_a).mail_mail_id), 3)

    def test_repeat_0_sends_once(self):
        self.age_rule.repeat_days = 0
        self._items(self.client_a, 20)
        self._run()
        with self._later(30):
            self._run()
        self.assertEqual(self._reminders(self.client_a).mapped("step"), [1])

    def test_count_trigger(self):
        rule = self.Rule.create(
            {
                "name": "Three items",
                "company_id": self.office.id,
                "trigger": "count",
                "threshold": 3,
                "repeat_days": 10,
                "template_id": self.template.id,
            }
        )
        self.age_rule.active = False
        self._items(self.client_a, 1, count=2)
        self._run()
        self.assertFalse(self._reminders(self.client_a, rule))
        third = self._items(self.client_a, 0)
        self._run()
        reminder = self._reminders(self.client_a, rule)
        self.assertEqual(reminder.step, 1)
        self.assertEqual(len(reminder.mail_ids), 3)
        self.assertIn(third, reminder.mail_ids)
        # step 2 ten days after the third item came
        with self._later(9):
            self._run()
        self.assertEqual(self._reminders(self.client_a, rule).mapped("step"), [1])
        with self._later(10):
            self._run()
        self.assertEqual(self._reminders(self.client_a, rule).mapped("step"), [1, 2])

    def test_reset_after_nothing_waits(self):
        first = self._items(self.client_a, 20)
        self._run()
        with self._later(7):
            self._run()
        self.assertEqual(self._reminders(self.client_a).mapped("step"), [1, 2])
        first.action_mark_shredded()
        with self._later(8):
            self._run()
            self.assertEqual(len(self._reminders(self.client_a)), 2)
            second = self._items(self.client_a, 0)
        with self._later(8 + 14):
            self._run()
        reminders = self._reminders(self.client_a)
        self.assertEqual(reminders.mapped("step"), [1, 2, 1], "history kept")
        self.assertEqual(reminders[2].mail_ids, second)
        self.assertEqual(
            reminders[2].period_start,
            fields.Date.context_today(second, timestamp=second.received_datetime),
        )
        self.assertNotEqual(reminders[2].period_start, reminders[0].period_start)

    # -- skipped clients -------------------------------------------------------

    def test_opt_out_no_email_archived_skipped_and_counted(self):
        self.client_b.desktomy_reminder_opt_out = True
        no_email, archived = self.env["res.partner"].create(
            [
                {"name": "Gamma", "is_company": True, "desktomy_is_client": True},
                {
                    "name": "Delta",
                    "is_company": True,
                    "desktomy_is_client": True,
                    "email": "delta@example.com",
                },
            ]
        )
        for partner in (self.client_a, self.client_b, no_email, archived):
            self._items(partner, 15)
        archived.active = False
        today = fields.Date.context_today(self.Reminder)
        due, skipped = self.Reminder._desktomy_due(today)
        self.assertEqual({c[1] for c in due}, {self.client_a.id})
        self.assertEqual(skipped, {"opt_out": 1, "no_email": 1, "archived": 1})
        with patch.object(reminder_module._logger, "info") as log:
            self._run()
        self.assertEqual(log.call_args.args[1:], (1, 0, 1, 1, 1))
        self.assertIn("skipped %s opted-out", log.call_args.args[0])
        for partner in (self.client_b, no_email, archived):
            self.assertFalse(self._reminders(partner))
        self.assertTrue(self._reminders(self.client_a))

    # -- once only ---------------------------------------------------------------

    def test_unique_constraint_refuses_a_duplicate_row(self):
        self._items(self.client_a, 15)
        reminder = self._run()
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.Reminder.sudo().create(
                {
                    "partner_id": reminder.partner_id.id,
                    "rule_id": reminder.rule_id.id,
                    "company_id": reminder.company_id.id,
                    "period_start": reminder.period_start,
                    "step": 1,
                }
            )

    def test_concurrent_claim_sends_once(self):
        """Two workers that computed the same due reminders: the second
        claim gets nothing (ON CONFLICT on the unique constraint)."""
        self._items(self.client_a, 15)
        today = fields.Date.context_today(self.Reminder)
        due, _skipped = self.Reminder._desktomy_due(today)
        first = self.Reminder._desktomy_claim(due, today)
        second = self.Reminder._desktomy_claim(due, today)
        self.assertEqual(len(first), 1)
        self.assertFalse(second)

    def test_second_connection_cannot_claim_a_claimed_step(self):
        """A worker on another database connection that computed the same
        reminder waits on the row this transaction claimed (here: gives up
        after its lock timeout) instead of sending it too; once the first
        commits, its ON CONFLICT DO NOTHING skips it. Committed rows are
        needed for the other connection: the shipped rule and a demo
        partner."""
        rule = self.env.ref("desktomy_virtual_office.desktomy_reminder_rule_default")
        partner = self.env.ref("base.main_partner")
        today = fields.Date.context_today(self.Reminder)
        mine = self.Reminder._desktomy_claim([(rule, partner.id, today, 1, [])], today)
        self.assertEqual(len(mine), 1)
        self.env.flush_all()
        with (
            sql_db.db_connect(self.env.cr.dbname).cursor() as other_cr,
            mute_logger("odoo.sql_db"),
        ):
            other_cr.execute("SET lock_timeout = '500ms'")
            other_env = api.Environment(other_cr, SUPERUSER_ID, {})
            other_rule = other_env["desktomy.reminder.rule"].browse(rule.id)
            with self.assertRaises(psycopg2.errors.LockNotAvailable):
                other_env["desktomy.mail.reminder"]._desktomy_claim(
                    [(other_rule, partner.id, today, 1, [])], today
                )
            other_cr.rollback()

    def test_batches_notify_progress(self):
        self._items(self.client_a, 15)
        self._items(self.client_b, 15)
        first = self.Reminder._cron_mail_reminders(batch_size=1)
        self.assertEqual(len(first), 1)
        second = self.Reminder._cron_mail_reminders(batch_size=1)
        self.assertEqual(len(second), 1)
        self.assertNotEqual(first.partner_id, second.partner_id)
        self.assertFalse(self.Reminder._cron_mail_reminders(batch_size=1))

    def test_batch_queries_bounded(self):
        """The queries of a batch do not grow with its reminders."""
        Partner = self.env["res.partner"]

        def clients(count, prefix):
            return Partner.create(
                [
                    {
                        "name": f"{prefix} {index}",
                        "is_company": True,
                        "desktomy_is_client": True,
                        "email": f"{prefix.lower()}{index}@example.com",
                    }
                    for index in range(count)
                ]
            )

        counts = []
        for size, prefix in ((2, "Small"), (12, "Large")):
            for client in clients(size, prefix):
                self._items(client, 15, count=2)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            reminders = self._run()
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(len(reminders), size)
        _logger.info("Reminder batch queries: 2 reminders %s, 12 reminders %s", *counts)
        self.assertLessEqual(counts[1], counts[0] + 10, counts)

    # -- multi-company -------------------------------------------------------------

    def test_multi_company_isolation(self):
        mine = self._items(self.client_a, 15)
        other = self._items(self.client_a, 30, company=self.office_b)
        self._items(self.client_b, 30, company=self.office_b)
        self._run()
        reminder = self._reminders(self.client_a)
        self.assertEqual(reminder.mail_ids, mine)
        self.assertNotIn(other, reminder.mail_ids)
        self.assertFalse(
            self.Reminder.search([("partner_id", "=", self.client_b.id)]),
            "the rule of one office never touches another's items",
        )
        # an office user of the other office does not see the reminder
        desk = self.user_desk
        desk.write({"company_id": self.office_b.id, "company_ids": self.office_b.ids})
        self.assertFalse(
            self.Reminder.with_user(desk).search([("id", "=", reminder.id)])
        )
        self.assertFalse(self.Rule.with_user(desk).search([]))

    # -- GDPR ------------------------------------------------------------------------

    def test_export_and_erasure_cover_the_reminders(self):
        items = self._items(self.client_a, 15)
        reminder = self._run()
        content = self.client_a.with_user(self.user_desk_manager)._desktomy_export_zip()
        archive = zipfile.ZipFile(io.BytesIO(content))
        data = json.loads(archive.read("data.json"))
        self.assertEqual([row["id"] for row in data["reminders"]], reminder.ids)
        self.assertIn("reminders.csv", archive.namelist())
        items.action_mark_shredded()
        self.assertIn(items.name, reminder.mail_mail_id.body_html)
        self.client_a.with_user(self.user_desk_manager)._desktomy_erase()
        self.assertFalse(reminder.mail_mail_id.body_html)
        self.assertTrue(reminder.exists(), "who was reminded and when stays")

    # -- access and bad input --------------------------------------------------------

    def test_office_user_reads_administrator_configures(self):
        self._items(self.client_a, 15)
        reminder = self._run()
        desk = self.user_desk.with_company(self.office)
        self.assertEqual(
            self.Reminder.with_user(desk).search([("id", "=", reminder.id)]), reminder
        )
        with self.assertRaises(AccessError):
            self.Rule.with_user(desk).create(
                {
                    "name": "Desk rule",
                    "company_id": self.office.id,
                    "threshold": 3,
                    "template_id": self.template.id,
                }
            )
        with self.assertRaises(AccessError):
            reminder.with_user(desk).unlink()
        manager = self.user_desk_manager.with_company(self.office)
        rule = self.Rule.with_user(manager).create(
            {
                "name": "Manager rule",
                "company_id": self.office.id,
                "threshold": 3,
                "template_id": self.template.id,
            }
        )
        self.assertEqual(rule.repeat_days, 7)

    def test_office_user_opens_the_views(self):
        """The reminder's list and form, the client's button and the rules
        as the office user and the office administrator see them."""
        self._items(self.client_a, 15)
        reminder = self._run()
        for user in (self.user_desk, self.user_desk_manager):
            env = self.env(user=user, context={"allowed_company_ids": self.office.ids})
            for model, record in (
                ("desktomy.mail.reminder", reminder),
                ("desktomy.reminder.rule", self.age_rule),
            ):
                views = env[model].get_views([(False, "list"), (False, "form")])
                fields_info = views["models"][model]["fields"]
                spec = {
                    name: (
                        {"fields": {"display_name": {}}}
                        if info["type"] in ("many2one", "one2many", "many2many")
                        else {}
                    )
                    for name, info in fields_info.items()
                }
                with self.subTest(user=user.login, model=model):
                    self.assertTrue(env[model].browse(record.id).web_read(spec))
            self.assertEqual(
                env["res.partner"].browse(self.client_a.id).desktomy_reminder_count, 1
            )

    def test_portal_user_reaches_no_reminder(self):
        self._items(self.client_a, 15)
        reminder = self._run()
        portal = new_test_user(
            self.env, login="reminder_portal", groups="base.group_portal"
        )
        for model, record in (
            ("desktomy.mail.reminder", reminder),
            ("desktomy.reminder.rule", self.age_rule),
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(portal).browse(record.id).read(["id"])
        with self.assertRaises(AccessError):
            self.client_a.with_user(portal).read(["desktomy_reminder_opt_out"])

    def test_bad_input_refused(self):
        other_template = self.env.ref(
            "desktomy_virtual_office.mail_template_desktomy_mail_notification"
        )
        base = {"name": "Bad", "company_id": self.office.id}
        for values in (
            {"threshold": 0, "template_id": self.template.id},
            {"threshold": -3, "template_id": self.template.id},
            {"threshold": 5, "repeat_days": -1, "template_id": self.template.id},
            {"threshold": 5, "template_id": False},
            {"threshold": 5, "template_id": other_template.id},
        ):
            with (
                self.subTest(values=values),
                self.assertRaises(ValidationError),
                self.cr.savepoint(),
            ):
                self.Rule.create(dict(base, **values))
        self.assertFalse(self.Rule.search([("name", "=", "Bad")]))
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.age_rule.threshold = 0
        self.assertEqual(self.age_rule.threshold, 14)

    def test_step_due(self):
        day = fields.Date.to_date("2026-03-01")
        rule = self.age_rule

        def due(days_later, last=None):
            return rule._desktomy_step_due([day], day + timedelta(days_later), last)

        self.assertEqual(due(13), 0)
        self.assertEqual(due(14), 1)
        # a rule activated late starts at step 1 all the same
        self.assertEqual(due(35), 1)
        sent = day + timedelta(14)
        self.assertEqual(due(14, (1, sent)), 0)
        self.assertEqual(due(20, (1, sent)), 0)
        self.assertEqual(due(21, (1, sent)), 2)
        self.assertEqual(due(40, (2, sent)), 3)
        rule.repeat_days = 0
        self.assertEqual(due(40, (1, sent)), 0)
        count_rule = self.Rule.create(
            {
                "name": "Two items",
                "company_id": self.office.id,
                "trigger": "count",
                "threshold": 2,
                "template_id": self.template.id,
            }
        )
        self.assertEqual(count_rule._desktomy_step_due([day], day), 0)
        self.assertEqual(count_rule._desktomy_step_due([day, day], day), 1)
