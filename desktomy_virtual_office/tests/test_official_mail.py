# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DesktomyMailCommon


@tagged("post_install", "-at_install")
class TestOfficialMail(DesktomyMailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {"desktomy_notice_period_days": 14, "desktomy_official_escalation_days": 3}
        )
        cls.Escalation = cls.env["desktomy.mail.escalation"]

    def _escalated(self, items):
        return self.Escalation.search([("mail_id", "in", items.ids)]).mail_id

    def _desk(self, model="desktomy.mail"):
        return self.env[model].with_user(self.user_desk)

    def _notice(self, partner, notice_date, **vals):
        return self._desk().create(
            {
                "partner_id": partner.id,
                "kind": "postal_notice",
                "notice_date": notice_date,
                "sender": "Poczta Polska",
                **vals,
            }
        )

    # --- matching ---------------------------------------------------------

    def test_matching_at_intake_inflected_forms(self):
        """The shipped senders catch the forms printed on envelopes."""
        official = [
            "Naczelnik Urzędu Skarbowego Warszawa-Śródmieście",
            "URZĄD SKARBOWY w Krakowie",
            "Sąd Rejonowy dla m.st. Warszawy",
            "Sądu Okręgowego w Poznaniu, XII Wydział",
            "Zakład Ubezpieczeń Społecznych Oddział w Warszawie",
            "ZUS I O/Warszawa",
            "KRUS Placówka Terenowa",
            "Krajowy Rejestr Sądowy",
            "Urząd Miasta Stołecznego Warszawy",
            "Urząd Gminy Lesznowola",
            "Komornik Sądowy przy Sądzie Rejonowym",
            "Prokuratura Rejonowa Warszawa-Mokotów",
        ]
        plain = ["Allegro Sp. z o.o.", "Orange Polska", "Sadowski Jan", "Kasprzak"]
        items = self._desk().create(
            [{"partner_id": self.client_a.id, "sender": s} for s in official + plain]
        )
        for item in items:
            self.assertEqual(
                item.is_official, item.sender in official, f"sender {item.sender!r}"
            )

    def test_sender_change_on_open_item_matches(self):
        item = self._create_items(self.client_a, sender="Anonim")
        self.assertFalse(item.is_official)
        item.with_user(self.user_desk).write({"sender": "Sąd Rejonowy w Łodzi"})
        self.assertTrue(item.is_official)

    def test_bad_regex_refused_and_admin_only(self):
        Sender = self._desk("desktomy.official.sender").with_user(
            self.user_desk_manager
        )
        with (
            self.assertRaisesRegex(ValidationError, "not a valid regular expression"),
            self.env.cr.savepoint(),
        ):
            Sender.create({"name": "Broken", "match_pattern": "urz(ad"})
        self.assertFalse(Sender.search([("name", "=", "Broken")]))
        sender = Sender.create({"name": "Biuro X", "match_pattern": r"biuro\s+x"})
        self.assertTrue(self._create_items(self.client_a, sender="BIURO X").is_official)
        with self.assertRaises(AccessError):
            sender.with_user(self.user_desk).write({"match_pattern": "y"})
        with self.assertRaises(AccessError):
            self._desk("desktomy.official.sender").create(
                {"name": "Z", "match_pattern": "z"}
            )

    def test_is_official_editable_until_closed(self):
        item = self._create_items(self.client_a, sender="Anonim")
        item.with_user(self.user_desk).write({"is_official": True})
        self.assertTrue(item.is_official)
        item.action_mark_returned()
        with self.assertRaisesRegex(UserError, "closed"):
            item.with_user(self.user_desk).write({"is_official": False})
        self.assertTrue(item.is_official)

    def test_multi_company_senders(self):
        other = self.env["res.company"].create({"name": "Other Office"})
        self.env["desktomy.official.sender"].create(
            {
                "name": "Only other",
                "match_pattern": "firma omega",
                "company_id": other.id,
            }
        )
        item = self._create_items(self.client_a, sender="Firma Omega")
        self.assertFalse(item.is_official)
        client = self.env["res.partner"].create(
            {"name": "Other client", "desktomy_is_client": True, "company_id": other.id}
        )
        item_other = (
            self.env["desktomy.mail"]
            .with_company(other)
            .create(
                {
                    "partner_id": client.id,
                    "company_id": other.id,
                    "sender": "Firma Omega",
                }
            )
        )
        self.assertTrue(item_other.is_official)

    # --- postal notices ---------------------------------------------------

    def test_deemed_delivery_date_and_period(self):
        today = fields.Date.context_today(self.Mail)
        notice = self._notice(self.client_a, today - timedelta(days=2))
        self.assertEqual(notice.deemed_delivery_date, today + timedelta(days=12))
        self.assertEqual(notice.notice_state, "pending")
        self.company.desktomy_notice_period_days = 7
        other = self._notice(self.client_a, today)
        self.assertEqual(other.deemed_delivery_date, today + timedelta(days=7))
        # the setting does not move the notices already registered
        self.assertEqual(notice.deemed_delivery_date, today + timedelta(days=12))
        with self.assertRaises(ValidationError):
            self.company.desktomy_notice_period_days = 0

    def test_kind_change_sets_notice_state(self):
        today = fields.Date.context_today(self.Mail)
        item = self._create_items(self.client_a)
        self.assertFalse(item.notice_state)
        item.with_user(self.user_desk).write(
            {"kind": "postal_notice", "notice_date": today}
        )
        self.assertEqual(item.notice_state, "pending")
        self.assertEqual(item.deemed_delivery_date, today + timedelta(days=14))
        item.with_user(self.user_desk).write({"kind": "letter"})
        self.assertFalse(item.notice_state)
        self.assertFalse(item.deemed_delivery_date)

    def test_notice_date_required_and_not_future(self):
        today = fields.Date.context_today(self.Mail)
        count = self.Mail.search_count([])
        with (
            self.assertRaisesRegex(ValidationError, "needs the date of the notice"),
            self.env.cr.savepoint(),
        ):
            self._notice(self.client_a, False)
        with (
            self.assertRaisesRegex(ValidationError, "cannot be in the future"),
            self.env.cr.savepoint(),
        ):
            self._notice(self.client_a, today + timedelta(days=1))
        self.assertEqual(self.Mail.search_count([]), count)

    def test_link_letter_to_notice(self):
        today = fields.Date.context_today(self.Mail)
        notice = self._notice(self.client_a, today)
        letter = self._desk().create(
            {
                "partner_id": self.client_a.id,
                "kind": "registered",
                "sender": "Sąd Rejonowy",
                "postal_notice_id": notice.id,
            }
        )
        self.assertEqual(notice.notice_state, "letter_received")
        self.assertEqual(notice.notice_letter_ids, letter)
        letter.with_user(self.user_desk).write({"postal_notice_id": False})
        self.assertEqual(notice.notice_state, "pending")
        letter.with_user(self.user_desk).write({"postal_notice_id": notice.id})
        self.assertEqual(notice.notice_state, "letter_received")

    def test_notification_states_deemed_delivery_date(self):
        today = fields.Date.context_today(self.Mail)
        self.client_a.desktomy_postal_power_of_attorney_until = today + timedelta(
            days=30
        )
        notice = self._notice(self.client_a, today, notice_post_office="UP Warszawa 1")
        with self.mock_mail_gateway():
            notice.with_context(desktomy_send_without_attachment=True).action_notify()
            body = self._new_mails.body_html
        self.assertIn("counts as delivered on", body)
        self.assertIn("power of attorney", body)
        self.assertIn("UP Warszawa 1", body)

    # --- the deadline cron --------------------------------------------------

    def test_cron_deemed_delivered(self):
        today = fields.Date.context_today(self.Mail)
        notice = self._notice(self.client_a, today - timedelta(days=5))
        answered = self._notice(self.client_a, today - timedelta(days=5))
        self._create_items(
            self.client_a, kind="registered", postal_notice_id=answered.id
        )
        with freeze_time(today + timedelta(days=10)):
            self.Mail._cron_official_deadlines()
        self.assertEqual(notice.notice_state, "deemed_delivered")
        self.assertEqual(answered.notice_state, "letter_received")
        sent = self.env["mail.mail"].search(
            [("model", "=", "desktomy.mail"), ("res_id", "=", notice.id)]
        )
        self.assertTrue(
            sent.filtered(lambda m: "counts as delivered since" in m.body_html)
        )

    def test_escalation_timing_and_once_only(self):
        today = fields.Date.context_today(self.Mail)
        notice = self._notice(self.client_a, today)  # deemed on today + 14
        letter = self._create_items(self.client_a, sender="Urząd Skarbowy")
        plain = self._create_items(self.client_a, sender="Allegro")
        with freeze_time(today + timedelta(days=2)):
            self.Mail._cron_official_deadlines()
        mine = notice | letter | plain
        self.assertFalse(self._escalated(mine), "nothing is due yet")
        with freeze_time(today + timedelta(days=4)):
            self.Mail._cron_official_deadlines()
        self.assertEqual(self._escalated(mine), letter)
        with freeze_time(today + timedelta(days=11)):
            self.Mail._cron_official_deadlines()
            self.Mail._cron_official_deadlines()
        self.assertEqual(self._escalated(mine), letter | notice)
        for item in letter | notice:
            self.assertEqual(len(item.activity_ids), 1)
            mails = self.env["mail.mail"].search(
                [
                    ("model", "=", "desktomy.mail"),
                    ("res_id", "=", item.id),
                    ("subject", "like", "Official mail is waiting"),
                ]
            )
            self.assertEqual(len(mails), 1)
        # the database refuses a second row, whatever the code does
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.Escalation.create(
                    {
                        "mail_id": letter.id,
                        "company_id": letter.company_id.id,
                        "date": today,
                        "reason": "waiting",
                    }
                )

    def test_escalation_multi_company(self):
        other = self.env["res.company"].create(
            {"name": "Other Office", "desktomy_official_escalation_days": 30}
        )
        client = self.env["res.partner"].create(
            {
                "name": "Other client",
                "desktomy_is_client": True,
                "company_id": other.id,
                "email": "x@other.example.com",
            }
        )
        today = fields.Date.context_today(self.Mail)
        mine = self._create_items(self.client_a, sender="Sąd Rejonowy")
        theirs = self.Mail.with_company(other).create(
            {"partner_id": client.id, "company_id": other.id, "sender": "Sąd Rejonowy"}
        )
        with freeze_time(today + timedelta(days=5)):
            self.Mail._cron_official_deadlines()
        self.assertEqual(self._escalated(mine | theirs), mine)
