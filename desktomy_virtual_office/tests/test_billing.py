# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
import zipfile
from datetime import date, timedelta

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, users
from odoo.tools import mute_logger

from .test_billing_common import MARCH, BillingCommon


class TestBillingUsage(BillingCommon):
    def _item(self, **vals):
        state = vals.pop("state", None)
        item = self.env["desktomy.mail"].create({"partner_id": self.client.id, **vals})
        actions = {
            "forwarded": item.action_mark_forwarded,
            "returned": item.action_mark_returned,
            "shredded": item.action_mark_shredded,
        }
        if state in actions:
            actions[state]()
        return item

    def _lines(self, item, service):
        return self.Usage.search(
            [("mail_id", "=", item.id), ("service_id", "=", service.id)]
        )

    def test_scan_charged_once_per_item(self):
        """Attaching scans charges one scan per item, however many files follow."""
        item = self._item(scan_ids=[Command.set(self._scan_file().ids)])
        line = self._lines(item, self.scan)
        self.assertEqual(len(line), 1)
        self.assertRecordValues(
            line,
            [
                {
                    "partner_id": self.client.id,
                    "quantity": 1.0,
                    "unit_price": 2.0,
                    "amount": 2.0,
                    "origin": "auto",
                    "company_id": item.company_id.id,
                    "date": fields.Date.context_today(line),
                }
            ],
        )
        item.scan_ids = [Command.link(self._scan_file().id)]
        item.scan_ids = [Command.clear()]
        item.scan_ids = [Command.link(self._scan_file().id)]
        self.assertEqual(len(self._lines(item, self.scan)), 1)

    def test_empty_scan_not_charged(self):
        """A failed (empty) upload is not a scan and is not charged."""
        item = self._item(scan_ids=[Command.set(self._scan_file(b"").ids)])
        self.assertFalse(self._lines(item, self.scan))
        item.scan_ids = [Command.link(self._scan_file().id)]
        self.assertEqual(len(self._lines(item, self.scan)), 1)

    def test_notification_and_handover_hooks_once(self):
        """Notification and handover hooks charge once per item, repeats are free."""
        items = self._item() | self._item()
        items._desktomy_after_notify()
        items._desktomy_after_notify()
        items[0]._desktomy_after_handover(False)
        items._desktomy_after_handover(False)
        for item in items:
            self.assertEqual(len(self._lines(item, self.notification)), 1)
            self.assertEqual(len(self._lines(item, self.handover)), 1)
        self.assertEqual(self.Usage.search_count([("mail_id", "in", items.ids)]), 4)

    def test_state_services_once_with_undo_redo(self):
        """Forwarding, return and shredding are charged once, even when redone."""
        forwarded, returned, shredded = self._item(), self._item(), self._item()
        forwarded.action_mark_forwarded()
        forwarded.action_reset_received()
        forwarded.action_mark_forwarded()
        forwarded.write({"state": "forwarded"})  # no change: allowed, free
        returned.action_mark_returned()
        returned.action_reset_received()
        returned.action_mark_returned()
        shredded.action_mark_shredded()
        self.assertEqual(len(self._lines(forwarded, self.forwarding)), 1)
        self.assertEqual(len(self._lines(returned, self.return_service)), 1)
        self.assertEqual(len(self._lines(shredded, self.shredding)), 1)
        self.assertFalse(self._lines(forwarded, self.return_service))
        # An item cannot be registered directly as forwarded (lifecycle).
        with self.assertRaises(UserError):
            self.env["desktomy.mail"].create(
                {"partner_id": self.client.id, "state": "forwarded"}
            )

    def test_storage_charged_once_beyond_free_period(self):
        """Items waiting longer than the free period are charged storage once."""
        self.company.desktomy_storage_free_days = 30
        now = fields.Datetime.now()
        old = self._item(received_datetime=now - timedelta(days=31))
        young = self._item(received_datetime=now - timedelta(days=29))
        gone = self._item(received_datetime=now - timedelta(days=40), state="forwarded")
        storage = self.env.ref("desktomy_virtual_office.product_service_storage")
        Mail = self.env["desktomy.mail"]
        Mail._cron_desktomy_charge_storage()
        Mail._cron_desktomy_charge_storage()
        self.assertEqual(len(self._lines(old, storage)), 1)
        self.assertFalse(self._lines(young, storage))
        self.assertFalse(self._lines(gone, storage))

    def test_unique_index_refuses_second_automatic_line(self):
        """The database refuses a second automatic charge of the same event."""
        item = self._item(state="shredded")
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.Usage.create(
                {
                    "partner_id": self.client.id,
                    "service_id": self.shredding.id,
                    "mail_id": item.id,
                    "origin": "auto",
                }
            )

    @users("bi_administrator")
    def test_manual_other_line(self):
        """An administrator adds an "other" charge by hand; it is billed in full."""
        with Form(self.env["desktomy.service.usage"]) as usage_form:
            usage_form.partner_id = self.client
            usage_form.service_id = self.other
            usage_form.date = date(2025, 3, 12)
            usage_form.name = "Courier pickup"
            usage_form.quantity = 2
            usage_form.unit_price = 25.0
        usage = usage_form.record
        self.assertEqual(usage.origin, "manual")
        self.assertEqual(usage.amount, 50.0)
        summary = self._summary(self.client, *MARCH)[self.client.id]
        self.assertEqual(self._line(summary, self.other)["amount"], 50.0)
        self.assertEqual(summary["total"], 50.0)


