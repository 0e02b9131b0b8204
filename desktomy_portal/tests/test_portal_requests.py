# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Requests from the client panel: a scan, forwarding, shredding, a pickup."""

import base64
import re

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.desktomy_portal.controllers import hardening

from .common import DesktomyPortalCase

#: The service each kind of request charges when it is fulfilled.
SERVICE_KINDS = {
    "scan": "scan",
    "forward": "forwarding",
    "shred": "shredding",
    "pickup": "handover",
}


class DesktomyRequestCase(DesktomyPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.desktomy_portal_billing_summary = True
        cls.user_desk = new_test_user(
            cls.env,
            login="dt_request_desk",
            groups="base.group_user,desktomy_virtual_office.group_desktomy_user",
        )
        Product = cls.env["product.product"]
        services = Product._desktomy_get_services(list(SERVICE_KINDS.values()))
        for kind, price in (
            ("scan", 3.0),
            ("forwarding", 12.0),
            ("shredding", 5.0),
            ("handover", 1.5),
        ):
            if kind not in services:
                services[kind] = Product.create(
                    {
                        "name": f"Request Test {kind}",
                        "type": "service",
                        "desktomy_service_kind": kind,
                    }
                )
            services[kind].lst_price = price
        cls.services = services
        # the package includes one scan and one shredding a month
        cls.package = cls.env["desktomy.package"].create(
            {
                "name": "Request Test Package",
                "monthly_fee": 50.0,
                "line_ids": [
                    Command.create(
                        {"service_id": services["scan"].id, "included_qty": 1.0}
                    ),
                    Command.create(
                        {"service_id": services["shredding"].id, "included_qty": 1.0}
                    ),
                ],
            }
        )
        # The portal user's own day: the server checks dates in the
        # requesting user's time zone (around midnight UTC they differ).
        cls.today = fields.Date.context_today(
            cls.env["res.users"].with_user(cls.user_person)
        )
        cls.month_start = cls.today.replace(day=1)
        cls.month_end = cls.month_start + relativedelta(months=1, days=-1)
        cls.env["desktomy.package.assignment"].create(
            {
                "partner_id": cls.client_a.id,
                "package_id": cls.package.id,
                "date_from": cls.month_start - relativedelta(months=3),
            }
        )
        cls.client_a.write(
            {
                "email": "alfa@example.com",
                "street": "ul. Prosta 1",
                "zip": "00-001",
                "city": "Warszawa",
                "country_id": cls.env.ref("base.pl").id,
            }
        )
        cls.address_a = cls.env["res.partner"].create(
            {
                "name": "Alfa Magazyn",
                "parent_id": cls.client_a.id,
                "type": "delivery",
                "street": "ul. Krzywa 7",
                "zip": "30-001",
                "city": "Kraków",
            }
        )
        cls.address_other = cls.env["res.partner"].create(
            {
                "name": "Omega Delivery",
                "parent_id": cls.client_other.id,
                "type": "delivery",
                "street": "ul. Obca 2",
                "city": "Gdańsk",
            }
        )
        cls.items_a = cls.item_a | cls._create_item(cls.client_a, sender="Second")
        # (the demo data has requests of its own)
        cls.requests_before = cls.env["desktomy.mail.request"].search([])

    def setUp(self):
        super().setUp()
        hardening.reset_limiters(self.env)
        self.addCleanup(hardening.reset_limiters, self.env)

    # helpers

    @property
    def Request(self):
        return self.env["desktomy.mail.request"]

    def _csrf(self, url="/my/mail"):
        page = self.url_open(url)
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if match:
            return match[1]
        return re.search(r'csrf_token: "([^"]+)"', page.text)[1]

    def _ids(self, items):
        return ",".join(str(item_id) for item_id in items.ids)

    def _preview(self, kind, items):
        return self._get(f"/my/mail/request?kind={kind}&mail_ids={self._ids(items)}")

    def _price(self, response):
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        attrs = re.search(r"<div[^>]*o_desktomy_request_price[^>]*>", response.text)[0]
        return {
            key: float(value)
            for key, value in re.findall(r'data-(\w+)="([^"]*)"', attrs)
        }

    def _post(self, url, data, token=None):
        data = dict(data)
        if token is not False:
            data["csrf_token"] = token or self._csrf()
        return self.url_open(url, data=data, allow_redirects=False)

    def _submit(self, kind, items, token=None, **form):
        data = {"kind": kind, "mail_ids": self._ids(items), **form}
        return self._post("/my/mail/request", data, token)

    def _new_requests(self):
        """The requests made since the set-up, of any client."""
        return self.Request.search([("id", "not in", self.requests_before.ids)])

    def _requests(self, client=None):
        return self.Request.search([("partner_id", "=", (client or self.client_a).id)])

    def _charged(self, client, service):
        """What the billing summary of this month charges for ``service``."""
        summary = self.env["desktomy.service.usage"]._get_billing_summary(
            client, self.month_start, self.month_end
        )[client.id]
        for line in summary["lines"]:
            if line["service"] == service:
                return line["amount"]
        return 0.0

    def _usage_count(self, items, service):
        return self.env["desktomy.service.usage"].search_count(
            [("mail_id", "in", items.ids), ("service_id", "=", service.id)]
        )

    def _desk_upload_scans(self, items):
        """The receptionist attaches a scan to each item in the web client
        (JSON-RPC), after the request was made."""
        self.authenticate("dt_request_desk", "dt_request_desk")
        for item in items:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/desktomy.mail/write",
                {
                    "model": "desktomy.mail",
                    "method": "write",
                    "args": [
                        item.ids,
                        {
                            "scan_ids": [
                                Command.create(
                                    {
                                        "name": f"contents-{item.id}.pdf",
                                        "datas": base64.b64encode(
                                            b"%PDF-1.4 contents"
                                        ).decode(),
                                        "mimetype": "application/pdf",
                                    }
                                )
                            ]
                        },
                    ],
                    "kwargs": {},
                },
            )
        self.env.invalidate_all()

    def _client_mails(self, record):
        return self.env["mail.mail"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)]
        )


