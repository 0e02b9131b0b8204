# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a portal user reaches over JSON-RPC, as the web client sends it."""

import json
from datetime import date

from odoo import Command
from odoo.tests import tagged

from odoo.addons.desktomy_virtual_office.tests.common_http import call_kw

from .common import DesktomyPortalCase

OUR_ADDONS = ("desktomy_virtual_office", "desktomy_portal")

#: Fields of our addons a portal user may read, model by model (README).
PORTAL_READABLE = {
    "desktomy.mail": {
        "id",
        "display_name",
        "create_date",
        "write_date",
        "name",
        "company_id",
        "partner_id",
        "received_datetime",
        "sender",
        "kind",
        "tracking_number",
        "state",
        "scan_ids",
        "scan_count",
        "collected_datetime",
        "collector_name",
        "receipt_attachment_id",
        "receipt_name",
        "is_official",
        "notice_date",
        "notice_post_office",
        "deemed_delivery_date",
        "notice_state",
    },
    "res.partner": {"desktomy_is_client", "desktomy_client_number"},
    "res.users": {"desktomy_is_client", "desktomy_client_number"},
    "res.company": set(),
    # (the posted invoices of the companies they represent)
    "account.move": {"desktomy_client_id", "desktomy_billing_month"},
    "account.move.line": set(),
}

#: Models of our addons a portal user has no access to at all.
NO_ACCESS_MODELS = (
    "desktomy.service.usage",
    "desktomy.package",
    "desktomy.package.line",
    "desktomy.package.assignment",
    "desktomy.billing.month",
    "desktomy.billing.invoice",
    "desktomy.billing.report",
    "desktomy.billing.summary",
    "desktomy.mail.handover",
    "desktomy.mail.notification",
    "desktomy.mail.notify.wizard",
    "desktomy.mail.handover.wizard",
    "desktomy.official.sender",
    "desktomy.mail.escalation",
)

#: A value to write for each kind of field.
SAMPLE_VALUES = {
    "boolean": True,
    "char": "x",
    "text": "x",
    "date": "2026-01-01",
    "datetime": "2026-01-01 10:00:00",
    "integer": 1,
    "many2one": 1,
    "one2many": [],
    "many2many": [],
    "selection": False,
}


def _our_fields(model):
    """Names of the fields our addons add to ``model`` (also through _inherits)."""
    names = set()
    for name, field in model._fields.items():
        origin = field
        while origin.inherited and origin.related_field:
            origin = origin.related_field
        if getattr(origin, "_module", None) in OUR_ADDONS:
            names.add(name)
    return names


