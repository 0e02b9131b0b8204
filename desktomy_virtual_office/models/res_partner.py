# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_normalize, email_split, format_amount

from ..tools.client_data import client_records, erase, export_zip
from .desktomy_mail import WAITING_STATES

#: Contract data of a client: only Virtual Office administrators change them.
CONTRACT_FIELDS = {
    "desktomy_contract_state",
    "desktomy_contract_start",
    "desktomy_contract_end",
}


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "desktomy.domain.guard"]

    desktomy_is_client = fields.Boolean(
        string="Virtual Office Client",
        index=True,
        copy=False,
        help="The company has its registered address at the virtual office and "
        "its mail is received here.",
    )

    desktomy_overdue_amount = fields.Monetary(
        string="Overdue Invoices",
        compute="_compute_desktomy_overdue_amount",
        currency_field="desktomy_overdue_currency_id",
        groups="desktomy_virtual_office.group_desktomy_user",
        help="What the client owes on its posted invoices past their due date "
        "in the current office (company), less its open credit notes.",
    )
    desktomy_overdue_currency_id = fields.Many2one(
        comodel_name="res.currency",
        compute="_compute_desktomy_overdue_amount",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    desktomy_client_number = fields.Char(
        string="Client Number",
        copy=False,
        index="btree_not_null",
        help="Assigned automatically when the company becomes a client.",
    )

    desktomy_contract_state = fields.Selection(
        selection=[("active", "Active"), ("ended", "Ended")],
        string="Contract",
        default="active",
        tracking=True,
        groups="desktomy_virtual_office.group_desktomy_user",
        help="Receptionists see whether the contract is active; only "
        "administrators change the contract data.",
    )

    desktomy_contract_start = fields.Date(
        string="Contract Start",
        groups="desktomy_virtual_office.group_desktomy_manager",
    )

    desktomy_contract_end = fields.Date(
        string="Contract End",
        groups="desktomy_virtual_office.group_desktomy_manager",
    )

    desktomy_notification_email = fields.Char(
        string="Notification E-mails",
        help="Addresses that receive the mail notifications, separated by commas. "
        "When empty, the company's own e-mail address is used.",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    desktomy_authorized_person_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="desktomy_client_person_rel",
        column1="client_id",
        column2="person_id",
        string="Authorised Persons",
        domain=[("is_company", "=", False)],
        help="People who may collect this company's mail.",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    desktomy_represented_client_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="desktomy_client_person_rel",
        column1="person_id",
        column2="client_id",
        string="Represented Clients",
        domain=[("desktomy_is_client", "=", True)],
        help="Client companies this person may collect mail for and act for.",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    desktomy_mail_ids = fields.One2many(
        comodel_name="desktomy.mail",
        inverse_name="partner_id",
        string="Correspondence",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    desktomy_mail_count = fields.Integer(
        string="Items",
        compute="_compute_desktomy_mail_count",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    desktomy_waiting_mail_count = fields.Integer(
        string="Waiting Items",
        compute="_compute_desktomy_mail_count",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    desktomy_package_assignment_ids = fields.One2many(
        comodel_name="desktomy.package.assignment",
        inverse_name="partner_id",
        string="Package History",
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    desktomy_package_id = fields.Many2one(
        comodel_name="desktomy.package",
        string="Current Package",
        compute="_compute_desktomy_package_id",
        help="The package in force today, from the client's package history.",
        groups="desktomy_virtual_office.group_desktomy_user",
    )
    desktomy_notification_preference_ids = fields.One2many(
        comodel_name="desktomy.notification.preference",
        inverse_name="client_id",
        string="Notification Preferences",
        groups="desktomy_virtual_office.group_desktomy_user",
        help="How each authorised person hears of the new mail of this client; "
        "a person not listed gets no e-mail of their own (only the office's "
        "notification to the client's notification address).",
    )
    desktomy_standing_instruction_ids = fields.One2many(
        comodel_name="desktomy.standing.instruction",
        inverse_name="partner_id",
        string="Standing Instructions",
        groups="desktomy_virtual_office.group_desktomy_user",
        help="What the office does with this client's new items of a kind, as "
        "soon as they are registered.",
    )
    desktomy_pending_request_count = fields.Integer(
        string="Pending Requests",
        compute="_compute_desktomy_pending_request_count",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    @api.depends("desktomy_mail_ids.state")
    def _compute_desktomy_mail_count(self):
        Mail = self.env["desktomy.mail"]
        totals = dict.fromkeys(self.ids, 0)
        waiting = dict.fromkeys(self.ids, 0)
        if self.ids and Mail.has_access("read"):
            for partner, state, count in Mail._read_group(
                [("partner_id", "in", self.ids)],
                groupby=["partner_id", "state"],
                aggregates=["__count"],
            ):
                totals[partner.id] += count
                if state in WAITING_STATES:
                    waiting[partner.id] += count
        for partner in self:
            partner.desktomy_mail_count = totals.get(partner.id, 0)
            partner.desktomy_waiting_mail_count = waiting.get(partner.id, 0)

    @api.depends(
        "desktomy_package_assignment_ids.date_from",
        "desktomy_package_assignment_ids.package_id",
    )
    @api.depends_context("tz")
    def _compute_desktomy_package_id(self):
        packages = self.env["desktomy.package.assignment"]._get_packages_at(
            self, fields.Date.context_today(self)
        )
        for partner in self:
            partner.desktomy_package_id = packages.get(
                partner.id, self.env["desktomy.package"]
            )

    def _compute_desktomy_pending_request_count(self):
        Request = self.env["desktomy.mail.request"]
        counts = {}
        if self.ids and Request.has_access("read"):
            counts = dict(
                Request._read_group(
                    [("partner_id", "in", self.ids), ("state", "=", "pending")],
                    groupby=["partner_id"],
                    aggregates=["__count"],
                )
            )
            counts = {partner.id: count for partner, count in counts.items()}
        for partner in self:
            partner.desktomy_pending_request_count = counts.get(partner.id, 0)

    @api.constrains("desktomy_client_number", "company_id")
    def _check_desktomy_client_number(self):
        for partner in self.filtered("desktomy_client_number"):
            duplicate = (
                self.sudo()
                .with_context(active_test=False)
                .search_count(
                    [
                        ("id", "!=", partner.id),
                        ("desktomy_client_number", "=", partner.desktomy_client_number),
                        ("company_id", "in", [partner.company_id.id, False]),
                    ],
                    limit=1,
                )
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "Client number %(number)s is already used by another client.",
                        number=partner.desktomy_client_number,
                    )
                )

    def _desktomy_check_contract_access(self, vals):
        """Only Virtual Office administrators change the clients' contract data."""
        if (
            CONTRACT_FIELDS & set(vals)
            and not self.env.su
            and not self.env.user.has_group(
                "desktomy_virtual_office.group_desktomy_manager"
            )
        ):
            raise AccessError(
                self.env._(
                    "Only Virtual Office administrators can change the contract "
                    "data of a client."
                )
            )

    @api.constrains("desktomy_notification_email")
    def _check_desktomy_notification_email(self):
        for partner in self.filtered("desktomy_notification_email"):
            invalid = [
                address.strip()
                for address in partner.desktomy_notification_email.split(",")
                if address.strip() and not email_normalize(address)
            ]
            if invalid:
                raise ValidationError(
                    self.env._(
                        "Invalid notification e-mail address: %(emails)s. Separate "
                        "several addresses with commas.",
                        emails=", ".join(invalid),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # the default "active" contract is no contract data entered by hand
            self._desktomy_check_contract_access(
                {
                    key: value
                    for key, value in vals.items()
                    if key in CONTRACT_FIELDS
                    and value
                    and (key, value) != ("desktomy_contract_state", "active")
                }
            )
            if vals.get("desktomy_is_client") and not vals.get(
                "desktomy_client_number"
            ):
                vals["desktomy_client_number"] = self._desktomy_next_client_number()
        return super().create(vals_list)

    def write(self, vals):
        if "company_id" in vals:
            self._desktomy_check_company_change(vals["company_id"])
        self._desktomy_check_contract_access(vals)
        if vals.get("desktomy_is_client") and not vals.get("desktomy_client_number"):
            for partner in self.filtered(lambda p: not p.desktomy_client_number):
                super(ResPartner, partner).write(
                    {"desktomy_client_number": self._desktomy_next_client_number()}
                )
        return super().write(vals)

    def _desktomy_check_company_change(self, company_id):
        """A client billed in a closed month of an office stays visible to
        that office: it cannot move to another company."""
        clients = self.filtered(
            lambda partner: partner.company_id.id != (company_id or False)
        )
        if not clients:
            return
        # (a client without a company stays visible to every office)
        companies = (
            self.env["res.company"]
            .sudo()
            .search(
                [
                    ("desktomy_billing_lock_date", "!=", False),
                    ("id", "!=", company_id or 0),
                ]
            )
            if company_id
            else []
        )
        Usage = self.env["desktomy.service.usage"].sudo()
        Assignment = self.env["desktomy.package.assignment"].sudo()
        for company in companies:
            lock_date = company.desktomy_billing_lock_date
            for Model, date_field in ((Usage, "date"), (Assignment, "date_from")):
                billed = Model.search_fetch(
                    [
                        ("partner_id", "in", clients.ids),
                        ("company_id", "=", company.id),
                        (date_field, "<=", lock_date),
                    ],
                    ["partner_id"],
                    limit=1,
                )
                if billed:
                    company._desktomy_raise_billing_closed(
                        lock_date,
                        self.env._(
                            "%(client)s was billed in it, so the company of the "
                            "client cannot change.",
                            client=billed.partner_id.display_name,
                        ),
                    )

    def _desktomy_next_client_number(self):
        return self.env["ir.sequence"].sudo().next_by_code("desktomy.client") or False

    def _desktomy_notification_emails(self):
        """Return the list of addresses that receive this client's notifications."""
        self.ensure_one()
        return email_split(self.desktomy_notification_email or self.email or "")

    def action_desktomy_view_mail(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "desktomy_virtual_office.desktomy_mail_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "search_default_filter_waiting": 1,
        }
        return action

    def _desktomy_forward_address_text(self):
        """The address mail is forwarded to, as a request records it: the
        contact's name, then its postal address, one line each; nothing when
        it has no postal address (a request then refuses it)."""
        self.ensure_one()
        postal = (self._display_address(without_company=True) or "").strip()
        if not postal:
            return ""
        name = self.name or self.commercial_partner_id.name or ""
        lines = [name, *postal.splitlines()]
        return "\n".join(line.strip() for line in lines if line.strip())

    def action_desktomy_view_usage(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "desktomy_virtual_office.desktomy_service_usage_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_desktomy_view_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "desktomy_virtual_office.desktomy_mail_request_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "search_default_filter_pending": 1,
        }
        return action

    # ------------------------------------------------------------------
    # A client's data: export (GDPR art. 15/20) and erasure (art. 17)
    # ------------------------------------------------------------------

    def _desktomy_check_gdpr(self):
        """Only an office administrator exports or erases a client's data,
        and only a client of the offices they work for (every office that
        holds the client's mail); the superuser (the client panel, which
        checked the person first) may."""
        self.ensure_one()
        env = self.env
        if env.su:
            return
        if not env.user.has_group("desktomy_virtual_office.group_desktomy_manager"):
            raise AccessError(
                env._(
                    "Only the office administrator may export or erase a client's data."
                )
            )
        self.check_access("read")
        client = self.sudo()
        items = env["desktomy.mail"].sudo().search([("partner_id", "=", client.id)])
        if (client.company_id | items.company_id) - env.user.company_ids:
            raise AccessError(
                env._(
                    "%(client)s is a client of another office: its data can only "
                    "be exported or erased there.",
                    client=client.display_name,
                )
            )

    def _desktomy_export_zip(self):
        """The ZIP (bytes) of the client's items, notifications, requests,
        handovers with their receipts, usage lines and the scans still kept,
        as JSON and CSV; logged in the client's chatter."""
        self._desktomy_check_gdpr()
        client = self.sudo()
        content = export_zip(client)
        client._message_log(
            body=self.env._(
                "Data export (GDPR) downloaded by %(user)s.",
                user=self.env.user.display_name,
            ),
            author_id=self.env.user.partner_id.id,
        )
        return content

    def _desktomy_erase_refusal(self):
        """Why the client's data cannot be erased now, or ``None``."""
        self.ensure_one()
        env = self.env
        client = self.sudo()
        waiting = client_records(client)["items"].filtered(
            lambda item: item.state in WAITING_STATES
        )
        if waiting:
            return env._(
                "%(client)s still has %(count)s item(s) waiting at the desk: hand "
                "them over, forward, return or shred them before erasing the "
                "client's data. Nothing was erased.",
                client=client.display_name,
                count=len(waiting),
            )
        unpaid = (
            env["account.move"]
            .sudo()
            .search_count(
                [
                    ("commercial_partner_id", "=", client.commercial_partner_id.id),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_receipt")),
                    ("amount_residual", ">", 0),
                ]
            )
        )
        if unpaid:
            return env._(
                "%(client)s has %(count)s unpaid invoice(s): the data can be "
                "erased once they are paid. Nothing was erased.",
                client=client.display_name,
                count=unpaid,
            )
        return None

    def _desktomy_erase(self):
        """Erase the client's personal data on request; keep what the law
        keeps (invoices, usage lines, handovers anonymised with their
        receipts' SHA-256; the office's receipt PDFs, which show the
        signature, are removed).
        Returns the counts of what was removed."""
        self._desktomy_check_gdpr()
        refusal = self._desktomy_erase_refusal()
        if refusal:
            raise UserError(refusal)
        client = self.sudo()
        counts = erase(client)
        client._message_log(
            body=self.env._(
                "Data erased on request (GDPR) by %(user)s: %(scans)s scan(s), "
                "%(messages)s message body(ies), identity numbers and signatures "
                "of %(handovers)s handover(s), %(persons)s authorised person(s). "
                "Invoices, usage lines and handover records are kept.",
                user=self.env.user.display_name,
                **counts,
            ),
            author_id=self.env.user.partner_id.id,
        )
        return counts

    def action_desktomy_export_data(self):
        self._desktomy_check_gdpr()
        return {
            "type": "ir.actions.act_url",
            "url": f"/desktomy/client/{self.id}/export",
            "target": "download",
        }

    def action_desktomy_erase_data(self):
        self._desktomy_check_gdpr()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Erase the Client's Data"),
            "res_model": "desktomy.client.erase.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    # ------------------------------------------------------------------
    # Unpaid invoices at the desk
    # ------------------------------------------------------------------

    @api.depends_context("company")
    def _compute_desktomy_overdue_amount(self):
        company = self.env.company
        overdue = self._desktomy_overdue(company)
        for partner in self:
            partner.desktomy_overdue_currency_id = company.currency_id
            info = overdue.get(partner.commercial_partner_id.id)
            partner.desktomy_overdue_amount = info["amount"] if info else 0.0

    def _desktomy_overdue(self, company):
        """The overdue amounts of the clients ``self`` in ``company``, in one query.

        Overdue: the posted customer invoices of ``company`` past their due
        date (Odoo's today) and not paid (a residual, not paid, in payment or
        reversed), less the client's open credit notes (money the office
        owes back offsets what the client owes), in the company's currency.
        Read as superuser: the desk sees the amount, not the invoices.

        :return: ``{commercial partner id: {"amount", "oldest_due", "days"}}``
            for the clients with a positive overdue amount
        """
        partners = self.commercial_partner_id
        if not partners or not company:
            return {}
        today = fields.Date.context_today(self)
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("commercial_partner_id", "in", partners.ids),
                    ("state", "=", "posted"),
                    ("payment_state", "not in", ("paid", "in_payment", "reversed")),
                    "|",
                    "&",
                    "&",
                    ("move_type", "=", "out_invoice"),
                    ("invoice_date_due", "<", today),
                    ("amount_residual_signed", ">", 0),
                    "&",
                    ("move_type", "=", "out_refund"),
                    ("amount_residual_signed", "<", 0),
                ],
                ["commercial_partner_id", "move_type"],
                ["amount_residual_signed:sum", "invoice_date_due:min"],
            )
        )
        totals = {}
        for partner, move_type, amount, oldest in groups:
            info = totals.setdefault(partner.id, {"amount": 0.0, "oldest_due": None})
            info["amount"] += amount
            if move_type == "out_invoice":
                info["oldest_due"] = oldest
        currency = company.currency_id
        result = {}
        for partner_id, info in totals.items():
            amount = currency.round(info["amount"])
            if info["oldest_due"] and currency.compare_amounts(amount, 0.0) > 0:
                result[partner_id] = {
                    "amount": amount,
                    "oldest_due": info["oldest_due"],
                    "days": (today - info["oldest_due"]).days,
                }
        return result

    def _desktomy_held(self, company):
        """The clients of ``self`` whose mail ``company`` holds: overdue more
        than the company's ``desktomy_hold_overdue_days`` (0: no hold).

        :return: ``{partner: overdue amount}``
        """
        days = company.sudo().desktomy_hold_overdue_days
        if days <= 0:
            return {}
        overdue = self._desktomy_overdue(company)
        held = {}
        for partner in self:
            info = overdue.get(partner.commercial_partner_id.id)
            if info and info["days"] > days:
                held[partner] = info["amount"]
        return held

    def _desktomy_overdue_text(self, amounts, company):
        """``"Alfa (123.00 zł), Beta (7.00 zł)"`` for ``{partner: amount}``."""
        currency = company.currency_id
        return ", ".join(
            f"{partner.display_name} ({format_amount(self.env, amount, currency)})"
            for partner, amount in amounts.items()
        )

    desktomy_postal_power_of_attorney_until = fields.Date(
        string="Postal Power of Attorney Until",
        groups="desktomy_virtual_office.group_desktomy_user",
        help="Until this date the desk may collect the client's registered "
        "letters at the post office (postal notices say so).",
    )

    desktomy_reminder_opt_out = fields.Boolean(
        string="No Reminders of Uncollected Mail",
        groups="desktomy_virtual_office.group_desktomy_user",
        help="The office's reminder rules never e-mail this client about its "
        "uncollected mail.",
    )
    desktomy_reminder_count = fields.Integer(
        string="Reminders",
        compute="_compute_desktomy_reminder_count",
        groups="desktomy_virtual_office.group_desktomy_user",
    )

    def _compute_desktomy_reminder_count(self):
        counts = dict(
            self.env["desktomy.mail.reminder"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.desktomy_reminder_count = counts.get(partner._origin, 0)

    def action_desktomy_view_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "desktomy_virtual_office.desktomy_mail_reminder_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        return action