@tagged("post_install", "-at_install")
class TestPortalRequests(DesktomyRequestCase):
    def _end_to_end(self, kind, items, fulfil, form=None):
        """Ask from the panel, check the queue, fulfil as the desk; the price
        shown before is what the summary charges more afterwards."""
        service = self.services[SERVICE_KINDS[kind]]
        charged_before = self._charged(self.client_a, service)
        self.authenticate("dt_person", "dt_person")
        listing = self._get(f"/my/mail?client_id={self.client_a.id}")
        for item in items:
            self.assertRegex(
                listing.text, rf'o_desktomy_request_check"\s+value="{item.id}"'
            )
        price = self._price(self._preview(kind, items))
        response = self._submit(kind, items, **(form or {}))
        self.assertEqual(response.status_code, 303, response.text[-1500:])
        record = self._requests()
        self.assertEqual(len(record), 1)
        self.assertIn(
            f"/my/requests?client_id={self.client_a.id}", response.headers["Location"]
        )
        self.assertRecordValues(
            record,
            [
                {
                    "kind": kind,
                    "state": "pending",
                    "origin": "portal",
                    "requested_by_id": self.person.id,
                    "company_id": self.env.company.id,
                }
            ],
        )
        self.assertEqual(record.mail_ids, items)
        self.assertTrue(record.requested_datetime)
        # the client sees it, and may no longer tick its items
        page = self._get(response.headers["Location"])
        self.assertIn(record.name, page.text)
        self.assertIn("o_desktomy_request_sent", page.text)
        listing = self._get(f"/my/mail?client_id={self.client_a.id}")
        for item in items:
            self.assertNotRegex(
                listing.text, rf'o_desktomy_request_check"\s+value="{item.id}"'
            )
        self.assertEqual(
            listing.text.count("o_desktomy_item_pending_request"), len(items)
        )
        # the desk's queue has it
        queue = self.Request.with_user(self.user_desk).search(
            [("state", "=", "pending")]
        )
        self.assertIn(record, queue)
        fulfil(items.with_user(self.user_desk), record.with_user(self.user_desk))
        self.assertEqual(record.state, "done")
        self.assertTrue(record.done_datetime)
        self.assertEqual(len(self._client_mails(record)), 1)
        self.assertEqual(self._usage_count(items, service), len(items))
        charged = self._charged(self.client_a, service) - charged_before
        self.assertAlmostEqual(charged, price["amount"])
        return record, price

    def test_scan_end_to_end(self):
        """Two scans: one included in the package, one charged."""

        def fulfil(items, record):
            self._desk_upload_scans(items)

        _record, price = self._end_to_end("scan", self.items_a, fulfil)
        self.assertEqual(price["included_left"], 1.0)
        self.assertEqual(price["billable_qty"], 1.0)
        self.assertEqual(price["amount"], 3.0)

    def test_forward_end_to_end(self):
        """Forwarding to a delivery address of the client, with a carrier."""

        def fulfil(items, record):
            self.assertIn("Kraków", record.forward_address)
            self.assertIn("Alfa Magazyn", record.forward_address)
            self.assertEqual(record.forward_carrier, "InPost")
            self.assertEqual(record.note, "Fragile")
            items.action_mark_forwarded(
                record.forward_address, record.forward_carrier, "TRK1", 4.0
            )

        self.authenticate("dt_person", "dt_person")
        page = self._preview("forward", self.item_a)
        self.assertIn(f'value="{self.address_a.id}"', page.text)
        self.assertIn(f'value="{self.client_a.id}"', page.text)
        self.assertNotIn(f'value="{self.address_other.id}"', page.text)
        self.assertIn("Poczta Polska", page.text)
        _record, price = self._end_to_end(
            "forward",
            self.item_a,
            fulfil,
            {"address_id": self.address_a.id, "carrier": "inpost", "note": " Fragile "},
        )
        self.assertEqual(price["amount"], 12.0)

    def test_shred_end_to_end(self):
        """Shredding one item: included in the package, costs nothing."""

        def fulfil(items, record):
            items.action_mark_shredded()

        _record, price = self._end_to_end("shred", self.item_a, fulfil)
        self.assertEqual(price["amount"], 0.0)
        self.assertEqual(price["included_left"], 1.0)

    def test_pickup_end_to_end(self):
        """Hold for pickup: marked ready by the desk, charged at the handover."""
        day = self.today + relativedelta(days=2)

        def fulfil(items, record):
            self.assertEqual(record.pickup_date, day)
            record.action_mark_ready()
            self.assertEqual(self._usage_count(items, self.services["handover"]), 0)
            self._hand_over_items(items.sudo())

        self._end_to_end(
            "pickup", self.items_a, fulfil, {"pickup_date": fields.Date.to_string(day)}
        )

    def test_item_page_buttons_and_status(self):
        """An item's page offers the requests its state allows, and shows the
        item's requests with their state and the refusal reason."""
        self.authenticate("dt_person", "dt_person")
        page = self._get(f"/my/mail/{self.item_a.id}")
        for kind in SERVICE_KINDS:
            self.assertIn(f"o_desktomy_request_{kind}", page.text)
        self.assertIn(
            f"/my/mail/request?kind=scan&amp;mail_ids={self.item_a.id}", page.text
        )
        self.assertEqual(self._submit("shred", self.item_a).status_code, 303)
        record = self._requests()
        page = self._get(f"/my/mail/{self.item_a.id}")
        self.assertNotIn("o_desktomy_request_scan", page.text)
        self.assertIn(record.name, page.text)
        self.assertIn("Pending", page.text)
        record.with_user(self.user_desk).action_refuse("Shredder broken <b>")
        page = self._get(f"/my/mail/{self.item_a.id}")
        self.assertIn("Shredder broken &lt;b&gt;", page.text)
        self.assertIn("o_desktomy_request_scan", page.text)
        # a collected item offers nothing
        collected = self._create_item(self.client_a, state="collected")
        page = self._get(f"/my/mail/{collected.id}")
        self.assertNotIn("o_desktomy_request_button", page.text)
        self.assertIn("not waiting at the office", page.text)
        # an item with a scan (of its envelope) may be asked for a scan
        scanned = self._create_item(self.client_a, with_scan=True)
        page = self._get(f"/my/mail/{scanned.id}")
        self.assertIn("o_desktomy_request_scan", page.text)
        self.assertIn("o_desktomy_request_shred", page.text)

    def test_scan_of_scanned_item_charged_once(self):
        """A scan of an item scanned already (its envelope) is not charged
        again: the page says so, and the summary agrees afterwards."""
        scanned = self._create_item(self.client_a, with_scan=True)
        service = self.services["scan"]
        self.assertEqual(self._usage_count(scanned, service), 1)
        charged_before = self._charged(self.client_a, service)
        self.authenticate("dt_person", "dt_person")
        price = self._price(self._preview("scan", scanned))
        self.assertEqual(price["amount"], 0.0)
        self.assertEqual(self._submit("scan", scanned).status_code, 303)
        record = self._requests()
        self.assertEqual(record.state, "pending")
        self._desk_upload_scans(scanned)
        self.assertEqual(record.state, "done")
        self.assertEqual(self._usage_count(scanned, service), 1)
        self.assertEqual(self._charged(self.client_a, service), charged_before)

    def test_cancel(self):
        """The client cancels a pending request; not twice, not another's."""
        self.authenticate("dt_person", "dt_person")
        self._submit("shred", self.item_a)
        record = self._requests()
        token = self._csrf("/my/requests")
        page = self._get("/my/requests")
        self.assertIn(f"/my/requests/{record.id}/cancel", page.text)
        response = self._post(f"/my/requests/{record.id}/cancel", {}, token)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(record.state, "cancelled")
        self.assertTrue(record.cancelled_datetime)
        page = self._get("/my/requests")
        self.assertNotIn(f"/my/requests/{record.id}/cancel", page.text)
        self.assertIn("Cancelled", page.text)
        again = self._post(f"/my/requests/{record.id}/cancel", {}, token)
        self.assertEqual(again.status_code, 400)
        self.assertIn("no longer pending", again.text)
        # the item can be asked for again
        self.assertEqual(self._submit("scan", self.item_a).status_code, 303)

    def test_refuse_visible(self):
        """A refused request shows its reason in the list; the client is told."""
        self.authenticate("dt_person", "dt_person")
        self._submit("scan", self.item_a)
        record = self._requests()
        record.with_user(self.user_desk).action_refuse("The envelope is sealed.")
        self.assertEqual(len(self._client_mails(record)), 1)
        page = self._get("/my/requests?filterby=closed")
        self.assertIn("The envelope is sealed.", page.text)
        self.assertIn("Refused", page.text)
        self.assertNotIn(f"/my/requests/{record.id}/cancel", page.text)

    def test_billing_switch_off_price_still_shown(self):
        """With the billing summary off, a request still shows its price."""
        self.env.company.desktomy_portal_billing_summary = False
        self.authenticate("dt_person", "dt_person")
        price = self._price(self._preview("forward", self.item_a))
        self.assertEqual(price["amount"], 12.0)
        self.assertEqual(self._get("/my/billing").status_code, 404)

    def test_demo_user_requests(self):
        """The home page has the Requests tile with the pending count."""
        self.authenticate("dt_person", "dt_person")
        self._submit("shred", self.item_a)
        counters = self._counters(["desktomy_request_count"])
        self.assertEqual(counters["desktomy_request_count"], 1)
        home = self._get("/my/home")
        self.assertIn('href="/my/requests"', home.text)