class TestBillingSummary(BillingCommon):
    def test_included_vs_billable_boundary(self):
        """The 20th scan is included in the package, the 21st is billed."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._usage(self.client, self.scan, date(2025, 3, 5), count=20)
        summary = self._summary(self.client, *MARCH)[self.client.id]
        scan = self._line(summary, self.scan)
        self.assertEqual(
            (scan["quantity"], scan["included"], scan["billable"], scan["amount"]),
            (20.0, 20.0, 0.0, 0.0),
        )
        self.assertEqual(scan["remaining"], 0.0)
        self.assertEqual(summary["total"], 99.0)

        self._usage(self.client, self.scan, date(2025, 3, 31))
        summary = self._summary(self.client, *MARCH)[self.client.id]
        scan = self._line(summary, self.scan)
        self.assertEqual(
            (scan["quantity"], scan["included"], scan["billable"]), (21.0, 20.0, 1.0)
        )
        self.assertEqual(scan["unit_price"], 1.5)
        self.assertEqual(scan["amount"], 1.5)
        self.assertEqual(summary["package_fee"], 99.0)
        self.assertEqual(summary["usage_amount"], 1.5)
        self.assertEqual(summary["total"], 100.5)
        self.assertEqual(summary["package"], self.package_20)
        self.assertEqual(summary["currency"], self.company.currency_id)

    def test_summary_hand_computed(self):
        """Totals of a month with several services match a hand computation."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._usage(self.client, self.scan, date(2025, 3, 2), quantity=25)
        self._usage(self.client, self.forwarding, date(2025, 3, 3), count=7)
        self._usage(self.client, self.notification, date(2025, 3, 4), count=4)
        self._usage(self.client, self.other, date(2025, 3, 9), price=40.0)
        # Outside the period: ignored.
        self._usage(self.client, self.scan, date(2025, 4, 1), quantity=50)
        summary = self._summary(self.client, *MARCH)[self.client.id]
        # scans: 5 x 1.5 (package price); forwarding: 2 x 12 (catalogue);
        # notifications: 4 x 0.5 (not in package); other: 40.
        expected = {
            self.scan: (25, 20, 5, 7.5, 0),
            self.forwarding: (7, 5, 2, 24.0, 0),
            self.notification: (4, 0, 4, 2.0, 0),
            self.other: (1, 0, 1, 40.0, 0),
        }
        self.assertEqual(len(summary["lines"]), 4)
        for service, values in expected.items():
            line = self._line(summary, service)
            self.assertEqual(
                (
                    line["quantity"],
                    line["included"],
                    line["billable"],
                    line["amount"],
                    line["remaining"],
                ),
                values,
                service.name,
            )
        self.assertEqual(
            [line["kind"] for line in summary["lines"]],
            ["scan", "notification", "forwarding", "other"],
        )
        self.assertAlmostEqual(summary["usage_amount"], 73.5)
        self.assertAlmostEqual(summary["total"], 172.5)

    def test_package_services_listed_without_usage(self):
        """Services of the package appear with their allowance even when unused."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        summary = self._summary(self.client, *MARCH)[self.client.id]
        forwarding = self._line(summary, self.forwarding)
        self.assertEqual(forwarding["quantity"], 0)
        self.assertEqual(forwarding["remaining"], 5)
        self.assertEqual(summary["total"], 99.0)

    def test_client_without_package(self):
        """Without a package every unit is billed at the catalogue price, no fee."""
        self._usage(self.client_2, self.scan, date(2025, 3, 10), count=3)
        summary = self._summary(self.client_2, *MARCH)[self.client_2.id]
        self.assertFalse(summary["package"])
        self.assertEqual(summary["package_fee"], 0.0)
        self.assertEqual(summary["total"], 6.0)

    def test_package_change_mid_month(self):
        """The package in force at the end of a month governs the whole month."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._assign(self.client, self.package_100, date(2025, 3, 15))
        self._usage(self.client, self.scan, date(2025, 2, 10), quantity=30)
        self._usage(self.client, self.scan, date(2025, 3, 5), quantity=30)
        self._usage(self.client, self.scan, date(2025, 3, 20), quantity=80)

        march = self._summary(self.client, *MARCH)[self.client.id]
        self.assertEqual(march["package"], self.package_100)
        self.assertEqual(march["package_fee"], 199.0)
        scan = self._line(march, self.scan)
        # 110 scans against 100 included, at the catalogue price (no own price).
        self.assertEqual((scan["included"], scan["billable"]), (100, 10))
        self.assertEqual(march["total"], 199.0 + 20.0)

        # February and March together: each month with its own package.
        both = self._summary(self.client, date(2025, 2, 1), date(2025, 3, 31))
        both = both[self.client.id]
        scan = self._line(both, self.scan)
        self.assertEqual(both["package_fee"], 99.0 + 199.0)
        self.assertEqual((scan["quantity"], scan["included"]), (140, 120))
        self.assertEqual(scan["billable"], 10 + 10)
        self.assertEqual(scan["amount"], 10 * 1.5 + 10 * 2.0)
        self.assertEqual(both["total"], 298.0 + 35.0)

        # A period that ends before the change uses the package in force then.
        early = self._summary(self.client, date(2025, 3, 1), date(2025, 3, 10))
        self.assertEqual(early[self.client.id]["package"], self.package_20)
        self.assertEqual(early[self.client.id]["package_fee"], 99.0)

    def test_twelve_months(self):
        """A year: twelve monthly fees and per-month allowances."""
        self._assign(self.client, self.package_20, date(2024, 12, 20))
        for month in range(1, 13):
            self._usage(self.client, self.scan, date(2025, month, 28), quantity=22)
        summary = self._summary(self.client, date(2025, 1, 1), date(2025, 12, 31))
        summary = summary[self.client.id]
        scan = self._line(summary, self.scan)
        self.assertEqual(summary["package_fee"], 12 * 99.0)
        self.assertEqual((scan["quantity"], scan["included"]), (264, 240))
        self.assertEqual(scan["billable"], 24)
        self.assertEqual(scan["amount"], 36.0)
        self.assertEqual(summary["total"], 1188.0 + 36.0)

    def test_wrong_period_refused(self):
        """A period that ends before it starts is refused."""
        with self.assertRaises(UserError):
            self._summary(self.client, date(2025, 3, 2), date(2025, 3, 1))