@tagged("post_install", "-at_install")
class TestPortalRpc(DesktomyPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item_other.write(
            {
                "note": "SECRET-NOTE the courier was rude",
                "tracking_number": "RR123456789PL",
            }
        )
        cls.item_other.message_post(
            body="SECRET-CHATTER internal remark", subtype_xmlid="mail.mt_note"
        )
        cls.item_other._message_log(body="SECRET-LOG logged by the desk")
        cls.client_other.write(
            {
                "desktomy_notification_email": "secret-notify@example.com",
                "desktomy_authorized_person_ids": [Command.link(cls.other_contact.id)],
            }
        )
        service = cls.env["product.product"].create(
            {
                "name": "RPC Test Scan",
                "type": "service",
                "desktomy_service_kind": "scan",
                "list_price": 3.0,
            }
        )
        package = cls.env["desktomy.package"].create(
            {"name": "RPC Test Package", "monthly_fee": 77.0}
        )
        cls.env["desktomy.package.assignment"].create(
            {
                "partner_id": cls.client_other.id,
                "package_id": package.id,
                "date_from": date(2024, 1, 1),
            }
        )
        cls.env["desktomy.service.usage"].create(
            {
                "partner_id": cls.client_other.id,
                "service_id": service.id,
                "date": date.today(),
                "unit_price": 3.0,
            }
        )
        cls.records = {
            "desktomy.mail": cls.item_other,
            "res.partner": cls.client_other,
            "res.users": cls.user_other,
            "res.company": cls.env.company,
        }

    # ------------------------------------------------------------
    # JSON-RPC as the web client sends it
    # ------------------------------------------------------------

    def _call(self, model, method, args, kwargs=None):
        """``/web/dataset/call_kw`` as the web client posts it: (result, error)."""
        body = call_kw(self, model, method, args, kwargs)
        return body.get("result"), body.get("error")

    def _json(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def _assert_refused(self, model, method, args, kwargs=None, secret=None):
        """The call fails with an access error, or returns nothing at all."""
        result, error = self._call(model, method, args, kwargs)
        label = f"{model}.{method}({args!r}, {kwargs!r})"
        if error:
            self.assertIn(
                error["data"]["name"],
                ("odoo.exceptions.AccessError", "odoo.exceptions.UserError"),
                label,
            )
        else:
            self.assertFalse(result, label)
        if secret:
            self.assertNotIn(secret, json.dumps(result), label)

    def _staff_only(self, model_name):
        model = self.env[model_name]
        return sorted(_our_fields(model) - PORTAL_READABLE[model_name])

    # ------------------------------------------------------------
    # Field-level access
    # ------------------------------------------------------------

    def test_readable_fields_are_exactly_the_listed_ones(self):
        """fields_get over RPC shows a portal user only the fields listed in the
        README; a new field of our addons fails here until it is classified."""
        self.authenticate("dt_other", "dt_other")
        for model_name, readable in PORTAL_READABLE.items():
            with self.subTest(model=model_name):
                # (only the types: with Odoo Accounting installed, the
                # selection of a res.company field of Odoo reads the modules,
                # which a portal user may not)
                described, error = self._call(
                    model_name, "fields_get", [], {"attributes": ["type"]}
                )
                self.assertFalse(error, model_name)
                ours = _our_fields(self.env[model_name])
                self.assertEqual(set(described) & ours, readable)

    def test_staff_only_fields_refused_by_every_path(self):
        """Read, search_read, search and count on the field, read_group,
        web_read, web_search_read, export, write, create and unlink of every
        staff-only field are refused (or return nothing) to a portal user."""
        self.authenticate("dt_other", "dt_other")
        for model_name, record in self.records.items():
            model = self.env[model_name]
            for fname in self._staff_only(model_name):
                field = model._fields[fname]
                value = SAMPLE_VALUES.get(field.type, False)
                ids = record.ids
                calls = [
                    ("read", [ids, [fname]], None),
                    ("search_read", [[("id", "in", ids)], [fname]], None),
                    ("search", [[(fname, "!=", False)]], None),
                    ("search_count", [[(fname, "!=", False)]], None),
                    ("search", [[("id", "in", ids), (fname, "=", value)]], None),
                    (
                        "web_read",
                        [ids],
                        {"specification": {fname: {}}},
                    ),
                    (
                        "web_search_read",
                        [],
                        {"domain": [], "specification": {fname: {}}},
                    ),
                    ("export_data", [ids, ["id", fname]], None),
                    ("write", [ids, {fname: value}], None),
                    ("create", [{fname: value}], None),
                    ("unlink", [ids], None),
                ]
                if field.store and field.column_type:
                    calls.append(
                        ("search_read", [[("id", "in", ids)], ["id"]], {"order": fname})
                    )
                    calls.append(
                        (
                            "read_group",
                            [[], [fname], [fname]],
                            {"lazy": False},
                        )
                    )
                    calls.append(
                        (
                            "web_read_group",
                            [],
                            {"domain": [], "fields": [], "groupby": [fname]},
                        )
                    )
                for method, args, kwargs in calls:
                    with self.subTest(model=model_name, field=fname, method=method):
                        self._assert_refused(
                            model_name, method, args, kwargs, secret="SECRET"
                        )
        # The office still reads what the portal user may not.
        self.assertIn("SECRET-NOTE", self.item_other.note)

    def test_readable_fields_still_readable(self):
        """The fields the client panel shows stay readable over RPC (sanity:
        the refusals above are about the field, not the record)."""
        self.authenticate("dt_other", "dt_other")
        result, error = self._call(
            "desktomy.mail",
            "read",
            [self.item_other.ids, sorted(PORTAL_READABLE["desktomy.mail"])],
        )
        self.assertFalse(error)
        self.assertEqual(result[0]["tracking_number"], "RR123456789PL")

    def test_chatter_internal_messages_not_readable(self):
        """Internal notes and logs of an item reach a portal user by no path."""
        self.authenticate("dt_other", "dt_other")
        item = self.item_other
        paths = [
            self._call(
                "desktomy.mail",
                "web_read",
                [item.ids],
                {"specification": {"message_ids": {"fields": {"body": {}}}}},
            ),
            self._call(
                "mail.message",
                "search_read",
                [
                    [("model", "=", "desktomy.mail"), ("res_id", "=", item.id)],
                    ["body"],
                ],
            ),
            self._call("mail.message", "search_read", [[], ["body"]]),
            self._call("mail.message", "read", [item.message_ids.ids, ["body"]]),
            (
                self._json(
                    "/mail/thread/messages",
                    {"thread_model": "desktomy.mail", "thread_id": item.id},
                ),
                None,
            ),
        ]
        for result, error in paths:
            self.assertNotIn("SECRET", json.dumps(result))
            self.assertNotIn("SECRET", json.dumps(error))

    # ------------------------------------------------------------
    # Billing data: no path, whatever the switch
    # ------------------------------------------------------------

    def _groupable(self, model_name):
        return next(
            name
            for name, field in self.env[model_name]._fields.items()
            if field.store and field.type in ("many2one", "selection", "char")
        )

    def _assert_no_billing_data(self):
        for model_name in NO_ACCESS_MODELS:
            for method, args, kwargs in (
                ("search_read", [[], []], None),
                ("search_count", [[]], None),
                ("read_group", [[], [], [self._groupable(model_name)]], None),
                (
                    "web_search_read",
                    [],
                    {"domain": [], "specification": {"id": {}}},
                ),
                ("read", [[1], ["id"]], None),
            ):
                with self.subTest(model=model_name, method=method):
                    result, error = self._call(model_name, method, args, kwargs)
                    self.assertTrue(error, f"{model_name}.{method}: {result!r}")
                    self.assertEqual(
                        error["data"]["name"], "odoo.exceptions.AccessError"
                    )
        for fname in ("desktomy_package_id", "desktomy_package_assignment_ids"):
            self._assert_refused(
                "res.partner", "read", [self.client_other.ids, [fname]]
            )
        self._assert_refused(
            "desktomy.mail", "read", [self.item_other.ids, ["desktomy_usage_ids"]]
        )

    def test_billing_switch_off_no_billing_data(self):
        """With the billing page off (the default) no billing data by any path."""
        self.assertFalse(self.env.company.desktomy_portal_billing_summary)
        self.authenticate("dt_other", "dt_other")
        self._assert_no_billing_data()
        self.assertEqual(self._get("/my/billing").status_code, 404)
        self.assertEqual(self._get("/my/billing/pdf").status_code, 404)

    def test_billing_switch_on_only_the_page(self):
        """With the page on, figures reach the client through the page (for the
        companies they represent) and still through no RPC path."""
        self.env.company.desktomy_portal_billing_summary = True
        self.authenticate("dt_other", "dt_other")
        self._assert_no_billing_data()
        page = self._get("/my/billing")
        self.assertEqual(page.status_code, 200)
        self.assertIn("RPC Test Scan", page.text)
        self.assertIn('data-package_fee="77.0"', page.text)
        foreign = self._get(f"/my/billing?client_id={self.client_a.id}")
        self.assertEqual(foreign.status_code, 404)
