# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields
from odoo.tests import TransactionCase, tagged

#: Weights of the Polish NIP checksum (the tenth digit).
NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def nip_valid(vat):
    digits = vat.removeprefix("PL")
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = sum(int(d) * w for d, w in zip(digits[:9], NIP_WEIGHTS, strict=True)) % 11
    return check == int(digits[9])


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo is a consistent Polish virtual office.

    Later changes to the demo files must keep these facts, which the README's
    "Try it" tour and the screenshots rely on.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"]._get("desktomy_virtual_office")
        # The project's test runs always install with demo data; a database
        # without it has nothing to check here.
        cls.has_demo = module.demo

    def test_nip_checksum(self):
        """The checksum used below accepts a valid NIP and refuses a wrong one."""
        self.assertTrue(nip_valid("PL5252846710"))
        self.assertFalse(nip_valid("PL5252846711"))
        self.assertFalse(nip_valid("PL52528467"))

    def test_company_in_poland(self):
        """The main company is in Warsaw, bills in PLN, has a valid NIP."""
        if not self.has_demo:
            return
        company = self.env.ref("base.main_company")
        self.assertEqual(company.country_id, self.env.ref("base.pl"))
        self.assertEqual(company.city, "Warszawa")
        self.assertEqual(company.currency_id, self.env.ref("base.PLN"))
        self.assertTrue(company.currency_id.active)
        self.assertTrue(nip_valid(company.vat), company.vat)
        self.assertTrue(company.phone and company.email and company.website)

    def test_users_speak_polish_admin_english(self):
        """Polish is active for the demo users; the administrator keeps English."""
        if not self.has_demo:
            return
        self.assertIn("pl_PL", dict(self.env["res.lang"].get_installed()))
        self.assertEqual(self.env.ref("base.user_admin").lang, "en_US")
        menu = self.env.ref("desktomy_virtual_office.desktomy_menu_root")
        self.assertEqual(menu.with_context(lang="pl_PL").name, "Wirtualne Biuro")
        for login in ("recepcja", "kierownik"):
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertEqual(len(user), 1, login)
            self.assertEqual((user.lang, user.tz), ("pl_PL", "Europe/Warsaw"), login)

    def test_users_groups(self):
        """Receptionist: only the office's User group; office administrator:
        the office's Administrator group and Settings."""
        if not self.has_demo:
            return
        users = {
            login: self.env["res.users"].search([("login", "=", login)])
            for login in ("recepcja", "kierownik")
        }
        desk = users["recepcja"]
        self.assertTrue(desk.has_group("desktomy_virtual_office.group_desktomy_user"))
        self.assertFalse(
            desk.has_group("desktomy_virtual_office.group_desktomy_manager")
        )
        self.assertFalse(desk.has_group("base.group_system"))
        manager = users["kierownik"]
        self.assertTrue(
            manager.has_group("desktomy_virtual_office.group_desktomy_manager")
        )
        self.assertTrue(manager.has_group("base.group_system"))

    def test_collected_items_have_their_handover(self):
        """Every collected item went through a confirmed handover with its
        collector; the digitally confirmed ones are signed, with a receipt."""
        if not self.has_demo:
            return
        items = self.env["desktomy.mail"].search([("state", "=", "collected")])
        self.assertTrue(items)
        for item in items:
            handover = item.handover_id
            self.assertTrue(handover, item.display_name)
            self.assertEqual(handover.state, "done", item.display_name)
            self.assertIn(item, handover.mail_ids)
            self.assertEqual(item.collector_name, handover.collector_name)
        signed = items.handover_id.filtered("digital_confirmation")
        self.assertTrue(signed)
        for handover in signed:
            self.assertTrue(handover.signature, handover.name)
            self.assertTrue(handover.receipt_attachment_id, handover.name)
        signed_items = items.filtered("handover_id.digital_confirmation")
        self.assertTrue(all(signed_items.mapped("receipt_attachment_id")))

    def test_notified_items_have_their_notification(self):
        """Every item waiting in "notified" was sent in a notification to its
        client, with no scan that is not its own."""
        if not self.has_demo:
            return
        items = self.env["desktomy.mail"].search([("state", "=", "notified")])
        self.assertTrue(items)
        for item in items:
            notifications = item.notification_ids
            self.assertTrue(notifications, item.display_name)
            self.assertEqual(notifications.partner_id, item.partner_id)
        notifications = items.notification_ids
        self.assertLessEqual(
            set(notifications.attachment_ids.ids),
            set(notifications.item_ids.scan_ids.ids),
        )
        self.assertTrue(all(notifications.mapped("email_to")))

    def test_waiting_items_without_scan_for_the_alert(self):
        """A few waiting items lack the scan their notification should carry."""
        if not self.has_demo:
            return
        waiting = self.env["desktomy.mail"].search([("state", "=", "received")])
        missing = waiting._desktomy_missing_scan_items()
        self.assertGreaterEqual(len(missing), 2)
        self.assertLess(len(missing), len(waiting))

    def test_usage_has_monthly_summaries(self):
        """Every client and month with usage has its stored monthly billing
        with a total; from the client's first package on, on a package."""
        if not self.has_demo:
            return
        self.env["desktomy.billing.month"]._cron_extend()
        groups = self.env["desktomy.service.usage"]._read_group(
            [("partner_id.desktomy_is_client", "=", True)],
            ["partner_id", "date:month"],
            ["quantity:sum"],
        )
        self.assertGreater(len(groups), 12)
        Month = self.env["desktomy.billing.month"]
        on_package = 0
        for partner, month, quantity in groups:
            self.assertGreater(quantity, 0)
            stored = Month.search(
                [("partner_id", "=", partner.id), ("month", "=", month)]
            )
            self.assertEqual(len(stored), 1, (partner.name, month))
            self.assertGreater(stored.total, 0, (partner.name, month))
            first_package = min(
                partner.desktomy_package_assignment_ids.mapped("date_from"),
                default=None,
            )
            if first_package and first_package <= month:
                self.assertTrue(stored.package_id, (partner.name, month))
                on_package += 1
        # Most months are billed on a package (a year of package history).
        self.assertGreater(on_package, len(groups) / 2)

    def test_standing_instruction_and_preference(self):
        """The law firm's registered letters are always scanned: the letter
        registered this morning got its scan request from the instruction.
        One person chose the daily digest."""
        if not self.has_demo:
            return
        client = self.env.ref("desktomy_virtual_office.client_11_demo")
        instruction = self.env["desktomy.standing.instruction"].search(
            [("partner_id", "=", client.id)]
        )
        self.assertRecordValues(
            instruction, [{"item_kind": "registered", "action": "scan"}]
        )
        request = self.env["desktomy.mail.request"].search(
            [("instruction_id", "=", instruction.id)]
        )
        self.assertRecordValues(
            request, [{"origin": "instruction", "kind": "scan", "state": "pending"}]
        )
        self.assertEqual(request.mail_ids.kind, "registered")
        self.assertFalse(request.mail_ids.scan_ids)
        preference = self.env["desktomy.notification.preference"].search([])
        self.assertRecordValues(
            preference,
            [
                {
                    "person_id": self.env.ref(
                        "desktomy_virtual_office.person_6_demo"
                    ).id,
                    "client_id": self.env.ref(
                        "desktomy_virtual_office.client_10_demo"
                    ).id,
                    "mode": "digest",
                }
            ],
        )
        # the demo items were registered when they were received: the digest
        # of the demo's day lists none of the demo person's (older) items
        items = self.env["desktomy.mail"].search([])
        self.assertEqual(items.mapped("create_date"), items.mapped("received_datetime"))

    def test_requests_of_the_desk(self):
        """The desk took a request on the phone; the queue has requests of
        several states and origins, one overdue, none on the items of Alfa
        Consulting (the tests' and tours' demo client)."""
        if not self.has_demo:
            return
        Request = self.env["desktomy.mail.request"]
        desk = Request.search([("origin", "=", "desk")])
        self.assertRecordValues(
            desk,
            [
                {
                    "kind": "scan",
                    "state": "pending",
                    "partner_id": self.env.ref(
                        "desktomy_virtual_office.client_8_demo"
                    ).id,
                    "requested_by_id": self.env.ref(
                        "desktomy_virtual_office.person_4_demo"
                    ).id,
                    "is_overdue": False,
                }
            ],
        )
        requests = Request.search([])
        self.assertEqual(len(requests.mail_ids), len(requests))
        alfa = self.env.ref("desktomy_virtual_office.client_1_demo")
        self.assertNotIn(alfa, requests.partner_id)
        for request in requests.filtered(lambda r: r.state == "pending"):
            self.assertIn(request.mail_ids.state, ("received", "notified"))
            self.assertLessEqual(request.requested_datetime, fields.Datetime.now())
        # the clients were told when the demo says it happened: nothing waits
        # in the outgoing queue of the demo database
        self.assertFalse(
            self.env["mail.mail"].search([("model", "=", "desktomy.mail.request")])
        )
