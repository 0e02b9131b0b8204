# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The demo data generator: what the demo data files cannot say as records.

The demo files call these methods (``<function model="desktomy.demo" ...>``)
to replay the demo history through the real actions and entry points and to
set up the demo company's accounting and invoicing.
"""

import base64
import io
import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from PIL import Image, ImageDraw

from odoo import Command, api, fields, models
from odoo.tools import SQL

from ..models.desktomy_mail import WAITING_STATES

#: Demo pickups of the last days are signed on the tablet (with a receipt);
#: older ones were confirmed on paper, before the office had a tablet.
DEMO_DIGITAL_DAYS = 45


def demo_signature(seed):
    """A drawn stroke on a transparent pad, different for every ``seed``."""
    rng = random.Random(seed)
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    points = [(30 + x * 27, 100 + rng.randint(-55, 55)) for x in range(20)]
    ImageDraw.Draw(image).line(points, fill=(0, 0, 139, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


class DesktomyDemo(models.AbstractModel):
    _name = "desktomy.demo"
    _description = "Demo Data Generator"

    # ------------------------------------------------------------------
    # Mail: history, standing instructions, requests
    # ------------------------------------------------------------------

    @api.model
    def _mail_history(self, rows):
        """Demo data only: replay the history of demo items through their actions.

        ``rows``: ``(item id, final state, collector name, days ago, minutes
        after 7:00)``. Collected items are handed over by the demo
        receptionist through ``desktomy.mail.handover.action_confirm`` (one
        handover per collector and week, signed with a receipt, for the last
        weeks; one per collector and year, on paper, before), the others go
        through ``action_mark_*``. The dates of what the actions recorded are
        then moved back to when the demo says it happened (in SQL: nothing
        else may backdate a handover).
        """
        # the desk's receptionist hands over (the receipts name her, in Polish)
        desk = self.env.ref(
            "desktomy_virtual_office.user_receptionist_demo", raise_if_not_found=False
        )
        if desk:
            self = self.with_user(desk)  # noqa: PLW0642
        Mail = self.env["desktomy.mail"]
        today = datetime.combine(fields.Date.today(), time(7, 0))
        Handover = self.env["desktomy.mail.handover"]
        pickups = defaultdict(list)
        closed = defaultdict(list)
        for item_id, state, collector, days, minutes in rows:
            moment = today - timedelta(days=days) + timedelta(minutes=minutes)
            if state == "collected":
                day = (today - timedelta(days=days)).date()
                if days <= DEMO_DIGITAL_DAYS:
                    # recent pickups: one per collector and week
                    period = ("week", *day.isocalendar()[:2])
                else:
                    # the paper era: one (paper) record per collector and year
                    period = ("year", day.year)
                pickups[(collector, period)].append((item_id, moment, days))
            else:
                closed[state].append((item_id, moment))
        # the demo's clients get no e-mailed receipt copies (one PDF each)
        company = self.env.company.sudo()
        email_copies = company.desktomy_receipt_email_clients
        company.desktomy_receipt_email_clients = False
        persons = {
            person.name: person
            for person in self.env["res.partner"].search(
                [("desktomy_represented_client_ids", "!=", False)]
            )
        }
        for index, ((collector, _week), entries) in enumerate(sorted(pickups.items())):
            items = Mail.browse([entry[0] for entry in entries]).exists()
            items = items.filtered(lambda item: item.state in ("received", "notified"))
            if not items:
                continue
            moment = max(entry[1] for entry in entries)
            digital = min(entry[2] for entry in entries) <= DEMO_DIGITAL_DAYS
            person = persons.get(collector, self.env["res.partner"])
            authorised = person and not (
                items.partner_id - person.desktomy_represented_client_ids
            )
            handover = Handover.create(
                {
                    "collector_partner_id": person.id,
                    "collector_name": collector,
                    "collector_id_number": False
                    if authorised
                    else f"AYD{100000 + index * 7919 % 900000}",
                    "digital_confirmation": digital,
                    "signature": demo_signature(index) if digital else False,
                    "mail_ids": [Command.set(items.ids)],
                }
            )
            handover.with_context(desktomy_demo=True).action_confirm()
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE desktomy_mail_handover
                       SET handover_datetime = %(moment)s, create_date = %(moment)s
                     WHERE id = %(handover)s;
                    UPDATE desktomy_mail SET collected_datetime = %(moment)s
                     WHERE handover_id = %(handover)s;
                    """,
                    moment=moment,
                    handover=handover.id,
                )
            )
        for state, entries in closed.items():
            items = Mail.browse([entry[0] for entry in entries]).exists()
            if state == "forwarded":
                for item in items:
                    item.action_mark_forwarded(
                        address=item.partner_id._display_address().strip() or "-",
                        carrier="Poczta Polska",
                        tracking_number=f"RR{100000000 + item.id:09d}PL",
                        postage=12.5,
                    )
            elif state == "returned":
                items.action_mark_returned()
            elif state == "shredded":
                items.action_mark_shredded()
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE desktomy_mail m
                       SET disposition_datetime = d.moment
                      FROM unnest(%(ids)s::int4[], %(moments)s::timestamp[])
                           AS d(id, moment)
                     WHERE m.id = d.id
                    """,
                    ids=[entry[0] for entry in entries],
                    moments=[entry[1] for entry in entries],
                )
            )
        company.desktomy_receipt_email_clients = email_copies
        self.env.invalidate_all()

    def _as_demo_user(self, xmlid):
        """``self`` as the demo user ``xmlid`` (of this module), if present."""
        user = self.env.ref(
            f"desktomy_virtual_office.{xmlid}", raise_if_not_found=False
        )
        return self.with_user(user) if user else self

    @api.model
    def _instructions(self, instructions, intake, preferences):
        """Demo data only: standing instructions, a registration they apply to,
        and notification preferences, as the desk sets them.

        ``instructions``: ``(client id, item kind, action)``, set by the demo
        receptionist (``desktomy.standing.instruction._desktomy_set``);
        ``intake``: values of items registered by her after that (``hours``:
        received that many hours ago), which get their requests from the
        instructions as any registration does; ``preferences``: ``(person id,
        client id, mode)`` (``_desktomy_set_mode``).

        The demo items were all created when the demo was loaded; the daily
        digest lists the items by when they were registered, so their
        registration is moved back to when they were received (in SQL, as the
        demo history does for its dates) before the preferences are set.
        """
        desk = self._as_demo_user("user_receptionist_demo")
        company = desk.env.company
        Partner = self.env["res.partner"]
        for client_id, item_kind, action in instructions:
            desk.env["desktomy.standing.instruction"]._desktomy_set(
                Partner.browse(client_id), company, item_kind, action
            )
        now = fields.Datetime.now()
        registered = desk.env["desktomy.mail"].create(
            [
                dict(
                    {key: value for key, value in vals.items() if key != "hours"},
                    received_datetime=now - timedelta(hours=vals.get("hours", 0)),
                )
                for vals in intake
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE desktomy_mail SET create_date = received_datetime
                 WHERE received_datetime < create_date
                   AND (id = ANY(%s) OR id IN (
                        SELECT res_id FROM ir_model_data
                         WHERE module = 'desktomy_virtual_office'
                           AND model = 'desktomy.mail'))
                """,
                registered.ids,
            )
        )
        self.env.invalidate_all()
        Preference = desk.env["desktomy.notification.preference"]
        for person_id, client_id, mode in preferences:
            Preference._desktomy_set_mode(
                Partner.browse(person_id), Partner.browse(client_id), mode
            )

    @api.model
    def _requests(self, rows):
        """Demo data only: clients' requests made through the real API
        (``desktomy.mail.request._desktomy_submit``), some then worked by the
        demo receptionist through the items' own actions.

        ``rows``: dicts with ``item`` (id), ``kind``, ``person`` (the
        representative who asked, id or False), ``origin`` (``portal`` or
        ``desk``), ``values`` (``forward_address``...), ``hours`` (asked that
        many hours ago: the request's date and its chatter are moved back in
        SQL, as the demo history does) and the ``outcome``: None (pending),
        ``forwarded`` (``action_mark_forwarded`` with the request's address
        and carrier, ``tracking`` and ``postage``) or ``refused`` (``reason``).
        """
        desk = self._as_demo_user("user_receptionist_demo")
        Request = desk.env["desktomy.mail.request"]
        now = fields.Datetime.now()
        Outgoing = self.env["mail.mail"].sudo()
        last_mail = Outgoing.search([], order="id desc", limit=1).id or 0
        for row in rows:
            item = self.env["desktomy.mail"].browse(row["item"]).exists()
            if (
                not item
                or item.state not in WAITING_STATES
                or item._desktomy_pending_requests()
            ):
                continue
            person = self.env["res.partner"].browse(row.get("person") or [])
            request = Request._desktomy_submit(
                item.partner_id,
                row["kind"],
                item,
                row.get("values"),
                person=person or None,
                origin=row.get("origin", "portal"),
            )
            requested = min(
                max(
                    now - timedelta(hours=row.get("hours", 0)),
                    item.received_datetime + timedelta(minutes=30),
                ),
                now,
            )
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE desktomy_mail_request SET requested_datetime = %(moment)s
                     WHERE id = %(request)s;
                    UPDATE mail_message SET date = %(moment)s
                     WHERE model = 'desktomy.mail.request' AND res_id = %(request)s
                    """,
                    moment=requested,
                    request=request.id,
                )
            )
            self.env.invalidate_all()
            outcome = row.get("outcome")
            if outcome == "forwarded":
                item.with_env(desk.env).action_mark_forwarded(
                    address=request.forward_address,
                    carrier=request.forward_carrier,
                    tracking_number=row.get("tracking"),
                    postage=row.get("postage"),
                )
            elif outcome == "refused":
                request.action_refuse(row["reason"])
        # The e-mails telling the clients were sent when the demo says it
        # happened: none is left in the outgoing queue (the requests' chatter
        # says the client was told).
        Outgoing.search([("id", ">", last_mail)]).unlink()

    # ------------------------------------------------------------------
    # Packages and usage
    # ------------------------------------------------------------------

    @api.model
    def _packages_and_usage(self, package_ids):
        """Put demo clients on packages and derive twelve months of usage.

        Runs from the demo data, after the other demo files: assigns the given
        packages in turn to the clients found (the first one changes package in
        the middle of a month, six months ago), charges the services that the
        demo items went through on the items' own dates, and fills the months
        before the first demo item with usage imported "from the previous
        system", in the same proportions.
        """
        packages = self.env["desktomy.package"].browse(package_ids).exists()
        clients = self.env["res.partner"].search(
            [("desktomy_is_client", "=", True)], order="id", limit=12
        )
        if not packages or not clients:
            return
        today = fields.Date.context_today(self)
        start = today.replace(day=1) - relativedelta(months=11)
        Usage = self.env["desktomy.service.usage"]
        Assignment = self.env["desktomy.package.assignment"]
        assignment_vals = []
        for index, client in enumerate(clients):
            if client.desktomy_package_assignment_ids:
                continue
            assignment_vals.append(
                {
                    "partner_id": client.id,
                    "package_id": packages[index % len(packages)].id,
                    "date_from": start,
                }
            )
            if index == 0 and len(packages) > 1:
                assignment_vals.append(
                    {
                        "partner_id": client.id,
                        "package_id": packages[1].id,
                        "date_from": start + relativedelta(months=6, day=15),
                        "note": self.env._("Upgrade in the middle of the month"),
                    }
                )
        Assignment.create(assignment_vals)

        # Usage of the demo items, dated when it happened.
        items = self.env["desktomy.mail"].search([("partner_id", "in", clients.ids)])
        Usage.search([("mail_id", "in", items.ids), ("origin", "=", "auto")]).unlink()
        received = {item.id: item.received_datetime.date() for item in items}
        later = {
            item_id: day + relativedelta(days=2) for item_id, day in received.items()
        }
        items.filtered(
            lambda item: any(scan.file_size for scan in item.scan_ids)
        )._desktomy_record_usage("scan", dates=received)
        notified = items.filtered(
            lambda item: item.notified_datetime or item.state != "received"
        )
        notified._desktomy_record_usage(
            "notification",
            dates={
                item.id: (item.notified_datetime and item.notified_datetime.date())
                or received[item.id]
                for item in notified
            },
        )
        collected = items.filtered(lambda item: item.state == "collected")
        collected._desktomy_record_usage(
            "handover",
            dates={
                item.id: (item.collected_datetime and item.collected_datetime.date())
                or later[item.id]
                for item in collected
            },
        )
        for state, kind in (
            ("forwarded", "forwarding"),
            ("returned", "return"),
            ("shredded", "shredding"),
        ):
            items.filtered(
                lambda item, s=state: item.state == s
            )._desktomy_record_usage(kind, dates=later)

        # Months before the first demo item: usage imported from the previous
        # system, a client's monthly average of each service (or a default).
        services = self.env["product.product"]._desktomy_get_services(
            ["scan", "notification", "handover", "forwarding", "other"]
        )
        defaults = {"scan": 12, "notification": 14, "handover": 4, "forwarding": 1}
        first_item_day = min(received.values(), default=today + relativedelta(days=1))
        item_months = max(
            (today.year - first_item_day.year) * 12
            + today.month
            - first_item_day.month
            + 1,
            1,
        )
        averages = {}
        for partner, service, count in Usage._read_group(
            [("partner_id", "in", clients.ids), ("origin", "=", "auto")],
            groupby=["partner_id", "service_id"],
            aggregates=["quantity:sum"],
        ):
            averages[partner.id, service.id] = count / item_months
        vals_list = []
        month = start
        index = 0
        while month < first_item_day.replace(day=1) and month <= today:
            for position, client in enumerate(clients):
                for kind, default in defaults.items():
                    service = services.get(kind)
                    if not service:
                        continue
                    base = averages.get((client.id, service.id)) or default
                    # Deterministic variation from month to month and client to client.
                    quantity = round(
                        base * (0.6 + ((index * 7 + position * 3) % 9) / 10)
                    )
                    if quantity:
                        vals_list.append(
                            {
                                "partner_id": client.id,
                                "service_id": service.id,
                                "date": month + relativedelta(days=14),
                                "name": self.env._("Imported from the previous system"),
                                "quantity": quantity,
                                "unit_price": service.lst_price,
                                "company_id": client.company_id.id
                                or self.env.company.id,
                            }
                        )
            month += relativedelta(months=1)
            index += 1
        if services.get("other"):
            for client in clients[:3]:
                vals_list.append(
                    {
                        "partner_id": client.id,
                        "service_id": services["other"].id,
                        "date": today.replace(day=1),
                        "name": self.env._("Courier pickup on request"),
                        "quantity": 1,
                        "unit_price": 25.0,
                        "company_id": client.company_id.id or self.env.company.id,
                    }
                )
        Usage.create(vals_list)

    # ------------------------------------------------------------------
    # Accounting and invoicing of the demo company
    # ------------------------------------------------------------------

    @api.model
    def _reset_accounting(self, company_ids):
        """Remove the demo journal entries of Odoo Accounting (posted in the
        company's first currency), so that the demo can bill in PLN.

        ``company_ids``: the companies (their entries and their branches').
        """
        moves = (
            self.env["account.move"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "child_of", company_ids)])
        )
        moves.filtered(lambda move: move.state == "posted").button_draft()
        moves.with_context(force_delete=True).unlink()

    @api.model
    def _setup_invoicing(self, company_ids):
        """Polish VAT 23 % (sales) on the virtual-office products, with the
        income account of the chart, for the demo company; its client
        companies read their invoices in Polish.

        ``company_ids``: the companies to set up.
        """
        if self.env["res.lang"]._lang_get("pl_PL"):
            self.env["res.partner"].sudo().search(
                [("desktomy_is_client", "=", True), ("lang", "!=", "pl_PL")]
            ).lang = "pl_PL"
        Tax = self.env["account.tax"].sudo()
        products = (
            self.env["product.product"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("desktomy_service_kind", "!=", False),
                    (
                        "id",
                        "=",
                        self.env.ref(
                            "desktomy_virtual_office.product_desktomy_package_fee"
                        ).id,
                    ),
                ]
            )
        )
        for company in self.env["res.company"].sudo().browse(company_ids):
            tax = Tax.search(
                [
                    ("company_id", "=", company.id),
                    ("type_tax_use", "=", "sale"),
                    ("amount_type", "=", "percent"),
                    ("amount", "=", 23.0),
                    ("price_include", "=", False),
                ],
                limit=1,
            )
            if not tax:
                if company.country_id:
                    # (the demo office is Polish: its taxes are)
                    company.account_fiscal_country_id = company.country_id
                group = (
                    self.env["account.tax.group"]
                    .sudo()
                    .create(
                        {
                            "name": "VAT 23%",
                            "company_id": company.id,
                            "country_id": company.account_fiscal_country_id.id,
                        }
                    )
                )
                tax = Tax.create(
                    {
                        "tax_group_id": group.id,
                        "name": "VAT 23%",
                        "description": "23%",
                        "invoice_label": "VAT 23%",
                        "type_tax_use": "sale",
                        "amount_type": "percent",
                        "amount": 23.0,
                        "company_id": company.id,
                        "country_id": company.account_fiscal_country_id.id,
                    }
                )
            company.account_sale_tax_id = tax
            income = (
                self.env["account.account"]
                .sudo()
                .search(
                    [
                        ("company_ids", "in", company.ids),
                        ("account_type", "=", "income"),
                    ],
                    limit=1,
                )
            )
            products_company = products.with_company(company)
            products_company.write(
                {
                    "taxes_id": [Command.link(tax.id)]
                    + [
                        Command.unlink(other.id)
                        for other in products_company.taxes_id
                        if other.company_id == company and other != tax
                    ],
                    "property_account_income_id": income.id,
                }
            )
