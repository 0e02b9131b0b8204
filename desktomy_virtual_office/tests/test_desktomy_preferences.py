# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Notification preferences: office notifications only (the default), e-mail
on arrival and the daily digest."""

from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged, users
from odoo.tools import mute_logger

from odoo.addons.desktomy_virtual_office.models.desktomy_mail import NO_ARRIVAL_NOTICE
from odoo.addons.desktomy_virtual_office.models.desktomy_notification_preference import (  # noqa: E501
    DEFAULT_MODE,
)

from .common import DesktomyMailCommon


@tagged("post_install", "-at_install")
class TestDesktomyPreferences(DesktomyMailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.client_c = Partner.create(
            {
                "name": "Gamma Fundacja",
                "is_company": True,
                "desktomy_is_client": True,
                "email": "biuro@gamma.example.com",
            }
        )
        cls.person_two = Partner.create(
            {
                "name": "Piotr Dwa",
                "email": "piotr@example.com",
                "desktomy_represented_client_ids": [
                    Command.set((cls.client_a | cls.client_b).ids)
                ],
            }
        )
        cls.person_one = Partner.create(
            {
                "name": "Ola Jedna",
                "email": "ola@example.com",
                "desktomy_represented_client_ids": [Command.set(cls.client_a.ids)],
            }
        )
        cls.person_no_email = Partner.create(
            {
                "name": "Bez Adresu",
                "desktomy_represented_client_ids": [Command.set(cls.client_a.ids)],
            }
        )
        cls.Preference = cls.env["desktomy.notification.preference"]
        cls.Notice = cls.env["desktomy.person.notice"]
        # (the demo data has a preference of its own)
        cls.preferences_before = cls.Preference.search([])

    def _mails_to(self, email):
        return self._new_mails.filtered(lambda mail: email in (mail.email_to or ""))

    def _new_preferences(self):
        return self.Preference.search([("id", "not in", self.preferences_before.ids)])

    def _set(self, person, client, mode):
        return self.Preference._desktomy_set_mode(person, client, mode)

    # ------------------------------------------------------------
    # E-mail on arrival
    # ------------------------------------------------------------

    def test_default_is_office_notifications_only(self):
        """Personal e-mails are opt-in: a person who chose nothing gets no
        e-mail on arrival and no digest, and the intake pays one query for it
        (the look-up of the persons who chose e-mails on arrival). A preference
        stored as "none" means the same. (The desk's notification is unchanged:
        test_desk_notification_unchanged.)"""
        self.assertEqual(DEFAULT_MODE, "none")
        self.assertEqual(
            self.Preference._fields["mode"].default(self.Preference), "none"
        )
        self.assertFalse(self._new_preferences())

        def intake(**context):
            Mail = self.env["desktomy.mail"].with_context(**context)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Mail.create([{"partner_id": self.client_a.id} for _index in range(2)])
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        with self.mock_mail_gateway():
            intake()  # warm up
            with_check = intake()
            without_check = intake(**{NO_ARRIVAL_NOTICE: True})
        self.assertFalse(self._new_mails, "no e-mail on arrival")
        self.assertEqual(with_check - without_check, 1, (with_check, without_check))
        today = fields.Date.context_today(self.Notice)
        with self.mock_mail_gateway():
            self.assertFalse(self.Notice._desktomy_send_digests(today))
            cron = self.env.ref("desktomy_virtual_office.ir_cron_desktomy_daily_digest")
            cron.method_direct_trigger()
        self.assertFalse(self._new_mails, "no digest")
        self.assertFalse(self.Notice.search([]))
        # a preference stored as "none" is the same as none
        self._set(self.person_two, self.client_a, "none")
        self._set(self.person_one, self.client_a, "none")
        with self.mock_mail_gateway():
            self._create_items(self.client_a)
            self.Notice._desktomy_send_digests(today)
        self.assertFalse(self._new_mails)

    @users("desk_user")
    def test_arrival_when_chosen(self):
        """A person who chose the e-mail on arrival gets one short e-mail when
        mail of their company is registered; the others get none."""
        self._set(self.person_two, self.client_a, "arrival")
        with self.mock_mail_gateway():
            items = self._create_items(self.client_a, count=2)
        self.assertEqual(len(self._new_mails), 1, "Piotr only, not Ola")
        mail = self._mails_to("piotr@example.com")
        self.assertEqual(len(mail), 1)
        self.assertIn("New mail has just been registered", mail.body_html)
        for item in items:
            self.assertIn(item.name, mail.body_html)
        self.assertFalse(mail.attachment_ids, "no scan in the arrival e-mail")
        notices = self.Notice.search([("item_ids", "in", items.ids)])
        self.assertEqual(notices.mode, "arrival")
        self.assertEqual(notices.person_id, self.person_two)
        self.assertEqual(set(items.mapped("state")), {"received"})
        # Ola too (and Bez Adresu, who has no address: still nothing for them)
        self._set(self.person_one, self.client_a, "arrival")
        self._set(self.person_no_email, self.client_a, "arrival")
        with self.mock_mail_gateway():
            items = self._create_items(self.client_a, count=2)
        self.assertEqual(len(self._new_mails), 2, "Piotr and Ola, not Bez Adresu")
        self.assertEqual(len(self._mails_to("ola@example.com")), 1)
        notices = self.Notice.search([("item_ids", "in", items.ids)])
        self.assertEqual(notices.mapped("mode"), ["arrival", "arrival"])
        self.assertEqual(notices.person_id, self.person_one | self.person_two)
        self.assertEqual(set(items.mapped("state")), {"received"})

    @users("desk_user")
    def test_arrival_one_mail_per_person_per_batch_across_clients(self):
        """A batch for two clients: Piotr, who represents both, gets one e-mail
        listing the items of both; Ola only those of Alfa."""
        self._set(self.person_two, self.client_a, "arrival")
        self._set(self.person_two, self.client_b, "arrival")
        self._set(self.person_one, self.client_a, "arrival")
        with self.mock_mail_gateway():
            items = self.env["desktomy.mail"].create(
                [
                    {"partner_id": self.client_a.id, "sender": "ZUS"},
                    {"partner_id": self.client_b.id, "sender": "Urząd Skarbowy"},
                    {"partner_id": self.client_c.id, "sender": "Nobody Represents"},
                ]
            )
        piotr = self._mails_to("piotr@example.com")
        ola = self._mails_to("ola@example.com")
        self.assertEqual((len(piotr), len(ola)), (1, 1))
        self.assertEqual(len(self._new_mails), 2)
        self.assertIn(items[0].name, piotr.body_html)
        self.assertIn(items[1].name, piotr.body_html)
        self.assertIn("Beta S.A.", piotr.body_html)
        self.assertIn(items[0].name, ola.body_html)
        self.assertNotIn(items[1].name, ola.body_html)
        self.assertNotIn(items[2].name, piotr.body_html + ola.body_html)

    @users("desk_user")
    def test_arrival_not_for_digest_persons(self):
        """A person who chose the daily digest for a client gets no e-mail on
        arrival for it, but still for a client where they chose it."""
        self._set(self.person_two, self.client_a, "digest")
        self._set(self.person_two, self.client_b, "arrival")
        self._set(self.person_one, self.client_a, "arrival")
        with self.mock_mail_gateway():
            self._create_items(self.client_a)
        self.assertFalse(self._mails_to("piotr@example.com"))
        self.assertEqual(len(self._mails_to("ola@example.com")), 1)
        with self.mock_mail_gateway():
            self._create_items(self.client_b)
        self.assertEqual(len(self._mails_to("piotr@example.com")), 1)

    @users("desk_user")
    def test_arrival_skipped_by_context_and_for_old_mail(self):
        """No arrival e-mail when the context says so, nor for items registered
        as already handed over or sent on (history), even for a person who
        chose the e-mail on arrival."""
        self._set(self.person_two, self.client_a, "arrival")
        with self.mock_mail_gateway():
            self.env["desktomy.mail"].with_context(**{NO_ARRIVAL_NOTICE: True}).create(
                {"partner_id": self.client_a.id}
            )
        self.assertFalse(self._new_mails)
        with self.mock_mail_gateway():
            self._create_items(self.client_a)
        self.assertEqual(len(self._mails_to("piotr@example.com")), 1, "chosen")

    def test_desk_notification_unchanged(self):
        """The desk's notification still goes to the client's notification
        address with the scans, whatever the persons' preferences (none chosen,
        a digest, an e-mail on arrival)."""
        for person, mode in (
            (None, None),
            (self.person_two, "digest"),
            (self.person_one, "arrival"),
        ):
            if person:
                self._set(person, self.client_a, mode)
            item = self._create_items(self.client_a)
            item.scan_ids = self._scan()
            with self.mock_mail_gateway():
                item.action_notify()
            self.assertEqual(len(self._new_mails), 1, mode)
            self.assertIn("office@alfa.example.com", self._new_mails.email_to)
            self.assertTrue(self._new_mails.attachment_ids)

    # ------------------------------------------------------------
    # Daily digest
    # ------------------------------------------------------------

    def test_digest_one_mail_per_person_across_companies_idempotent(self):
        """Piotr chose the digest for Alfa and Beta: one e-mail lists the day's
        items of both; a second run the same day sends nothing."""
        self._set(self.person_two, self.client_a, "digest")
        self._set(self.person_two, self.client_b, "digest")
        self._set(self.person_one, self.client_a, "digest")
        items_a = self._create_items(self.client_a, count=2)
        items_b = self._create_items(self.client_b, count=1)
        self._create_items(self.client_c, count=1)
        today = fields.Date.context_today(self.Notice)
        with self.mock_mail_gateway():
            notices = self.Notice._desktomy_send_digests(today)
        self.assertEqual(len(notices), 2)
        self.assertEqual(len(self._new_mails), 2, "one e-mail per person")
        piotr = self._mails_to("piotr@example.com")
        self.assertEqual(len(piotr), 1)
        self.assertIn("Daily digest", piotr.subject)
        for item in items_a | items_b:
            self.assertIn(item.name, piotr.body_html)
        self.assertIn("Alfa Sp. z o.o.", piotr.body_html)
        self.assertIn("Beta S.A.", piotr.body_html)
        notice = notices.filtered(lambda n: n.person_id == self.person_two)
        self.assertEqual(notice.item_ids, items_a | items_b)
        self.assertEqual(notice.digest_date, today)
        ola = notices - notice
        self.assertEqual(ola.item_ids, items_a)
        # idempotent: a second run of the same day sends nothing
        self._create_items(self.client_a)
        with self.mock_mail_gateway():
            again = self.Notice._desktomy_send_digests(today)
        self.assertFalse(again)
        self.assertFalse(self._new_mails)
        # the database refuses a second digest of the same day too
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.Notice.create(
                    {
                        "person_id": self.person_two.id,
                        "mode": "digest",
                        "digest_date": today,
                    }
                )

    def test_digest_mixed_modes_and_nothing_new(self):
        """Only the clients in digest mode are listed; a person with nothing new
        gets no digest."""
        self._set(self.person_two, self.client_a, "digest")
        item_a = self._create_items(self.client_a)
        item_b = self._create_items(self.client_b)  # nothing chosen for Beta
        today = fields.Date.context_today(self.Notice)
        with self.mock_mail_gateway():
            notices = self.Notice._desktomy_send_digests(today)
        self.assertEqual(notices.item_ids, item_a)
        self.assertNotIn(item_b.name, self._new_mails.body_html)
        tomorrow = today + timedelta(days=1)
        with self.mock_mail_gateway():
            self.assertFalse(self.Notice._desktomy_send_digests(tomorrow))
        self.assertFalse(self._new_mails)

    def test_cron_sends_the_previous_day(self):
        """The daily job lists the items registered the previous day only."""
        self._set(self.person_two, self.client_a, "digest")
        old, yesterday_item = self._create_items(self.client_a, count=2)
        self._create_items(self.client_a)  # today: in tomorrow's digest
        start, _end = self.Notice._desktomy_day_bounds(
            fields.Date.context_today(self.Notice)
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE desktomy_mail SET create_date = %s WHERE id = %s",
            (start - timedelta(hours=1), yesterday_item.id),
        )
        self.env.cr.execute(
            "UPDATE desktomy_mail SET create_date = %s WHERE id = %s",
            (start - timedelta(days=3), old.id),
        )
        self.env.invalidate_all()
        cron = self.env.ref("desktomy_virtual_office.ir_cron_desktomy_daily_digest")
        self.assertTrue(cron.active)
        with self.mock_mail_gateway():
            cron.method_direct_trigger()
        notice = self.Notice.search([("mode", "=", "digest")])
        self.assertEqual(notice.item_ids, yesterday_item)
        self.assertEqual(len(self._new_mails), 1)
        with self.mock_mail_gateway():
            cron.method_direct_trigger()
        self.assertFalse(self._new_mails, "idempotent")

    def test_arrival_queries_do_not_grow_with_items(self):
        """The e-mails on arrival cost the same queries for 5 and 50 items of
        5 clients with 2 persons each who chose them (2 e-mails): measured
        against the same intake without them."""
        Partner = self.env["res.partner"]
        clients = Partner.create(
            [
                {
                    "name": f"Firma {index}",
                    "is_company": True,
                    "desktomy_is_client": True,
                }
                for index in range(5)
            ]
        )
        persons = Partner.create(
            [
                {
                    "name": f"Osoba {index}",
                    "email": f"osoba{index}@example.com",
                    "desktomy_represented_client_ids": [Command.set(clients.ids)],
                }
                for index in range(2)
            ]
        )
        for person in persons:
            for client in clients:
                self._set(person, client, "arrival")

        def intake(per_client, **context):
            Mail = self.env["desktomy.mail"].with_context(**context)
            self.env.flush_all()
            self.env.invalidate_all()
            with self.mock_mail_gateway():
                before = self.env.cr.sql_log_count
                Mail.create(
                    [
                        {"partner_id": client.id, "sender": f"Nadawca {index}"}
                        for client in clients
                        for index in range(per_client)
                    ]
                )
                self.env.flush_all()
                queries = self.env.cr.sql_log_count - before
            self.assertEqual(len(self._new_mails), 0 if context else 2)
            return queries

        intake(1)  # warm up
        quiet = {NO_ARRIVAL_NOTICE: True}
        small = intake(1) - intake(1, **quiet)
        large = intake(10) - intake(10, **quiet)
        self.assertEqual(small, large)

    def test_digest_queries_do_not_grow_with_persons(self):
        """The digest runs the same number of queries for 2 and for 6 persons
        with 4 clients each."""
        Partner = self.env["res.partner"]
        clients = Partner.create(
            [
                {
                    "name": f"Klient {index}",
                    "is_company": True,
                    "desktomy_is_client": True,
                }
                for index in range(4)
            ]
        )
        persons = Partner.create(
            [
                {
                    "name": f"Osoba {index}",
                    "email": f"osoba{index}@example.com",
                    "desktomy_represented_client_ids": [Command.set(clients.ids)],
                }
                for index in range(6)
            ]
        )
        for person in persons:
            for client in clients:
                self._set(person, client, "digest")
        self.env["desktomy.mail"].create(
            [{"partner_id": client.id} for client in clients for _index in range(5)]
        )
        today = fields.Date.context_today(self.Notice)

        def count(persons_kept):
            persons.write({"email": False})
            for person in persons_kept:
                person.email = f"{person.name.replace(' ', '.')}@example.com"
            self.env.flush_all()
            self.env.invalidate_all()
            with self.mock_mail_gateway():
                before = self.env.cr.sql_log_count
                notices = self.Notice._desktomy_send_digests(today)
                self.env.flush_all()
                queries = self.env.cr.sql_log_count - before
            self.assertEqual(len(notices), len(persons_kept))
            self.assertEqual(len(self._new_mails), len(persons_kept))
            self.assertEqual(len(notices.item_ids), 20)
            notices.unlink()
            return queries

        count(persons)  # warm up the caches (template, views, translations)
        few = count(persons[:2])
        many = count(persons)
        self.assertEqual(many, few, (few, many))

    def test_emails_in_the_persons_language(self):
        """Both e-mails are in the person's language (Polish here)."""
        self.env["res.lang"]._activate_lang("pl_PL")
        self.person_two.lang = "pl_PL"
        self._set(self.person_two, self.client_a, "arrival")
        self._set(self.person_two, self.client_b, "digest")
        with self.mock_mail_gateway():
            item = self._create_items(self.client_a, kind="parcel")
        arrival = self._mails_to("piotr@example.com")
        self.assertEqual(arrival.subject, "Czeka na Państwa nowa poczta")
        self.assertIn("Właśnie zarejestrowaliśmy", arrival.body_html)
        self.assertIn("Paczka", arrival.body_html)
        self.assertIn(item.name, arrival.body_html)
        self._create_items(self.client_b)
        with self.mock_mail_gateway():
            self.Notice._desktomy_send_digests(fields.Date.context_today(self.Notice))
        digest = self._mails_to("piotr@example.com")
        self.assertIn("Dzienne zestawienie poczty", digest.subject)
        self.assertIn("Data przyjęcia", digest.body_html)

    # ------------------------------------------------------------
    # Rules and access
    # ------------------------------------------------------------

    def test_preference_only_for_representatives(self):
        """A person chooses only for a client they represent; one per client."""
        with self.assertRaises(ValidationError):
            self._set(self.person_one, self.client_b, "digest")
        for unknown in ("weekly", "NONE", "", None, False):
            with self.assertRaises(ValidationError):
                self._set(self.person_two, self.client_a, unknown)
        self.assertFalse(self._new_preferences(), "nothing saved")
        preference = self._set(self.person_two, self.client_a, "digest")
        self.assertEqual(
            self._set(self.person_two, self.client_a, "arrival"), preference
        )
        self.assertEqual(preference.mode, "arrival")
        # back to the default: kept as "none", the same row
        self.assertEqual(self._set(self.person_two, self.client_a, "none"), preference)
        self.assertEqual(preference.mode, "none")
        modes = self.Preference._desktomy_modes(self.client_a.ids)
        self.assertIn((self.person_two.id, self.client_a.id, "none"), modes)
        self.assertIn((self.person_one.id, self.client_a.id, "none"), modes)
        self.assertFalse(self.Preference._desktomy_modes(self.client_a.ids, "arrival"))
        self.assertEqual(
            self.Preference.create(
                {"person_id": self.person_one.id, "client_id": self.client_a.id}
            ).mode,
            "none",
            "the default of a new row",
        )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.Preference.create(
                    {"person_id": self.person_two.id, "client_id": self.client_a.id}
                )

    @users("desk_user")
    def test_client_form(self):
        """The desk sets a person's preference and an instruction on the
        client's form (tabs Notification Preferences, Standing Instructions)."""
        address = self.env["res.partner"].create(
            {
                "name": "Alfa Magazyn",
                "type": "delivery",
                "parent_id": self.client_a.id,
                "street": "ul. Magazynowa 7",
                "city": "Kraków",
            }
        )
        with Form(self.client_a.with_env(self.env)) as form:
            with form.desktomy_notification_preference_ids.new() as line:
                line.person_id = self.person_two
                line.mode = "digest"
            with form.desktomy_standing_instruction_ids.new() as line:
                line.item_kind = "parcel"
                line.action = "forward"
                line.forward_address_id = address
                line.forward_carrier = "DPD"
        self.assertEqual(
            self.client_a.desktomy_notification_preference_ids.mode, "digest"
        )
        instruction = self.client_a.desktomy_standing_instruction_ids
        self.assertEqual(instruction.forward_address_id, address)
        self.assertEqual(instruction.company_id, self.env.company)

    def test_access(self):
        """Office users manage preferences on the client form; portal users
        have no access to preferences nor to the e-mails log."""
        preference = self._set(self.person_two, self.client_a, "digest")
        preference.with_user(self.user_desk).mode = "arrival"
        self.assertEqual(
            self.client_a.with_user(
                self.user_desk
            ).desktomy_notification_preference_ids,
            preference,
        )
        portal = new_test_user(
            self.env, login="dt_pref_portal", groups="base.group_portal"
        )
        for model in ("desktomy.notification.preference", "desktomy.person.notice"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(portal).search([])
        with self.assertRaises(AccessError):
            self.env["desktomy.person.notice"].with_user(self.user_desk).create(
                {"person_id": self.person_two.id, "mode": "digest"}
            )