class TestBillingLock(BillingCommon):
    def test_closed_month_protection(self):
        """Lines of a closed month cannot be created, changed or deleted."""
        february = self._usage(self.client, self.scan, date(2025, 2, 10))
        april = self._usage(self.client, self.scan, date(2025, 4, 10))
        self.company.desktomy_billing_lock_date = date(2025, 3, 31)
        with self.assertRaises(UserError):
            self._usage(self.client, self.scan, date(2025, 3, 31))
        with self.assertRaises(UserError):
            february.quantity = 2
        with self.assertRaises(UserError):
            february.unlink()
        with self.assertRaises(UserError):
            april.date = date(2025, 3, 1)
        self.assertEqual(february.quantity, 1)
        self.assertEqual(april.date, date(2025, 4, 10))
        # A correction is a new line in an open month.
        correction = self._usage(self.client, self.scan, date(2025, 4, 1), quantity=-1)
        self.assertTrue(correction)
        april.quantity = 3
        self.assertEqual(april.amount, 6.0)

    def test_lock_date_must_be_past(self):
        """Only a month that has ended can be closed."""
        with self.assertRaises(ValidationError):
            self.company.desktomy_billing_lock_date = fields.Date.today() + timedelta(
                days=1
            )


class TestBillingAccess(BillingCommon):
    def test_receptionist_rights(self):
        """A receptionist sees usage and runs summaries, edits no usage or price."""
        self._usage(self.client, self.scan, date(2025, 3, 3))
        env = self.env(user=self.receptionist)
        # Performing a service records usage even though the user cannot edit it.
        scan_file = env["ir.attachment"].create(
            {"name": "scan.pdf", "datas": base64.b64encode(b"%PDF-1.4 scan")}
        )
        item = env["desktomy.mail"].create(
            {"partner_id": self.client.id, "scan_ids": [Command.set(scan_file.ids)]}
        )
        usage = env["desktomy.service.usage"].search(
            [("partner_id", "=", self.client.id)]
        )
        self.assertEqual(len(usage), 2)
        self.assertIn(item, usage.mail_id)
        self.assertFalse(env["desktomy.service.usage"].has_access("create"))
        with self.assertRaises(AccessError):
            usage[0].quantity = 5
        with self.assertRaises(AccessError):
            usage[0].unlink()
        with self.assertRaises(AccessError):
            env["desktomy.service.usage"].create(
                {"partner_id": self.client.id, "service_id": self.other.id}
            )
        package = self.package_20.with_user(self.receptionist)
        self.assertEqual(package.monthly_fee, 99.0)
        with self.assertRaises(AccessError):
            package.monthly_fee = 1.0
        with self.assertRaises(AccessError):
            package.line_ids[0].price_unit = 0.0
        with self.assertRaises(AccessError):
            self.scan.with_user(self.receptionist).list_price = 0.0
        with self.assertRaises(AccessError):
            env["desktomy.package.assignment"].create(
                {
                    "partner_id": self.client.id,
                    "package_id": self.package_20.id,
                    "date_from": date(2025, 1, 1),
                }
            )
        row = (
            env["desktomy.billing.report"]
            .with_context(
                desktomy_billing_date_from="2025-03-01",
                desktomy_billing_date_to="2025-03-31",
            )
            .browse(self.client.id)
        )
        self.assertEqual(row.total, 2.0)

    def test_administrator_rights(self):
        """An administrator edits packages, prices, package history and usage."""
        env = self.env(user=self.administrator)
        package = self.package_20.with_user(self.administrator)
        package.monthly_fee = 109.0
        package.line_ids[0].price_unit = 1.0
        self.scan.with_user(self.administrator).list_price = 2.5
        env["desktomy.package.assignment"].create(
            {
                "partner_id": self.client.id,
                "package_id": self.package_20.id,
                "date_from": date(2025, 1, 1),
            }
        )
        line = env["desktomy.service.usage"].create(
            {
                "partner_id": self.client.id,
                "service_id": self.other.id,
                "date": date(2025, 3, 3),
                "unit_price": 10.0,
            }
        )
        line.quantity = 2
        self.assertEqual(line.amount, 20.0)
        line.unlink()
        self.assertEqual(
            self.client.with_user(self.administrator).desktomy_package_id, package
        )

    def test_other_company_usage_invisible(self):
        """Usage of another company is not visible."""
        other_company = self.env["res.company"].create({"name": "Other Office"})
        self.env["desktomy.service.usage"].create(
            {
                "partner_id": self.client.id,
                "service_id": self.scan.id,
                "date": date(2025, 3, 3),
                "company_id": other_company.id,
                "unit_price": 2.0,
            }
        )
        env = self.env(user=self.receptionist)
        self.assertFalse(
            env["desktomy.service.usage"].search([("partner_id", "=", self.client.id)])
        )
        summary = env["desktomy.service.usage"]._get_billing_summary(
            self.client, *MARCH
        )
        self.assertEqual(summary[self.client.id]["total"], 0.0)


