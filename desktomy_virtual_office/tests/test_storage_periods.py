# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

import psycopg2
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import date_utils, mute_logger

from .test_billing_common import BillingCommon


@tagged("post_install", "-at_install")
class TestStoragePeriods(BillingCommon):
    """Storage charged once per started period after the free days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.storage = cls.env.ref("desktomy_virtual_office.product_service_storage")
        cls.storage.list_price = 3.0
        cls.company.write(
            {"desktomy_storage_free_days": 14, "desktomy_storage_period_days": 7}
        )
        cls.Mail = cls.env["desktomy.mail"]

    def _item(self, days, **vals):
        return self.Mail.create(
            {
                "partner_id": self.client.id,
                "received_datetime": fields.Datetime.now() - timedelta(days=days),
                **vals,
            }
        )

    def _lines(self, item):
        return self.Usage.search(
            [("mail_id", "=", item.id), ("service_id", "=", self.storage.id)],
            order="period_index",
        )

    def test_40_days_14_free_7_period_charges_4_periods(self):
        """40 days kept, 14 free, 7-day periods: 26 days = 4 started periods."""
        item = self._item(40)
        young = self._item(13)
        self.Mail._cron_desktomy_charge_storage()
        lines = self._lines(item)
        self.assertEqual(lines.mapped("period_index"), [0, 1, 2, 3])
        self.assertEqual(set(lines.mapped("amount")), {3.0})
        self.assertEqual(set(lines.mapped("origin")), {"auto"})
        self.assertFalse(self._lines(young))
        # Twice the same day, or a run late by a period: each period once.
        self.Mail._cron_desktomy_charge_storage()
        self.assertEqual(len(self._lines(item)), 4)
        # (moments counted from the receipt, not from a clock that moved on
        # while the test ran: a second later would start one more period)
        with freeze_time(item.received_datetime + timedelta(days=42)):
            self.Mail._cron_desktomy_charge_storage()
            # 42 days: 28 days past the free ones, still 4 started periods
            self.assertEqual(len(self._lines(item)), 4)
        with freeze_time(item.received_datetime + timedelta(days=49)):
            self.Mail._cron_desktomy_charge_storage()
            self.Mail._cron_desktomy_charge_storage()
            # 49 days: a fifth period started
            self.assertEqual(self._lines(item).mapped("period_index"), [0, 1, 2, 3, 4])

    def test_charging_stops_when_closed(self):
        item = self._item(20)
        self.Mail._cron_desktomy_charge_storage()
        self.assertEqual(len(self._lines(item)), 1)
        item.action_mark_shredded()
        with freeze_time(fields.Datetime.now() + timedelta(days=30)):
            self.Mail._cron_desktomy_charge_storage()
        self.assertEqual(len(self._lines(item)), 1)

    def test_period_zero_charges_once(self):
        """Period 0: storage is charged once, as before."""
        self.company.desktomy_storage_period_days = 0
        item = self._item(60)
        self.Mail._cron_desktomy_charge_storage()
        self.Mail._cron_desktomy_charge_storage()
        self.assertEqual(self._lines(item).mapped("period_index"), [0])
        # Switching to periods later charges the periods after the first.
        self.company.desktomy_storage_period_days = 7
        self.Mail._cron_desktomy_charge_storage()
        # 46 days past the free ones: 7 started periods
        self.assertEqual(self._lines(item).mapped("period_index"), list(range(7)))

    def test_billing_summary_shows_accrued_storage(self):
        item = self._item(40)
        self.Mail._cron_desktomy_charge_storage()
        today = fields.Date.context_today(item)
        summary = self.Usage._get_billing_summary(
            self.client, date_utils.start_of(today, "month"), today
        )[self.client.id]
        line = next(
            line for line in summary["lines"] if line["service"] == self.storage
        )
        self.assertEqual(line["quantity"], 4)
        self.assertEqual(line["amount"], 12.0)

    def test_unique_key_includes_the_period(self):
        """The database refuses a second automatic line of the same period,
        and accepts the next period."""
        item = self._item(1)
        values = {
            "partner_id": self.client.id,
            "service_id": self.storage.id,
            "mail_id": item.id,
            "origin": "auto",
        }
        self.Usage.create(dict(values, period_index=0))
        self.Usage.create(dict(values, period_index=1))
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.Usage.create(dict(values, period_index=1))

    def test_negative_days_refused(self):
        for field in ("desktomy_storage_period_days", "desktomy_storage_free_days"):
            with self.subTest(field=field), self.assertRaises(ValidationError):
                with self.cr.savepoint():
                    self.company.write({field: -1})
        self.assertEqual(self.company.desktomy_storage_period_days, 7)