@tagged("post_install", "-at_install")
class TestPortalRequestsAccess(DesktomyRequestCase):
    def _missing_mail_id(self):
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) + 1000 FROM desktomy_mail")
        return self.env.cr.fetchone()[0]

    def test_foreign_items_like_missing(self):
        """Items of another client, of a client the user does not represent,
        or that do not exist: the same 404, on the page and the POST."""
        self.authenticate("dt_person", "dt_person")
        missing = self._missing_mail_id()
        absent = self._get(f"/my/mail/request?kind=scan&mail_ids={missing}")
        token = self._csrf()
        absent_post = self._post(
            "/my/mail/request", {"kind": "scan", "mail_ids": str(missing)}, token
        )
        self.assertEqual(absent_post.status_code, 404)
        for ids in (
            str(self.item_other.id),
            f"{self.item_a.id},{self.item_other.id}",
            f"{self.item_a.id},{missing}",
            f"{self.item_a.id},{self.item_b.id}",  # two clients at once
        ):
            refused = self._get(f"/my/mail/request?kind=scan&mail_ids={ids}")
            self._assert_same_refusal(refused, absent, ids)
            posted = self._post(
                "/my/mail/request", {"kind": "scan", "mail_ids": ids}, token
            )
            self.assertEqual(posted.status_code, 404, ids)
        # the other client's own user does not reach Alfa's items either
        self.authenticate("dt_other", "dt_other")
        refused = self._get(f"/my/mail/request?kind=scan&mail_ids={self.item_a.id}")
        self.assertEqual(refused.status_code, 404)
        self.assertFalse(self._new_requests())

    def test_foreign_request_like_missing(self):
        """Another client's request cannot be cancelled or seen."""
        record = self.Request._desktomy_submit(
            self.client_other, "shred", self.item_other, person=self.other_contact
        )
        self.authenticate("dt_person", "dt_person")
        token = self._csrf("/my/requests")
        self.assertNotIn(record.name, self._get("/my/requests").text)
        refused = self._post(f"/my/requests/{record.id}/cancel", {}, token)
        absent = self._post(f"/my/requests/{hardening.MAX_INT4}/cancel", {}, token)
        self._assert_same_refusal(refused, absent)
        self.assertEqual(record.state, "pending")
        self.authenticate("dt_other", "dt_other")
        self.assertIn(record.name, self._get("/my/requests").text)

    def test_address_of_another_partner(self):
        """A forwarding address must be one saved on the client: another
        partner's is answered like a missing record; nothing is created."""
        self.authenticate("dt_person", "dt_person")
        token = self._csrf()
        for address in (self.address_other, self.person, self.client_b):
            response = self._submit(
                "forward",
                self.item_a,
                token,
                address_id=address.id,
                carrier="dhl",
            )
            self.assertEqual(response.status_code, 404, address.name)
        self.assertFalse(self._requests())

    def test_form_errors(self):
        """Missing or wrong values give a translated form error (400), nothing
        created; the model's refusals too."""
        self.authenticate("dt_person", "dt_person")
        token = self._csrf()
        yesterday = fields.Date.to_string(self.today - relativedelta(days=1))
        cases = [
            ("pickup", {}, "Choose the day"),
            ("pickup", {"pickup_date": yesterday}, "cannot be in the past"),
            ("forward", {"carrier": "dhl"}, "Choose the address"),
            (
                "forward",
                {"address_id": self.address_a.id, "carrier": "pigeon"},
                "Choose a carrier",
            ),
            ("forward", {"address_id": self.address_a.id}, "Choose a carrier"),
        ]
        with self.assertNoLogs("odoo.http", "ERROR"):
            for kind, form, message in cases:
                response = self._submit(kind, self.item_a, token, **form)
                self.assertEqual(response.status_code, 400, (kind, form))
                self.assertIn(message, response.text, (kind, form))
                self.assertIn("o_desktomy_request_error", response.text)
        self.assertFalse(self._requests())
        # in Polish (the language is read when logging in)
        self.user_person.lang = "pl_PL"
        self.authenticate("dt_person", "dt_person")
        token = self._csrf()
        response = self._submit("pickup", self.item_a, token, pickup_date=yesterday)
        self.assertEqual(response.status_code, 400)
        self.assertIn("Dzień odbioru nie może być w przeszłości", response.text)
        self.assertFalse(self._requests())

    def test_states_and_pending(self):
        """Only waiting items without a pending request; the server checks
        whatever the page offers."""
        collected = self._create_item(self.client_a, state="collected")
        self.authenticate("dt_person", "dt_person")
        token = self._csrf()
        listing = self._get(f"/my/mail?client_id={self.client_a.id}")
        self.assertNotRegex(
            listing.text, rf'o_desktomy_request_check"\s+value="{collected.id}"'
        )
        for kind, items, message in (
            ("shred", collected, "not waiting at the office"),
            ("scan", self.item_a | collected, "not waiting at the office"),
        ):
            page = self._preview(kind, items)
            self.assertEqual(page.status_code, 400)
            self.assertIn(message, page.text)
            self.assertNotIn("o_desktomy_request_submit", page.text)
            response = self._submit(kind, items, token)
            self.assertEqual(response.status_code, 400)
        self.assertFalse(self._requests())
        self.assertEqual(self._submit("shred", self.item_a, token).status_code, 303)
        second = self._submit(
            "forward", self.item_a, token, address_id=self.client_a.id, carrier="dpd"
        )
        self.assertEqual(second.status_code, 400)
        self.assertIn("already has a pending request", second.text)
        self.assertEqual(len(self._requests()), 1)

    def test_no_items_ticked(self):
        """A button pressed with no item ticked explains what to do."""
        self.authenticate("dt_person", "dt_person")
        response = self._get("/my/mail/request?kind=scan")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Tick at least one waiting item", response.text)

    def test_csrf_and_method(self):
        """The POSTs keep Odoo's CSRF check; GET cannot cancel or submit."""
        self.authenticate("dt_person", "dt_person")
        response = self._submit("shred", self.item_a, token=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._requests())
        record = self.Request._desktomy_submit(
            self.client_a, "shred", self.item_a, person=self.person
        )
        response = self._post(
            f"/my/requests/{record.id}/cancel", {"confirm": "1"}, token=False
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn(
            self._get(f"/my/requests/{record.id}/cancel").status_code, (404, 405)
        )
        self.assertEqual(record.state, "pending")

    def test_hostile_post_values(self):
        """Hostile values of the POSTs: a clean 404, nothing created, nothing
        logged as an error."""
        self.authenticate("dt_person", "dt_person")
        token = self._csrf()
        item = str(self.item_a.id)
        cases = [
            {"kind": "scan", "mail_ids": "abc"},
            {"kind": "scan", "mail_ids": "[1, 2]"},
            {"kind": "scan", "mail_ids": "9" * 5000},
            {"kind": "scan", "mail_ids": "2147483648"},
            {"kind": "scan", "mail_ids": f"{item} OR 1=1"},
            {"kind": "scan", "mail_ids": f"{item}); DELETE FROM desktomy_mail; --"},
            {"kind": "scan", "mail_ids": "-1"},
            {"kind": "scan", "mail_ids": ""},
            {"kind": "scan", "mail_ids": ",".join([item] * 300)},
            {"kind": "teleport", "mail_ids": item},
            {"kind": "", "mail_ids": item},
            {"kind": "'; DROP TABLE x; --", "mail_ids": item},
            {"kind": "pickup", "mail_ids": item, "pickup_date": "1999-13-01"},
            {"kind": "pickup", "mail_ids": item, "pickup_date": "tomorrow"},
            {"kind": "forward", "mail_ids": item, "address_id": "-5", "carrier": "dhl"},
            {
                "kind": "forward",
                "mail_ids": item,
                "address_id": "1.5",
                "carrier": "dhl",
            },
            {"kind": "scan", "mail_ids": item, "note": "x" * 3000},
            {"kind": "scan", "mail_ids": item, "note": "a\x00b"},
        ]
        with self.assertNoLogs("odoo.http", "ERROR"):
            for data in cases:
                response = self._post("/my/mail/request", data, token)
                self.assertEqual(response.status_code, 404, str(data)[:80])
                hardening.reset_limiters(self.env)
            # a list of values of a single-value parameter
            response = self.url_open(
                "/my/mail/request",
                data=[
                    ("csrf_token", token),
                    ("kind", "scan"),
                    ("kind", "shred"),
                    ("mail_ids", item),
                ],
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 404)
            for path in ("abc", "-1", "9" * 5000, "2147483648"):
                response = self._post(f"/my/requests/{path}/cancel", {}, token)
                self.assertEqual(response.status_code, 404, path)
        self.assertFalse(self._new_requests())
        # ticked boxes (a repeated parameter) are read as a list
        response = self.url_open(
            "/my/mail/request",
            data=[
                ("csrf_token", token),
                ("kind", "shred"),
                ("mail_ids", str(self.items_a[0].id)),
                ("mail_ids", str(self.items_a[1].id)),
            ],
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._requests().mail_ids, self.items_a)

    def test_hostile_note_escaped(self):
        """What the client writes is kept as text and shown escaped."""
        evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
        self.authenticate("dt_person", "dt_person")
        self.assertEqual(self._submit("scan", self.item_a, note=evil).status_code, 303)
        record = self._requests()
        self.assertEqual(record.note, evil)
        record.with_user(self.user_desk).action_refuse(evil)
        page = self._get("/my/requests")
        self.assertNotIn("<script>alert(2)", page.text)
        self.assertIn("&lt;script&gt;alert(2)", page.text)

    def test_rate_limit(self):
        """Sending requests is rate limited like the panel's other forms."""
        self.authenticate("dt_person", "dt_person")
        token = self._csrf()
        # (POSTs that answer a page: in a test, a request that ends in an
        # error rolls its count back with the test's one transaction; on a
        # server the count is committed on its own and stays)
        for _index in range(hardening.POST_RATE):
            self._post("/my/mail/request", {"kind": "scan"}, token)
        response = self._submit("shred", self.item_a, token)
        self.assertEqual(response.status_code, 429)
        self.assertFalse(self._requests())


@tagged("post_install", "-at_install")
class TestPortalRequestsQueries(DesktomyRequestCase):
    def test_query_counts_constant(self):
        """/my/mail with request checkboxes, /my/requests and the request page
        run as many queries for 5 as for 50 items and requests."""
        Mail = self.env["desktomy.mail"]

        def fill(client, count):
            items = Mail.create(
                [
                    {"partner_id": client.id, "sender": f"Bulk {index}"}
                    for index in range(count)
                ]
            )
            for index in range(0, count, 2):
                self.Request._desktomy_submit(
                    client, "shred", items[index], person=self.person
                )
            return items

        small = fill(self.client_b, 10)
        large = fill(self.client_c, 100)
        self.authenticate("dt_person", "dt_person")
        for url in ("/my/mail?client_id=%s", "/my/requests?client_id=%s"):
            self._get(url % self.client_b.id)  # warm up
            counts = [
                self._count_queries(url % client.id)
                for client in (self.client_b, self.client_c, self.client_b)
            ]
            self.assertEqual(counts[1], counts[2], url)
        page_small = "/my/mail/request?kind=scan&mail_ids=" + self._ids(small[1::2])
        page_large = "/my/mail/request?kind=scan&mail_ids=" + self._ids(large[1::2])
        self._get(page_small)
        counts = [self._count_queries(url) for url in (page_large, page_small)]
        self.assertEqual(counts[0], counts[1])
        listing = self._get(f"/my/mail?client_id={self.client_c.id}")
        self.assertEqual(listing.text.count('o_desktomy_request_check"'), 40)


@tagged("post_install", "-at_install")
class TestPortalRequestsOffices(DesktomyRequestCase):
    """A client served by two offices (companies): a request belongs to the
    office of its items, priced by that office's package; a person of one
    office reaches neither the items nor the requests of the other."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office_a = cls.env.company
        cls.office_b = cls.env["res.company"].create({"name": "Request Office B"})
        cls.package_b = (
            cls.env["desktomy.package"]
            .with_company(cls.office_b)
            .create(
                {
                    "name": "Office B Requests",
                    "monthly_fee": 10.0,
                    "company_id": cls.office_b.id,
                    "line_ids": [
                        Command.create(
                            {
                                "service_id": cls.services["shredding"].id,
                                "included_qty": 0,
                                "override_price": True,
                                "price_unit": 7.0,
                            }
                        )
                    ],
                }
            )
        )
        cls.env["desktomy.package.assignment"].create(
            {
                "partner_id": cls.client_a.id,
                "package_id": cls.package_b.id,
                "date_from": cls.month_start,
            }
        )
        cls.item_office_b = (
            cls.env["desktomy.mail"]
            .with_company(cls.office_b)
            .create(
                {
                    "partner_id": cls.client_a.id,
                    "company_id": cls.office_b.id,
                    "sender": "Sender of office B",
                }
            )
        )
        cls.person_b = cls.env["res.partner"].create(
            {
                "name": "Person of Request Office B",
                "company_id": cls.office_b.id,
                "desktomy_represented_client_ids": [Command.set(cls.client_a.ids)],
            }
        )
        cls.user_b = new_test_user(
            cls.env,
            login="dt_request_b",
            password="dt_request_b",
            groups="base.group_portal",
            partner_id=cls.person_b.id,
            company_id=cls.office_b.id,
            company_ids=[Command.set(cls.office_b.ids)],
        )

    def _charged_in(self, company, service):
        summary = (
            self.env["desktomy.service.usage"]
            .with_company(company)
            ._get_billing_summary(self.client_a, self.month_start, self.month_end)[
                self.client_a.id
            ]
        )
        for line in summary["lines"]:
            if line["service"] == service:
                return line["amount"]
        return 0.0

    def test_each_office_its_items_price_and_requests(self):
        service = self.services["shredding"]
        before_b = self._charged_in(self.office_b, service)
        before_a = self._charged_in(self.office_a, service)
        # office A's person: office B's item is missing
        self.authenticate("dt_person", "dt_person")
        absent = self._get("/my/mail/request?kind=shred&mail_ids=2147483647")
        refused = self._preview("shred", self.item_office_b)
        self._assert_same_refusal(refused, absent)
        # office B's person: office A's item is missing, office B's is priced
        # by office B's package (7.00 a shredding, none included)
        self.authenticate("dt_request_b", "dt_request_b")
        refused = self._preview("shred", self.item_a)
        self.assertEqual(refused.status_code, 404)
        price = self._price(self._preview("shred", self.item_office_b))
        self.assertEqual(price["amount"], 7.0)
        self.assertEqual(price["included_left"], 0.0)
        response = self._submit("shred", self.item_office_b)
        self.assertEqual(response.status_code, 303)
        record = self._requests()
        self.assertEqual(record.company_id, self.office_b)
        self.assertIn(record.name, self._get("/my/requests").text)
        # office A's person neither sees nor cancels it
        self.authenticate("dt_person", "dt_person")
        token = self._csrf("/my/requests")
        self.assertNotIn(record.name, self._get("/my/requests").text)
        response = self._post(f"/my/requests/{record.id}/cancel", {}, token)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(record.state, "pending")
        # fulfilled in office B: charged there, once, as shown
        self.item_office_b.with_company(self.office_b).action_mark_shredded()
        self.assertEqual(record.state, "done")
        self.assertEqual(self._usage_count(self.item_office_b, service), 1)
        self.assertAlmostEqual(
            self._charged_in(self.office_b, service) - before_b, price["amount"]
        )
        self.assertEqual(self._charged_in(self.office_a, service), before_a)

    def test_items_of_two_offices(self):
        """A person of both offices ticking items of both: one request per
        office, nothing created."""
        self.user_person.company_ids = [Command.link(self.office_b.id)]
        self.authenticate("dt_person", "dt_person")
        items = self.item_a | self.item_office_b
        page = self._preview("shred", items)
        self.assertEqual(page.status_code, 400)
        self.assertIn("send one request per office", page.text)
        response = self._submit("shred", items)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._requests())
