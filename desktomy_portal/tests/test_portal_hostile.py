# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every route of the client panel, every parameter, hostile values."""

import inspect
import re
from urllib.parse import urlencode

from odoo import Command
from odoo.tests import tagged

from odoo.addons.desktomy_portal.controllers import hardening

from .common import DesktomyPortalCase, strip_language_links

#: Values no parameter of a value kind (id, page, period, date) may read.
HOSTILE = [
    "١٢٣",  # Arabic-Indic digits
    "１２",  # full-width digits
    "9" * 5000,
    "2147483648",
    "99999999999999999999",
    "-1",
    "0",
    "1e3",
    " 1",
    "0x10",
    "1 OR 1=1",
    "1; DROP TABLE res_partner; --",
    "' OR ''='",
    "<script>alert(1)</script>",
    "%00",
    "\x00",
    "",
    "0001-01",
    "9999-12",
    "2026-13",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
]
#: Values that reach a route through its path (the path converter accepts them).
HOSTILE_PATH = ["١٢٣", "9" * 5000, "2147483648", "99999999999999999999", "-1", "0"]
#: Kinds whose unreadable values answer like a missing record.
VALUE_KINDS = ("id", "ref", "ids", "page", "period", "date")


@tagged("post_install", "-at_install")
class TestPortalHostileInput(DesktomyPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.desktomy_portal_billing_summary = True
        cls.item_a_scan = cls._create_item(cls.client_a, with_scan=True)
        cls.client_a.write({"street": "ul. Prosta 1", "city": "Warszawa"})
        cls.request_a = cls.env["desktomy.mail.request"]._desktomy_submit(
            cls.client_a, "shred", cls.item_a, person=cls.person
        )
        # A posted invoice of a represented company (Odoo's /my/invoices/<id>,
        # which the panel overrides).
        cls.invoice_a = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.client_a.id,
                "invoice_line_ids": [
                    Command.create({"name": "Hostile test", "price_unit": 10.0})
                ],
            }
        )
        cls.invoice_a.action_post()
        # A delivery address and a standing instruction of a represented
        # company (/my/preferences).
        cls.delivery_a = cls.env["res.partner"].create(
            {
                "name": "Magazyn",
                "type": "delivery",
                "parent_id": cls.client_a.id,
                "street": "ul. Magazynowa 2",
                "city": "Kraków",
            }
        )
        cls.instruction_a = cls.env["desktomy.standing.instruction"]._desktomy_set(
            cls.client_a, cls.env.company, "parcel", "scan"
        )

    def _valid(self):
        """A valid value of each parameter the routes know, by name. A route
        with a parameter missing here fails the walk: add it."""
        return {
            "client_id": self.client_a.id,
            "invoice_id": self.invoice_a.id,
            "access_token": "not-the-token",
            "report_type": "html",
            "download": "false",
            "mail_id": self.item_a_scan.id,
            "attachment_id": self.item_a_scan.scan_ids.id,
            "page": 1,
            "sortby": "date",
            "filterby": "all",
            "search": "Urząd",
            "search_in": "all",
            "period": "2026-01",
            "date_from": "2026-01-01",
            "date_to": "2026-01-31",
            "redirect": "/my/home",
            "country_id": self.env.ref("base.pl").id,
            "state_id": self.env["res.country.state"].search([], limit=1).id,
            # requests
            "kind": "shred",
            "mail_ids": self.item_a_scan.id,
            "request_id": self.request_a.id,
            "sent": self.request_a.id,
            "address_id": self.client_a.id,
            "carrier": "dhl",
            "pickup_date": "2100-01-01",
            "note": "Please",
            # preferences and standing instructions
            "mode": "digest",
            "item_kind": "letter",
            "action": "forward",
            "forward_address_id": self.delivery_a.id,
            "forward_carrier": "DHL",
            "instruction_id": self.instruction_a.id,
        }

    def _portal_routes(self):
        """(rule, kinds) of every route our controller defines or overrides."""
        routes = []
        for rule in self.env["ir.http"].routing_map().iter_rules():
            method = rule.endpoint.func
            function = getattr(method, "__func__", method)
            if not function.__module__.startswith("odoo.addons.desktomy_portal."):
                continue
            original = getattr(function, "original_endpoint", function)
            kinds = getattr(original, "desktomy_params", None)
            self.assertIsNotNone(
                kinds,
                f"{rule.rule}: declare its parameters with @desktomy_params",
            )
            signature = inspect.signature(original)
            named = {
                name
                for name, param in signature.parameters.items()
                if name != "self" and param.kind != param.VAR_KEYWORD
            }
            self.assertLessEqual(
                named | set(rule.arguments),
                set(kinds),
                f"{rule.rule}: every parameter needs a kind",
            )
            routes.append((rule, kinds))
        return routes

    def _url(self, rule, values):
        path = rule.rule
        query = {}
        for name, value in values.items():
            if name in rule.arguments:
                path = re.sub(rf"<(\w+:)?{name}>", str(value), path)
            else:
                query[name] = value
        if query:
            return f"{path}?{urlencode(query)}"
        return path

    def _normalise(self, response):
        return response.status_code, strip_language_links(
            re.sub(r'csrf_token: "[0-9a-fo]+"', "csrf_token", response.text)
        )

    def test_walk_every_route_and_parameter(self):
        """Hostile values of every value parameter of every route answer
        exactly like a missing record; free text and option keys never
        crash; nothing is logged as an error."""
        self.authenticate("dt_person", "dt_person")
        missing_client = self._nonexistent_partner_id()
        routes = self._portal_routes()
        paths = {rule.rule for rule, _kinds in routes}
        for expected in (
            "/my/mail",
            "/my/mail/page/<int:page>",
            "/my/mail/<int:mail_id>",
            "/my/mail/<int:mail_id>/attachment/<int:attachment_id>",
            "/my/billing",
            "/my/billing/pdf",
            "/my/home",
            "/my/mail/request",
            "/my/requests",
            "/my/requests/page/<int:page>",
            "/my/requests/<int:request_id>/cancel",
        ):
            self.assertIn(expected, paths)
        checked = 0
        anywhere = self._normalise(self._get(f"/my/mail/{hardening.MAX_INT4}"))
        self.assertEqual(anywhere[0], 404)
        with self.assertNoLogs("odoo", "ERROR"):
            for rule, kinds in routes:
                if rule.methods and "GET" not in rule.methods:
                    continue
                valid = self._valid()
                values = {
                    name: valid[name]
                    for name in kinds
                    if name in rule.arguments or name in valid
                }
                for name in kinds:
                    self.assertIn(name, valid, f"{rule.rule}: no valid {name}")
                ok = self._get(self._url(rule, values))
                self.assertEqual(ok.status_code, 200, self._url(rule, values))
                # a missing record of the route, else of the panel
                missing = anywhere
                if "client_id" in kinds:
                    missing = self._normalise(
                        self._get(
                            self._url(rule, {**values, "client_id": missing_client})
                        )
                    )
                    self.assertEqual(missing[0], 404, rule.rule)
                for name, kind in kinds.items():
                    hostile = HOSTILE_PATH if name in rule.arguments else HOSTILE
                    for value in hostile:
                        url = self._url(rule, {**values, name: value})
                        response = self._get(url)
                        label = f"{rule.rule} {name}={value[:20]!r}"
                        checked += 1
                        if kind in VALUE_KINDS and not (kind == "ref" and value == ""):
                            self.assertEqual(self._normalise(response), missing, label)
                        else:
                            self.assertLess(response.status_code, 500, label)
                    if name in rule.arguments or kind not in VALUE_KINDS:
                        continue
                    # Repeated parameter, even with valid values.
                    url = self._url(rule, values) + "&" + urlencode({name: valid[name]})
                    if kind == "ids":
                        # (ticked boxes: a list, read as one)
                        self.assertEqual(self._get(url).status_code, 200, url)
                        continue
                    self.assertEqual(self._normalise(self._get(url)), missing, url)
        self.assertGreater(checked, 200)

    def test_walk_every_post_route_and_parameter(self):
        """The same for the routes that only accept POST (with a valid CSRF
        token): hostile values of value parameters answer 404 and create or
        change nothing, other values never crash."""
        self.authenticate("dt_person", "dt_person")
        page = self._get("/my/home")
        token = re.search(r'csrf_token: "([^"]+)"', page.text)[1]
        Request = self.env["desktomy.mail.request"]
        # (Odoo's own account deletion: test_portal_limits posts to it)
        routes = [
            (rule, kinds)
            for rule, kinds in self._portal_routes()
            if rule.methods
            and set(rule.methods) <= {"POST", "OPTIONS"}
            and rule.rule != "/my/deactivate_account"
        ]
        self.assertEqual(
            {rule.rule for rule, _kinds in routes},
            {
                "/my/mail/request",
                "/my/requests/<int:request_id>/cancel",
                "/my/preferences/notification",
                "/my/preferences/instruction",
                "/my/preferences/instruction/remove",
                "/my/data/export",
            },
        )
        Preference = self.env["desktomy.notification.preference"]
        Instruction = self.env["desktomy.standing.instruction"].with_context(
            active_test=False
        )

        def state():
            self.env.invalidate_all()
            return (
                Request.search([]).mapped(lambda r: (r.id, r.state)),
                Preference.search([]).mapped(lambda p: (p.id, p.mode)),
                Instruction.search([]).mapped(
                    lambda i: (i.id, i.active, i.action, i.item_kind)
                ),
            )

        checked = 0
        with self.assertNoLogs("odoo", "ERROR"):
            for rule, kinds in routes:
                valid = self._valid()
                values = {name: valid[name] for name in kinds}
                for name, kind in kinds.items():
                    hostile = HOSTILE_PATH if name in rule.arguments else HOSTILE
                    for value in hostile:
                        hardening.reset_limiters(self.env)
                        before = state()
                        values_posted = {**values, name: value}
                        path = self._url(
                            rule,
                            {
                                k: v
                                for k, v in values_posted.items()
                                if k in rule.arguments
                            },
                        )
                        data = {
                            k: v
                            for k, v in values_posted.items()
                            if k not in rule.arguments
                        }
                        response = self.url_open(
                            path,
                            data={**data, "csrf_token": token},
                            allow_redirects=False,
                        )
                        label = f"POST {rule.rule} {name}={value[:20]!r}"
                        checked += 1
                        if kind in VALUE_KINDS and not (kind == "ref" and value == ""):
                            self.assertEqual(response.status_code, 404, label)
                            self.assertEqual(state(), before, label)
                        else:
                            self.assertLess(response.status_code, 500, label)
                hardening.reset_limiters(self.env)
                # valid values: sent (or refused as a form error), never a crash
                path = self._url(
                    rule, {k: v for k, v in values.items() if k in rule.arguments}
                )
                data = {k: v for k, v in values.items() if k not in rule.arguments}
                response = self.url_open(
                    path, data={**data, "csrf_token": token}, allow_redirects=False
                )
                # (the export answers its ZIP)
                expected = (200,) if rule.rule == "/my/data/export" else (303, 400)
                self.assertIn(response.status_code, expected, rule.rule)
        self.assertGreater(checked, 100)

    def test_parser(self):
        """The parser reads values in range, nothing else."""
        parse = hardening.parse_param
        self.assertEqual(parse("id", "42"), 42)
        self.assertEqual(parse("id", 2147483647), 2147483647)
        self.assertEqual(parse("page", "007"), 7)
        self.assertEqual(str(parse("period", "2026-02")), "2026-02-01")
        self.assertEqual(str(parse("date", "2026-02-28")), "2026-02-28")
        self.assertEqual(parse("text", ""), None)
        self.assertEqual(parse("text", "<b>x</b>"), "<b>x</b>")
        self.assertEqual(parse("key", "date_asc"), "date_asc")
        self.assertEqual(parse("key", "<script>"), None)
        self.assertEqual(parse("ref", ""), None)
        self.assertEqual(parse("ref", "12"), 12)
        self.assertEqual(parse("ids", "3,1,3"), (3, 1))
        self.assertEqual(parse("ids", 7), (7,))
        self.assertEqual(len(parse("ids", ",".join(map(str, range(1, 201))))), 200)
        for value in ("1,,2", "1, 2", "1,", ",".join(["1"] * 201), "1,-2", "1;2"):
            with self.assertRaises(hardening.Unreadable):
                parse("ids", value)
        for kind in VALUE_KINDS:
            for value in HOSTILE + [2147483648, -5, 0, True, None, 1.5]:
                if kind == "ref" and value == "":
                    continue
                with self.subTest(kind=kind, value=str(value)[:20]):
                    with self.assertRaises(hardening.Unreadable):
                        parse(kind, value)
        with self.assertRaises(hardening.Unreadable):
            parse("text", "a\x00b")
        with self.assertRaises(hardening.Unreadable):
            parse("text", "x" * (hardening.MAX_TEXT + 1))
