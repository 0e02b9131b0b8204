# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Clients' requests on their waiting mail: scan, forward, shred, hold for pickup.

A request is fulfilled by the item's own lifecycle action (a scan attached,
``action_mark_forwarded``, ``action_mark_shredded``, a handover) or, for a
pickup, by "Ready for pickup"; it closes by itself when that action happens, so
the service is charged once, by the usage line the action already records.
"""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import SQL, float_round

from ..tools.action_token import ActionToken
from ..tools.mail_queue import trigger_mail_queue
from .desktomy_billing_rule import month_bounds
from .desktomy_mail import WAITING_STATES

REQUEST_KINDS = [
    ("scan", "Scan request"),
    ("forward", "Forwarding request"),
    ("shred", "Shredding request"),
    ("pickup", "Hold for pickup"),
]
REQUEST_STATES = [
    ("pending", "Pending"),
    ("done", "Done"),
    ("refused", "Refused"),
    ("cancelled", "Cancelled"),
]
#: Item states in which a request of each kind may be made (and stay pending).
REQUEST_ALLOWED_STATES = {
    "scan": WAITING_STATES,
    "forward": WAITING_STATES,
    "shred": WAITING_STATES,
    "pickup": WAITING_STATES,
}
#: The service (``desktomy_service_kind``) that fulfilling a request charges.
REQUEST_SERVICE_KINDS = {
    "scan": "scan",
    "forward": "forwarding",
    "shred": "shredding",
    "pickup": "handover",
}
#: The item state that fulfils a request of each kind (scan: a scan attached).
REQUEST_DONE_STATES = {
    "forward": "forwarded",
    "shred": "shredded",
    "pickup": "collected",
}
#: The carriers a client may choose in the client panel (brand names, stored
#: as they are in ``forward_carrier``).
FORWARD_CARRIERS = ["Poczta Polska", "InPost", "DPD", "DHL"]
#: Values a caller of ``_desktomy_submit`` may pass.
SUBMIT_VALUES = frozenset(
    {"forward_address", "forward_carrier", "note", "pickup_date", "instruction_id"}
)
#: Fields written only by the request's actions (done, refused, cancelled).
REQUEST_STATE_FIELDS = frozenset(
    {
        "state",
        "done_datetime",
        "done_user_id",
        "refuse_reason",
        "cancelled_datetime",
    }
)
#: Who asked, when and from where: set when the request is made, then kept.
REQUEST_ORIGIN_FIELDS = frozenset({"origin", "requested_by_id", "requested_datetime"})
REQUEST_KEY = "desktomy_request_action"


#: Lets the request's actions write its state (see ``tools/action_token.py``).
REQUEST_TOKEN = ActionToken(REQUEST_KEY, "desktomy request action")


class DesktomyMailRequest(models.Model):
    _name = "desktomy.mail.request"
    _description = "Client Request on Mail"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "requested_datetime desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
        domain=[("desktomy_is_client", "=", True)],
    )
    mail_ids = fields.Many2many(
        comodel_name="desktomy.mail",
        relation="desktomy_mail_request_item_rel",
        column1="request_id",
        column2="mail_id",
        string="Items",
        required=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id), "
        "('state', 'in', ('received', 'notified'))]",
    )
    item_count = fields.Integer(string="Number of Items", compute="_compute_item_count")
    kind = fields.Selection(
        selection=REQUEST_KINDS,
        string="Request",
        required=True,
        default="scan",
        index=True,
        tracking=True,
    )
    state = fields.Selection(
        selection=REQUEST_STATES,
        string="Status",
        required=True,
        default="pending",
        readonly=True,
        index=True,
        copy=False,
        tracking=True,
    )
    origin = fields.Selection(
        selection=[
            ("portal", "Client panel"),
            ("desk", "Desk"),
            ("instruction", "Standing instruction"),
        ],
        required=True,
        default="desk",
        readonly=True,
    )
    requested_by_id = fields.Many2one(
        comodel_name="res.partner",
        readonly=True,
        ondelete="set null",
        help="The client's representative who asked (empty for a standing "
        "instruction).",
    )
    requested_datetime = fields.Datetime(
        string="Requested On",
        required=True,
        readonly=True,
        index=True,
        copy=False,
        default=fields.Datetime.now,
    )
    forward_address = fields.Text(string="Forwarding Address")
    forward_carrier = fields.Char(string="Carrier")
    note = fields.Text(string="Client's Note")
    pickup_date = fields.Date()
    refuse_reason = fields.Text(
        string="Reason for Refusal",
        readonly=True,
        copy=False,
        help="Shown to the client.",
    )
    done_datetime = fields.Datetime(string="Done On", readonly=True, copy=False)
    done_user_id = fields.Many2one(
        comodel_name="res.users", string="Done By", readonly=True, copy=False
    )
    cancelled_datetime = fields.Datetime(
        string="Cancelled On", readonly=True, copy=False
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Pending for longer than the office's time for requests (Settings).",
    )

    # ------------------------------------------------------------------
    # Computed fields
    # ------------------------------------------------------------------

    instruction_id = fields.Many2one(
        comodel_name="desktomy.standing.instruction",
        string="Standing Instruction",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The client's standing instruction that created this request.",
    )

    @api.depends("mail_ids")
    def _compute_item_count(self):
        for request in self:
            request.item_count = len(request.mail_ids)

    @api.model
    def _desktomy_overdue_limits(self):
        """``{company_id: datetime}``: a pending request of the company
        requested before it is overdue."""
        now = fields.Datetime.now()
        companies = (
            self.env["res.company"]
            .sudo()
            .search_fetch([], ["desktomy_request_overdue_days"])
        )
        return {
            company.id: now - timedelta(days=company.desktomy_request_overdue_days)
            for company in companies
        }

    @api.depends("state", "requested_datetime", "company_id")
    def _compute_is_overdue(self):
        limits = self._desktomy_overdue_limits()
        for request in self:
            limit = limits.get(request.company_id.id)
            request.is_overdue = bool(
                request.state == "pending"
                and limit
                and request.requested_datetime
                and request.requested_datetime < limit
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on Overdue."))
        positive = (operator == "=") == bool(value)
        limits = self._desktomy_overdue_limits()
        overdue = ["|"] * (len(limits) - 1) if limits else []
        for company_id, limit in limits.items():
            overdue += [
                "&",
                ("company_id", "=", company_id),
                ("requested_datetime", "<", limit),
            ]
        domain = ["&", ("state", "=", "pending")] + (overdue or [(0, "=", 1)])
        return domain if positive else ["!"] + domain

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------

    def _desktomy_kind_label(self, kind=None):
        return dict(self._fields["kind"]._description_selection(self.env)).get(
            kind or self.kind, ""
        )

    @api.constrains("mail_ids", "partner_id", "company_id")
    def _check_items(self):
        for request in self:
            if not request.mail_ids:
                raise ValidationError(self.env._("A request needs at least one item."))
            if not request.partner_id.desktomy_is_client:
                raise ValidationError(
                    self.env._(
                        "Requests are made for a client of the office: %(partner)s "
                        "is not one.",
                        partner=request.partner_id.display_name,
                    )
                )
            foreign = request.mail_ids.filtered(
                lambda item, r=request: (
                    item.partner_id != r.partner_id or item.company_id != r.company_id
                )
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "All the items of a request belong to its client and "
                        "office: %(items)s do not.",
                        items=", ".join(foreign.mapped("display_name")),
                    )
                )

    @api.constrains("kind", "state", "forward_address", "pickup_date")
    def _check_values(self):
        for request in self.filtered(lambda r: r.state == "pending"):
            if (
                request.kind == "forward"
                and not (request.forward_address or "").strip()
            ):
                raise ValidationError(
                    self.env._("A forwarding request needs the address to send to.")
                )
            if request.kind == "pickup" and not request.pickup_date:
                raise ValidationError(
                    self.env._("A request to hold for pickup needs the pickup date.")
                )

    @api.constrains("pickup_date")
    def _check_pickup_date(self):
        for request in self.filtered(lambda r: r.state == "pending"):
            if request.pickup_date and request.pickup_date < fields.Date.context_today(
                request
            ):
                raise ValidationError(
                    self.env._("The pickup date cannot be in the past.")
                )

    @api.constrains("mail_ids", "kind", "state")
    def _check_pending_items(self):
        pending = self.filtered(lambda r: r.state == "pending")
        if not pending:
            return
        for request in pending:
            allowed = REQUEST_ALLOWED_STATES[request.kind]
            not_allowed = request.mail_ids.filtered(
                lambda item, allowed=allowed: item.state not in allowed
            )
            if not_allowed:
                raise ValidationError(
                    self.env._(
                        "A request can be made only for items waiting at the "
                        "office: %(items)s are not.",
                        items=", ".join(not_allowed.mapped("display_name")),
                    )
                )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.mail_id
                  FROM desktomy_mail_request_item_rel rel
                  JOIN desktomy_mail_request r ON r.id = rel.request_id
                 WHERE r.state = 'pending'
                   AND rel.mail_id IN (
                       SELECT mail_id FROM desktomy_mail_request_item_rel
                        WHERE request_id = ANY(%s))
                 GROUP BY rel.mail_id
                HAVING COUNT(*) > 1
                """,
                pending.ids,
            )
        )
        twice = self.env["desktomy.mail"].browse(r[0] for r in self.env.cr.fetchall())
        if twice:
            raise ValidationError(
                self.env._(
                    "These items already have a pending request; cancel it first "
                    "or wait until it is done: %(items)s",
                    items=", ".join(twice.sudo().mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def _desktomy_changes(self, fname, value):
        """Whether writing ``value`` to ``fname`` changes any record of ``self``."""
        field = self._fields[fname]
        for record in self:
            new = field.convert_to_record(field.convert_to_cache(value, record), record)
            if new != record[fname]:
                return True
        return False

    def _desktomy_request_allowed(self):
        return REQUEST_TOKEN.allows(self.env)

    def _desktomy_request_write(self, vals):
        """Write the state fields as one of the request's actions."""
        return self.with_context(**REQUEST_TOKEN.context()).write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        allowed = self._desktomy_request_allowed()
        for vals in vals_list:
            if not allowed and (
                vals.get("state", "pending") != "pending"
                or any(vals.get(fname) for fname in REQUEST_STATE_FIELDS - {"state"})
            ):
                raise UserError(
                    self.env._(
                        "A new request starts pending; it is done, refused or "
                        "cancelled only through its actions."
                    )
                )
            if not allowed and (
                vals.get("origin", "desk") != "desk" or vals.get("requested_datetime")
            ):
                # who asked, when and from where is recorded by the client
                # panel and the standing instructions (_desktomy_submit)
                raise UserError(
                    self.env._("The desk records requests as made at the desk, now.")
                )
        # the items of a request are touched (a new row version), so that a
        # concurrent transaction requesting the same items fails to serialize
        # (and is retried, then sees this request) instead of creating a
        # second pending request that its snapshot cannot see
        mail_ids = set()
        for vals in vals_list:
            for command in vals.get("mail_ids") or ():
                if isinstance(command, (list, tuple)):
                    if command[0] == Command.SET:
                        mail_ids.update(command[2])
                    elif command[0] == Command.LINK:
                        mail_ids.add(command[1])
                elif isinstance(command, int):
                    mail_ids.add(command)
        if mail_ids:
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE desktomy_mail SET write_date = write_date
                     WHERE id IN (SELECT id FROM desktomy_mail WHERE id = ANY(%s)
                                   ORDER BY id FOR NO KEY UPDATE)
                    """,
                    sorted(mail_ids),
                )
            )
        Sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == self.env._("New"):
                company_id = vals.get("company_id") or self.env.company.id
                vals["name"] = Sequence.with_company(company_id).next_by_code(
                    "desktomy.mail.request"
                ) or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        if not self._desktomy_request_allowed():
            guarded = (REQUEST_STATE_FIELDS | REQUEST_ORIGIN_FIELDS) & set(vals)
            if guarded and any(
                self._desktomy_changes(fname, vals[fname]) for fname in guarded
            ):
                raise UserError(
                    self.env._(
                        "A request is done, refused or cancelled only through its "
                        "actions. Nothing was changed."
                    )
                )
            closed = self.filtered(lambda r: r.state != "pending")
            if closed and set(vals) - {"message_main_attachment_id"}:
                raise UserError(
                    self.env._(
                        "Only pending requests can be changed: %(requests)s",
                        requests=", ".join(closed.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if self.filtered(lambda r: r.state == "done"):
            raise UserError(
                self.env._(
                    "A request that was done is the record of a charged service; "
                    "it cannot be deleted."
                )
            )

    # ------------------------------------------------------------------
    # API: submit, price preview
    # ------------------------------------------------------------------

    @api.model
    def _desktomy_submit(
        self, partner, kind, mails, values=None, person=None, origin="portal"
    ):
        """Create a request of ``partner`` on ``mails`` and return it.

        The caller has checked that ``person`` (a ``res.partner``, the one
        who asks; None for a standing instruction) represents ``partner``;
        everything else (items of the client and office, their states, one
        pending request per item, the values the kind needs) is checked here.
        Runs as superuser (a portal user has no access to requests).

        :param values: optional ``forward_address``, ``forward_carrier``,
            ``note``, ``pickup_date`` (and ``instruction_id`` when standing
            instructions are installed)
        """
        values = dict(values or {})
        unknown = set(values) - SUBMIT_VALUES
        if "instruction_id" in values and "instruction_id" not in self._fields:
            unknown.add("instruction_id")
        if unknown:
            raise UserError(
                self.env._(
                    "Unknown values for a request: %(names)s",
                    names=", ".join(sorted(unknown)),
                )
            )
        if kind not in dict(REQUEST_KINDS):
            raise UserError(self.env._("Unknown kind of request."))
        if origin not in dict(self._fields["origin"].selection):
            raise UserError(self.env._("Unknown origin of a request."))
        mails = mails.sudo().exists()
        if not mails:
            raise UserError(self.env._("Select the items of the request."))
        if len(mails.company_id) != 1:
            raise UserError(
                self.env._("The items of one request belong to one office.")
            )
        if mails.partner_id != partner:
            # (checked first, without naming the items: the other errors name
            # them, and must only ever name the client's own)
            raise UserError(
                self.env._("All the items of a request belong to its client.")
            )
        for fname in ("forward_address", "forward_carrier", "note"):
            if fname in values:
                value = values[fname]
                if value is not None and not isinstance(value, str):
                    raise UserError(self.env._("Invalid value of a request."))
                values[fname] = (value or "").strip() or False
        if (
            origin == "portal"
            and values.get("forward_carrier")
            and values["forward_carrier"] not in FORWARD_CARRIERS
        ):
            raise UserError(self.env._("Choose one of the carriers offered."))
        if values.get("pickup_date"):
            try:
                values["pickup_date"] = fields.Date.to_date(values["pickup_date"])
            except (TypeError, ValueError) as error:
                raise UserError(self.env._("Invalid pickup date.")) from error
        # a refused request leaves nothing behind, even if the caller goes on
        # (e.g. a page that shows the error) and its transaction commits
        with self.env.cr.savepoint():
            request = (
                self.sudo()
                .with_context(
                    mail_create_nosubscribe=True,
                    mail_create_nolog=True,
                    **REQUEST_TOKEN.context(),
                )
                .create(
                    dict(
                        values,
                        partner_id=partner.id,
                        company_id=mails.company_id.id,
                        mail_ids=[Command.set(mails.ids)],
                        kind=kind,
                        origin=origin,
                        requested_by_id=person.id if person else False,
                    )
                )
            )
            request.flush_recordset()
        origin_label = dict(request._fields["origin"]._description_selection(self.env))[
            origin
        ]
        request._message_log(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(kind)s from %(person)s (%(origin)s) for the items %(items)s.",
                kind=request._desktomy_kind_label(),
                person=person.display_name if person else "-",
                origin=origin_label,
                items=", ".join(mails.mapped("name")),
            )
        )
        # (in the caller's environment: without the context of the creation)
        return self.browse(request.ids)

    @api.model
    def _desktomy_price_preview(self, partner, kind, quantity, day=None, company=None):
        """What a request of ``kind`` on ``quantity`` items will cost ``partner``.

        Computed by the one pricing rule (``billing_lines_sql``) twice for the
        month of ``day`` (today by default) in ``company`` (default: the
        current company, ``env.company``, as the billing summary): as it
        stands, and with ``quantity`` more of the service, at the catalogue
        price the usage line would get. The difference is exactly what the
        billing summary will show more once the request is fulfilled this
        month. Only services performed count as used: pending requests do not
        lower what the package still includes.

        :param quantity: the number of items, or the items themselves
            (``desktomy.mail``): then the items already charged for the service
            (a service is charged once per item, e.g. an envelope scan before
            a scan of the contents) are not counted

        :return: ``{"service", "included_left", "billable_qty", "unit_price",
            "amount", "currency"}``
        """
        if kind not in REQUEST_SERVICE_KINDS:
            raise UserError(self.env._("Unknown kind of request."))
        items = None
        if isinstance(quantity, models.BaseModel):
            if quantity._name != "desktomy.mail":
                raise UserError(self.env._("Invalid quantity."))
            items, quantity = quantity, len(quantity)
        try:
            quantity = float(quantity)
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("Invalid quantity.")) from error
        if quantity < 0:
            raise UserError(self.env._("Invalid quantity."))
        # (the client panel calls it for a portal user: read as superuser)
        Request = self.sudo()
        company = (company or self.env.company).sudo()
        currency = company.currency_id
        day = day or fields.Date.context_today(Request)
        service_kind = REQUEST_SERVICE_KINDS[kind]
        service = (
            Request.env["product.product"]
            ._desktomy_get_services([service_kind])
            .get(service_kind, Request.env["product.product"])
        )
        result = {
            "service": service,
            "included_left": 0.0,
            "billable_qty": 0.0,
            "unit_price": 0.0,
            "amount": 0.0,
            "currency": currency,
        }
        if not service:
            return result
        if items:
            # a service is charged once per item: not again for the items
            # already charged (e.g. an envelope scan before a contents scan),
            # counted per item, whatever the number of its usage lines
            charged = Request.env["desktomy.service.usage"]._read_group(
                [
                    ("mail_id", "in", items.ids),
                    ("service_id", "=", service.id),
                    ("origin", "=", "auto"),
                ],
                aggregates=["mail_id:count_distinct"],
            )[0][0]
            quantity = float(len(items) - charged)
        price = currency.round(service.sudo().lst_price)
        before = Request._desktomy_price_row(partner, service, company, day)
        after = Request._desktomy_price_row(
            partner, service, company, day, extra=(quantity, quantity * price)
        )
        included = before["included"] if before else 0.0
        used = before["quantity"] if before else 0.0
        result.update(
            included_left=max(included - used, 0.0),
            billable_qty=(after["billable"] if after else 0.0)
            - (before["billable"] if before else 0.0),
            unit_price=(
                after["price"] if after and after["price"] is not None else price
            ),
            amount=float_round(
                (after["amount"] if after else 0.0)
                - (before["amount"] if before else 0.0),
                precision_rounding=currency.rounding,
            ),
        )
        return result

    @api.model
    def _desktomy_price_row(self, partner, service, company, day, extra=None):
        """The row of the pricing rule of ``service`` for ``partner`` in the
        month of ``day`` (with ``extra = (quantity, amount)`` more used)."""
        date_from, date_to = month_bounds(day)
        rows = (
            self.env["desktomy.service.usage"]
            .sudo()
            ._billing_lines(
                partner,
                date_from,
                date_to,
                company,
                extra=[(partner.id, service.id, day, *extra)] if extra else None,
            )
        )
        for row in rows:
            if row["service_id"] == service.id:
                return {
                    key: float(row[key]) if row[key] is not None else None
                    for key in ("quantity", "included", "billable", "price", "amount")
                }
        return None

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _desktomy_check_pending(self):
        closed = self.filtered(lambda r: r.state != "pending")
        if closed:
            raise UserError(
                self.env._(
                    "Only pending requests can be done, refused or cancelled: "
                    "%(requests)s",
                    requests=", ".join(closed.mapped("name")),
                )
            )

    def action_cancel(self):
        """Cancel pending requests (the client, or the desk on its behalf)."""
        self.check_access("write")
        self._desktomy_check_pending()
        self._desktomy_request_write(
            {"state": "cancelled", "cancelled_datetime": fields.Datetime.now()}
        )
        return True

    def action_refuse(self, reason=None):
        """Refuse pending requests with a ``reason`` the client sees; the
        client is notified."""
        self.check_access("write")
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Refusing a request needs a reason."))
        self._desktomy_check_pending()
        self._desktomy_close("refused", reason)
        return True

    def action_open_refuse_wizard(self):
        self._desktomy_check_pending()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "desktomy_virtual_office.desktomy_mail_request_refuse_wizard_action"
        )
        action["context"] = {"default_request_ids": [Command.set(self.ids)]}
        return action

    def action_mark_ready(self):
        """Hold for pickup: the items are prepared; the request is done and the
        client told. Nothing is charged here: the handover charges at pickup."""
        self.check_access("write")
        self._desktomy_check_pending()
        if self.filtered(lambda r: r.kind != "pickup"):
            raise UserError(
                self.env._("Only requests to hold for pickup are marked ready.")
            )
        self._desktomy_close("done")
        return True

    def action_fulfil(self):
        """The action of the user interface that fulfils the request."""
        self.ensure_one()
        self._desktomy_check_pending()
        items = self.mail_ids
        if self.kind == "pickup":
            return self.action_mark_ready()
        if self.kind == "scan":
            if len(items) == 1:
                return {
                    "type": "ir.actions.act_window",
                    "res_model": "desktomy.mail",
                    "res_id": items.id,
                    "views": [(False, "form")],
                    "target": "current",
                }
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "desktomy_virtual_office.desktomy_mail_action"
            )
            action["domain"] = [("id", "in", items.ids)]
            action["context"] = {}
            return action
        state = REQUEST_DONE_STATES[self.kind]
        action = items._desktomy_open_disposition_wizard(state)
        if self.kind == "forward":
            action["context"].update(
                default_forward_address=self.forward_address,
                default_forward_carrier=self.forward_carrier,
            )
        return action

    def _desktomy_close(self, state, reason=None):
        """Close pending requests as ``done`` or ``refused`` and notify the
        clients (one e-mail per request).

        ``reason`` is the refusal's reason: one text for all the requests, or
        ``{request id: text}``; the requests are closed together (one chatter
        insert, one batch of e-mails), whatever their number.
        """
        self._desktomy_close_write(state, reason).sudo()._desktomy_notify_client()

    def _desktomy_close_write(self, state, reason=None):
        """Record the closing of the pending requests of ``self`` (see
        ``_desktomy_close``), without telling the clients; return them."""
        requests = self.filtered(lambda r: r.state == "pending")
        if not requests:
            return requests
        now = fields.Datetime.now()
        if state == "done":
            requests.sudo()._desktomy_request_write(
                {"state": state, "done_datetime": now, "done_user_id": self.env.uid}
            )
        else:
            reasons = (
                reason
                if isinstance(reason, dict)
                else dict.fromkeys(requests.ids, reason)
            )
            # (one UPDATE at the flush, whatever the number of reasons)
            for request in requests.sudo():
                request._desktomy_request_write(
                    {"state": state, "refuse_reason": reasons.get(request.id)}
                )
        return requests

    def _desktomy_close_on_items_leave(self, items, state):
        """``items`` left the desk (``state``): the pending requests of
        ``self`` they fulfil are done, the others refused with the reason."""
        if not self:
            return
        done = self.filtered(
            lambda r: (
                REQUEST_DONE_STATES.get(r.kind) == state
                and all(item.state == state for item in r.mail_ids)
            )
        )
        # (items partly fulfilled, the others still waiting: stays pending)
        refused = (self - done).filtered(
            lambda r: any(
                item.state not in WAITING_STATES
                and item.state != REQUEST_DONE_STATES.get(r.kind)
                for item in r.mail_ids
            )
        )
        reasons = {}
        for request in refused:
            # the reason is for the client: in the client's language
            env = self.with_context(lang=request.partner_id.lang or self.env.lang).env
            label = dict(items._fields["state"]._description_selection(env))[state]
            reasons[request.id] = env._(
                "The items of this request left the office otherwise "
                "(%(state)s): %(items)s.",
                state=label,
                items=", ".join((request.mail_ids & items).mapped("name")),
            )
        # all of them at once, done and refused: one chatter insert, one
        # batch of e-mails per template, whatever their number
        closed = done._desktomy_close_write("done")
        closed |= refused._desktomy_close_write("refused", reasons)
        closed.sudo()._desktomy_notify_client()

    def _desktomy_notification_email_to(self):
        self.ensure_one()
        return ", ".join(self.partner_id._desktomy_notification_emails())

    def _desktomy_notify_client(self):
        """E-mail the clients that their requests are done or refused."""
        templates = {
            "done": "desktomy_virtual_office.mail_template_desktomy_request_done",
            "refused": "desktomy_virtual_office.mail_template_desktomy_request_refused",
        }
        queued = False
        for state, xmlid in templates.items():
            requests = self.filtered(
                lambda r, s=state: r.state == s and r._desktomy_notification_email_to()
            )
            if not requests:
                continue
            template = self.env["mail.template"].browse(
                self.env["ir.model.data"]._xmlid_to_res_id(
                    xmlid, raise_if_not_found=False
                )
            )
            if not template:
                continue
            mails = template.sudo().send_mail_batch(requests.ids)
            by_request = {mail.res_id: mail for mail in mails}
            for request in requests.filtered(lambda r: r.kind == "scan"):
                scans = request.mail_ids._desktomy_scans_to_send() or (
                    request.mail_ids.scan_ids.filtered("file_size")
                )
                if scans and request.id in by_request:
                    by_request[request.id].attachment_ids = [
                        Command.link(scan.id) for scan in scans
                    ]
            queued = True
        if queued:
            trigger_mail_queue(self.env)
        self._desktomy_log_closing()

    def _desktomy_log_closing(self):
        """One chatter line per closed request: what happened, who was told."""
        bodies = {}
        for request in self:
            emails = request._desktomy_notification_email_to()
            if request.state == "done":
                body = self.env._("Done.")
            else:
                body = self.env._("Refused: %(reason)s", reason=request.refuse_reason)
            if emails:
                told = self.env._(
                    "The client was told by e-mail (%(emails)s).", emails=emails
                )
            else:
                told = self.env._("The client has no e-mail address: not told.")
            bodies[request.id] = Markup("<p>%s</p><p>%s</p>") % (body, told)
        if bodies:
            self._message_log_batch(bodies=bodies)

    def _desktomy_items_scanned(self, just_scanned=()):
        """Whether every item has a non-empty scan since the request was made:
        one linked to it just now (``just_scanned``: the items of the write
        that added it), or uploaded after the request (an item may have had an
        envelope scan before)."""
        self.ensure_one()
        since = self.create_date or fields.Datetime.now()
        return all(
            item in just_scanned
            or item.sudo().scan_ids.filtered(
                lambda scan: scan.file_size and scan.create_date >= since
            )
            for item in self.mail_ids
        )

    def _desktomy_items_label(self):
        self.ensure_one()
        return ", ".join(self.mail_ids.mapped("name"))