class TestBillingScreens(BillingCommon):
    def _screen(self, user=None):
        """Open Billing > Summaries (the menu's action) as the given user."""
        menu = self.env.ref("desktomy_virtual_office.desktomy_billing_summary_menu")
        self.assertEqual(
            menu.action,
            self.env.ref("desktomy_virtual_office.desktomy_billing_report_action"),
        )
        return (
            self.env["desktomy.billing.report"]
            .with_user(user or self.receptionist)
            .action_open()
        )

    def _rows(self, action, user=None):
        env = self.env(user=user or self.receptionist, context=action["context"])
        return env["desktomy.billing.report"].search([])

    def test_summary_screen_all_clients_sorted(self):
        """The summaries list every client of the month, highest total first."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._usage(self.client_2, self.forwarding, date(2025, 3, 3), count=30)
        Report = self.env["desktomy.billing.report"].with_user(self.receptionist)
        action = Report.action_open(date(2025, 3, 1), "2025-03-31")
        self.assertEqual(
            action["context"],
            {
                "desktomy_billing_date_from": "2025-03-01",
                "desktomy_billing_date_to": "2025-03-31",
            },
        )
        rows = self._rows(action)
        clients = self.env["res.partner"].search_count(
            [("desktomy_is_client", "=", True)]
        )
        self.assertEqual(len(rows), clients)
        self.assertEqual(rows[:2].partner_id.ids, [self.client_2.id, self.client.id])
        self.assertEqual(rows[0].total, 360.0)
        self.assertEqual(rows[1].total, 99.0)
        totals = rows.get_billing_totals([])
        self.assertEqual(totals["clients"], clients)
        self.assertAlmostEqual(totals["total"], sum(rows.mapped("total")))
        self.assertEqual(
            (totals["date_from"], totals["date_to"]), ("2025-03-01", "2025-03-31")
        )
        totals = rows.get_billing_totals([("partner_id", "=", self.client.id)])
        self.assertEqual((totals["clients"], totals["total"]), (1, 99.0))
        self.assertEqual(totals["package_fee"], 99.0)
        detail = rows[0].detail_html
        self.assertIn("Forwarding", detail)
        self.assertIn("360.00", detail)

        previous = rows.action_shift_period(-1)
        self.assertEqual(
            previous["context"],
            {
                "desktomy_billing_date_from": "2025-02-01",
                "desktomy_billing_date_to": "2025-02-28",
            },
        )
        february = self._rows(previous)
        self.assertEqual(february.browse(self.client.id).total, 99.0)
        self.assertEqual(february.browse(self.client_2.id).total, 0.0)
        following = february.action_shift_period(2)
        self.assertEqual(following["context"]["desktomy_billing_date_to"], "2025-04-30")

    def test_default_period_is_current_month(self):
        """The menu opens the summaries of the current month, as a list."""
        action = self._screen()
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertEqual(action["view_mode"], "list,form")
        today = fields.Date.context_today(self.env.user)
        date_from = fields.Date.to_date(action["context"]["desktomy_billing_date_from"])
        date_to = fields.Date.to_date(action["context"]["desktomy_billing_date_to"])
        self.assertEqual(date_from, today.replace(day=1))
        self.assertEqual(date_to.month, today.month)
        self.assertEqual((date_to + timedelta(days=1)).day, 1)
        self.assertIn(self.client.id, self._rows(action).ids)

    def test_choose_period(self):
        """Any period, from the period dialog."""
        self._usage(self.client, self.scan, date(2025, 3, 9))
        self._usage(self.client, self.scan, date(2025, 3, 20))
        action = self._screen()
        Report = self.env["desktomy.billing.report"].with_user(self.receptionist)
        dialog = Report.with_context(**action["context"]).action_choose_period()
        self.assertEqual(dialog["res_model"], "desktomy.billing.summary")
        self.assertEqual(dialog["target"], "new")
        Summary = self.env["desktomy.billing.summary"].with_user(self.receptionist)
        with Form(Summary.with_context(**dialog["context"])) as f:
            self.assertEqual(
                f.date_from,
                fields.Date.to_date(action["context"]["desktomy_billing_date_from"]),
            )
            f.date_from = date(2025, 3, 1)
            f.date_to = date(2025, 3, 10)
        shown = f.record.action_apply()
        self.assertEqual(shown["target"], "main")
        self.assertEqual(shown["context"]["desktomy_billing_date_to"], "2025-03-10")
        self.assertEqual(self._rows(shown).browse(self.client.id).total, 2.0)
        with self.assertRaises(ValidationError):
            Summary.create({"date_from": date(2025, 3, 2), "date_to": date(2025, 3, 1)})

    def test_exports(self):
        """The summaries export to XLSX and print to PDF with the client's numbers."""
        self._assign(self.client, self.package_20, date(2025, 1, 1))
        self._usage(self.client, self.scan, date(2025, 3, 2), quantity=21)
        self._usage(self.client_2, self.forwarding, date(2025, 3, 3))
        Report = self.env["desktomy.billing.report"].with_context(
            desktomy_billing_date_from="2025-03-01",
            desktomy_billing_date_to="2025-03-31",
        )
        for rows, clients in (
            (Report.browse(self.client.id), ["Acme Sp. z o.o."]),
            (
                Report.with_context(active_domain=[("total", ">", 0)]),
                ["Acme Sp. z o.o.", "Beta S.A."],
            ),
        ):
            action = rows.action_export_xlsx()
            self.assertEqual(action["type"], "ir.actions.act_url")
            export = self.env["desktomy.billing.summary"].search(
                [], order="id desc", limit=1
            )
            self.assertIn(f"/{export.id}/xlsx_file/", action["url"])
            content = base64.b64decode(export.xlsx_file)
            self.assertEqual(content[:2], b"PK")
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                strings = archive.read("xl/sharedStrings.xml").decode()
            for client in clients:
                self.assertIn(client, strings)
            self.assertEqual("Beta S.A." in strings, len(clients) == 2)
            self.assertIn("Test 20", strings)
            self.assertIn("Scan", strings)

        with self.assertRaises(UserError):
            Report.action_print_pdf()
        report_action = (
            Report.browse(self.client.id)
            .with_context(discard_logo_check=True)
            .action_print_pdf()
        )
        self.assertEqual(report_action["data"]["date_from"], "2025-03-01")
        html, fmt = self.env["ir.actions.report"]._render_qweb_pdf(
            "desktomy_virtual_office.action_report_billing_summary",
            self.client.ids,
            data=report_action["data"],
        )
        self.assertIn(fmt, ("pdf", "html"))
        html = html.decode()
        self.assertIn("Acme Sp. z o.o.", html)
        self.assertIn("Test 20", html)
        self.assertIn("100.50", html)
