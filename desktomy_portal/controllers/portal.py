# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from urllib.parse import urlencode

from odoo import fields, http
from odoo.http import content_disposition, request
from odoo.osv import expression
from odoo.tools import date_utils
from odoo.tools.misc import format_date

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.desktomy_virtual_office.controllers.client_data import zip_response
from odoo.addons.desktomy_virtual_office.models.desktomy_billing_rule import (
    month_bounds,
)
from odoo.addons.desktomy_virtual_office.models.desktomy_mail import WAITING_STATES
from odoo.addons.payment.controllers.portal import PaymentPortal
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .hardening import (
    POST_HARD_MAX_BYTES,
    desktomy_params,
    desktomy_post_limits,
    parse_choice,
)

#: Session key of the client company selected in the profile switcher.
SESSION_CLIENT_KEY = "desktomy_portal_client_id"
#: Previous months offered by the period selector of the billing summary.
BILLING_MONTHS = 12
#: Data exports a portal user may download per minute.
DATA_EXPORT_RATE = 3


class DesktomyCustomerPortal(CustomerPortal):
    # ------------------------------------------------------------
    # Represented clients (the profile switcher)
    # ------------------------------------------------------------

    def _desktomy_clients(self):
        """Client companies the current user represents (sudo'ed, for display)."""
        return request.env.user._desktomy_portal_clients()

    def _desktomy_select_client(self, client_id=None):
        """Return the selected client company and all represented ones.

        An explicit ``client_id`` (an ``int``, read by the routes' parser) must
        be one of the represented companies and becomes the selection of the
        session; anything else (another company, a nonexistent id, garbage)
        answers 404, exactly like a nonexistent id.
        Without a parameter, the session's choice is used when it is still
        represented, else the first company. A user who represents no client
        gets 404 too.

        :return: (client, clients), both sudo'ed: use them for display only
        """
        clients = self._desktomy_clients()
        if client_id is not None:
            client = clients.browse()
            if isinstance(client_id, int) and not isinstance(client_id, bool):
                client = clients.filtered(lambda c: c.id == client_id)
            if not client:
                raise request.not_found()
            if request.session.get(SESSION_CLIENT_KEY) != client.id:
                request.session[SESSION_CLIENT_KEY] = client.id
            return client, clients
        if not clients:
            raise request.not_found()
        selected_id = request.session.get(SESSION_CLIENT_KEY)
        client = clients.filtered(lambda c: c.id == selected_id) or clients[:1]
        return client, clients

    def _desktomy_switcher_values(self, client, clients, url, keep=()):
        """Values of the profile switcher shown in the top right corner.

        :param str url: where a choice leads to (``?client_id=`` is added)
        :param keep: names of query parameters kept when switching
        """
        return {
            "desktomy_client": client,
            "desktomy_clients": clients,
            "desktomy_switch_url": url,
            "desktomy_switch_keep": list(keep),
        }

    # ------------------------------------------------------------
    # My Home
    # ------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        wanted = {"desktomy_mail_count", "desktomy_mail_waiting_count"}
        if wanted & set(counters):
            client = self._desktomy_counter_client()
            if "desktomy_mail_count" in counters:
                values["desktomy_mail_count"] = self._desktomy_mail_count(client)
            if "desktomy_mail_waiting_count" in counters:
                values["desktomy_mail_waiting_count"] = self._desktomy_mail_count(
                    client, [("state", "in", WAITING_STATES)]
                )
        return values

    def _desktomy_counter_client(self):
        """The selected client for the home counters, or an empty recordset."""
        clients = self._desktomy_clients()
        selected_id = request.session.get(SESSION_CLIENT_KEY)
        return clients.filtered(lambda c: c.id == selected_id) or clients[:1]

    def _desktomy_mail_count(self, client, domain=None):
        Mail = request.env["desktomy.mail"]
        if not client or not Mail.has_access("read"):
            return 0
        return Mail.search_count(
            expression.AND([[("partner_id", "=", client.id)], domain or []])
        )

    # ------------------------------------------------------------
    # Answers: security headers, refused POSTs
    # ------------------------------------------------------------

    def _desktomy_render(self, template, values, status=200):
        """Render a page of the client panel with the headers Odoo's own portal
        pages with private data send (``/my/account``, ``/my/security``): no
        framing by other sites. Odoo adds ``X-Content-Type-Options: nosniff``
        to every answer."""
        return request.render(
            template,
            values,
            status=status,
            headers={
                "X-Frame-Options": "SAMEORIGIN",
                "Content-Security-Policy": "frame-ancestors 'self'",
            },
        )

    def _desktomy_post_refused(self, status, message):
        """The page answering a POST refused by ``desktomy_post_limits``."""
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "desktomy_refused", "desktomy_message": message})
        return self._desktomy_render(
            "desktomy_portal.portal_post_refused", values, status=status
        )

    # ------------------------------------------------------------
    # Stock forms of the portal: the client's POSTs, with limits
    # ------------------------------------------------------------

    @http.route(max_content_length=POST_HARD_MAX_BYTES)
    @desktomy_post_limits("account")
    # Odoo's page renders int(country_id) and int(state_id) of the form (500
    # on anything else): the parser reads them first.
    @desktomy_params(redirect="text", country_id="ref", state_id="ref")
    def account(self, redirect=None, **post):
        return super().account(redirect=redirect, **post)

    @http.route(max_content_length=POST_HARD_MAX_BYTES)
    @desktomy_post_limits("security", limit=5)
    @desktomy_params()
    def security(self, **post):
        if request.httprequest.method == "POST" and not {
            "old",
            "new1",
            "new2",
        } <= set(post):
            # Odoo's page reads the three fields without a default (500).
            raise request.not_found()
        return super().security(**post)

    @http.route(max_content_length=POST_HARD_MAX_BYTES)
    @desktomy_post_limits("deactivate_account", limit=5)
    @desktomy_params(validation="text", password="text")
    def deactivate_account(self, validation=None, password=None, **post):
        return super().deactivate_account(
            validation=validation or "", password=password or "", **post
        )

    @http.route(max_content_length=POST_HARD_MAX_BYTES)
    @desktomy_post_limits("home")
    @desktomy_params(client_id="id")
    def home(self, client_id=None, **kw):
        values = {}
        if client_id is not None or self._desktomy_clients():
            client, clients = self._desktomy_select_client(client_id)
            values = self._desktomy_switcher_values(client, clients, "/my/home")
            values["desktomy_billing_enabled"] = self._desktomy_billing_enabled()
        response = super().home(**kw)
        response.qcontext.update(values)
        return response

    # ------------------------------------------------------------
    # My Mail
    # ------------------------------------------------------------

    def _get_desktomy_mail_searchbar_sortings(self):
        env = request.env
        return {
            "date": {
                "label": env._("Newest"),
                "order": "received_datetime desc, id desc",
            },
            "date_asc": {
                "label": env._("Oldest"),
                "order": "received_datetime asc, id asc",
            },
            "name": {"label": env._("Reference"), "order": "name desc, id desc"},
            "sender": {"label": env._("Sender"), "order": "sender asc, id desc"},
            "kind": {"label": env._("Kind"), "order": "kind asc, id desc"},
            "state": {"label": env._("Status"), "order": "state asc, id desc"},
        }

    def _get_desktomy_mail_searchbar_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "waiting": {
                "label": env._("Waiting for pickup"),
                "domain": [("state", "in", WAITING_STATES)],
            },
            "collected": {
                "label": env._("Collected"),
                "domain": [("state", "=", "collected")],
            },
            "sent_on": {
                "label": env._("Forwarded, returned or shredded"),
                "domain": [("state", "in", ("forwarded", "returned", "shredded"))],
            },
            "registered": {
                "label": env._("Registered letters"),
                "domain": [("kind", "=", "registered")],
            },
            "parcel": {"label": env._("Parcels"), "domain": [("kind", "=", "parcel")]},
            "official": {
                "label": env._("Official mail and postal notices"),
                "domain": [
                    "|",
                    ("is_official", "=", True),
                    ("kind", "=", "postal_notice"),
                ],
            },
        }

    def _get_desktomy_mail_searchbar_inputs(self):
        env = request.env
        return {
            "all": {"input": "all", "label": env._("Search in All")},
            "name": {"input": "name", "label": env._("Search in Reference")},
            "sender": {"input": "sender", "label": env._("Search in Sender")},
            "tracking_number": {
                "input": "tracking_number",
                "label": env._("Search in Tracking Number"),
            },
        }

    def _get_desktomy_mail_search_domain(self, search_in, search):
        if not search:
            return []
        fields = ["name", "sender", "tracking_number"]
        if search_in in fields:
            fields = [search_in]
        return expression.OR([[(field, "ilike", search)] for field in fields])

    def _desktomy_mail_labels(self):
        """Labels of the item's selections, read once per page (not per row)."""
        fields = request.env["desktomy.mail"]._fields
        return {
            "desktomy_state_labels": dict(
                fields["state"]._description_selection(request.env)
            ),
            "desktomy_kind_labels": dict(
                fields["kind"]._description_selection(request.env)
            ),
            "desktomy_state_classes": {
                "received": "text-bg-info",
                "notified": "text-bg-primary",
                "collected": "text-bg-success",
                "forwarded": "text-bg-secondary",
                "returned": "text-bg-warning",
                "shredded": "text-bg-dark",
            },
        }

    def _prepare_desktomy_mail_values(
        self, client, page=1, sortby=None, filterby=None, search=None, search_in=None
    ):
        Mail = request.env["desktomy.mail"]
        sortings = self._get_desktomy_mail_searchbar_sortings()
        filters = self._get_desktomy_mail_searchbar_filters()
        inputs = self._get_desktomy_mail_searchbar_inputs()
        sortby = parse_choice(sortby, sortings, "date")
        filterby = parse_choice(filterby, filters, "all")
        search_in = parse_choice(search_in, inputs, "all")
        domain = expression.AND(
            [
                [("partner_id", "=", client.id)],
                filters[filterby]["domain"],
                self._get_desktomy_mail_search_domain(search_in, search),
            ]
        )
        # Search as the portal user: the record rules apply.
        count = Mail.search_count(domain)
        pager = portal_pager(
            url="/my/mail",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search_in": search_in,
                "search": search,
            },
            total=count,
            page=page,
            step=self._items_per_page,
        )
        items = Mail.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_desktomy_mail_history"] = items.ids[:100]
        return {
            **self._desktomy_mail_labels(),
            "page_name": "desktomy_mail",
            "desktomy_items": items.sudo(),
            "pager": pager,
            "default_url": "/my/mail",
            "searchbar_sortings": sortings,
            "sortby": sortby,
            "searchbar_filters": filters,
            "filterby": filterby,
            "searchbar_inputs": inputs,
            "search_in": search_in,
            "search": search,
        }

    @http.route(
        ["/my/mail", "/my/mail/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    @desktomy_params(
        page="page",
        sortby="key",
        filterby="key",
        search="text",
        search_in="key",
        client_id="id",
    )
    def portal_my_desktomy_mails(
        self,
        page=1,
        sortby=None,
        filterby=None,
        search=None,
        search_in=None,
        client_id=None,
        **kw,
    ):
        client, clients = self._desktomy_select_client(client_id)
        if not request.env["desktomy.mail"].has_access("read"):
            raise request.not_found()
        values = self._prepare_portal_layout_values()
        values.update(
            self._prepare_desktomy_mail_values(
                client, page, sortby, filterby, search, search_in
            )
        )
        values.update(
            self._desktomy_switcher_values(
                client, clients, "/my/mail", keep=("sortby", "filterby")
            )
        )
        return self._desktomy_render("desktomy_portal.portal_my_desktomy_mails", values)

    def _desktomy_mail_check_access(self, mail_id, client_id=None):
        """Return the item (sudo'ed) if the user represents its client, else 404.

        The item is searched as the current user, so that the record rules
        apply on top of the represented-clients check.
        """
        Mail = request.env["desktomy.mail"]
        if client_id is not None:
            client, clients = self._desktomy_select_client(client_id)
            allowed = client
        else:
            clients = allowed = self._desktomy_clients()
        if not allowed or not Mail.has_access("read"):
            raise request.not_found()
        item = Mail.search(
            [("id", "=", mail_id), ("partner_id", "in", allowed.ids)], limit=1
        )
        if not item:
            raise request.not_found()
        item_sudo = item.sudo()
        if request.session.get(SESSION_CLIENT_KEY) != item_sudo.partner_id.id:
            request.session[SESSION_CLIENT_KEY] = item_sudo.partner_id.id
        return item_sudo, clients

    def _desktomy_mail_receipt(self, item_sudo):
        """The signed receipt of an item handed over with digital confirmation."""
        return item_sudo.receipt_attachment_id

    def _desktomy_mail_record_pager(self, item):
        """Previous/next links through the last list the user browsed."""
        history = request.session.get("my_desktomy_mail_history", [])
        if item.id not in history:
            return {}
        index = history.index(item.id)
        return {
            "prev_record": index > 0 and f"/my/mail/{history[index - 1]}",
            "next_record": index < len(history) - 1
            and f"/my/mail/{history[index + 1]}",
        }

    @http.route(
        ["/my/mail/<int:mail_id>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    @desktomy_params(mail_id="id", client_id="id")
    def portal_my_desktomy_mail(self, mail_id, client_id=None, **kw):
        item_sudo, clients = self._desktomy_mail_check_access(mail_id, client_id)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                **self._desktomy_mail_labels(),
                "page_name": "desktomy_mail",
                "desktomy_item": item_sudo,
                "desktomy_receipt": self._desktomy_mail_receipt(item_sudo),
            }
        )
        values.update(
            self._desktomy_switcher_values(item_sudo.partner_id, clients, "/my/mail")
        )
        values.update(self._desktomy_mail_record_pager(item_sudo))
        values.update(self._desktomy_mail_page_values(item_sudo))
        return self._desktomy_render("desktomy_portal.portal_my_desktomy_mail", values)

    def _desktomy_mail_page_values(self, item_sudo):
        """More values of an item's page (the item already checked)."""
        return {}

    @http.route(
        ["/my/mail/<int:mail_id>/attachment/<int:attachment_id>"],
        type="http",
        auth="user",
        # a frontend route, so that its 404 is the panel's page, the same
        # as for a path no route matches (see controllers/hardening.py)
        website=True,
        methods=["GET"],
    )
    @desktomy_params(mail_id="id", attachment_id="id", client_id="id")
    def portal_my_desktomy_mail_attachment(
        self, mail_id, attachment_id, client_id=None, **kw
    ):
        item_sudo, clients = self._desktomy_mail_check_access(mail_id, client_id)
        receipt = self._desktomy_mail_receipt(item_sudo)
        attachments = item_sudo.scan_ids | receipt
        attachment = attachments.filtered(lambda a: a.id == attachment_id)
        if not attachment:
            raise request.not_found()
        handover = item_sudo.handover_id
        if attachment == receipt and handover.partner_ids - clients:
            # The collector also took mail of companies this user does not
            # represent: their items are not shown, a client's copy is.
            request.env["desktomy.access.log"]._desktomy_log(
                attachment, channel="portal", mail=item_sudo.id
            )
            return self._desktomy_client_copy_response(
                handover, handover.partner_ids & clients
            )
        stream = request.env["ir.binary"]._get_stream_from(attachment)
        return stream.get_response(as_attachment=True)

    def _desktomy_client_copy_response(self, handover_sudo, clients):
        content, file_name, mimetype = handover_sudo._desktomy_render_client_copy(
            clients
        )
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(file_name)),
            ],
        )

    # ------------------------------------------------------------
    # Download my data (GDPR art. 15/20)
    # ------------------------------------------------------------

    @http.route(
        ["/my/data/export"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        max_content_length=POST_HARD_MAX_BYTES,
    )
    @desktomy_post_limits("data_export", limit=DATA_EXPORT_RATE)
    @desktomy_params(client_id="id")
    def portal_my_desktomy_data_export(self, client_id=None, **kw):
        """The ZIP of everything the office holds about a represented client;
        any other client is a 404, the same as a missing one."""
        if client_id is None:
            raise request.not_found()
        client, _clients = self._desktomy_select_client(client_id)
        return zip_response(client, client.sudo()._desktomy_export_zip())

    # ------------------------------------------------------------
    # My Billing
    # ------------------------------------------------------------

    def _desktomy_billing_enabled(self):
        return request.env.user._desktomy_portal_billing_enabled()

    def _desktomy_billing_period(self, period=None, date_from=None, date_to=None):
        """The requested period of the billing summary.

        ``date_from`` and ``date_to`` (dates) give a date range, ``period``
        (the first day of a month) a month; by default the current month. The
        routes' parser already read them (a date it cannot read is a 404).

        :return: (date_from, date_to, period key, error message or None)
        """
        month_start, month_end = month_bounds(
            fields.Date.context_today(request.env.user)
        )
        error = None
        if date_from or date_to:
            if date_from and date_to and date_from <= date_to:
                return date_from, date_to, "range", None
            error = request.env._(
                "The date range is not valid: it needs a start and an end date, "
                "the start not after the end. The current month is shown instead."
            )
        elif period:
            start, end = month_bounds(period)
            return start, end, start.strftime("%Y-%m"), None
        return month_start, month_end, month_start.strftime("%Y-%m"), error

    def _desktomy_billing_months(self):
        """The months offered in the period selector, the current one first."""
        start = month_bounds(fields.Date.context_today(request.env.user))[0]
        months = []
        for offset in range(BILLING_MONTHS + 1):
            month = date_utils.subtract(start, months=offset)
            label = format_date(request.env, month, date_format="LLLL yyyy")
            months.append((month.strftime("%Y-%m"), label))
        return months

    def _desktomy_billing_summaries(self, client, date_from, date_to):
        """The billing summary of ``client``: for the period and this month.

        ``client`` must come from :meth:`_desktomy_select_client`, which checked
        that the user represents it, and the caller must have checked that the
        billing page is on (:meth:`_desktomy_billing_enabled`). Portal users
        read no billing data themselves (no access to usage lines, packages,
        histories or billing months): this is the one place where the client
        panel computes billing figures, as superuser, for that client only, in
        the company of the page (whose switch is on).
        """
        # (in the company of the page: each office bills its own)
        Usage = (
            request.env["desktomy.service.usage"]
            .sudo()
            .with_company(request.env.company)
        )
        summary = Usage._get_billing_summary(client, date_from, date_to)[client.id]
        month_start, month_end = month_bounds(
            fields.Date.context_today(request.env.user)
        )
        if (date_from, date_to) == (month_start, month_end):
            return summary, summary
        this_month = Usage._get_billing_summary(client, month_start, month_end)
        return summary, this_month[client.id]

    def _desktomy_billing_invoices(self, client, date_from, date_to):
        """``[(month label, invoice)]``: the posted invoices of the months of
        the period for ``client`` (already checked, see
        :meth:`_desktomy_select_client`) in the company of the page, as
        superuser; the links open them in Odoo's ``/my/invoices``, whose
        record rules let the person read the invoices of the companies they
        represent."""
        links = (
            request.env["desktomy.billing.invoice"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", client.id),
                    ("company_id", "=", request.env.company.id),
                    ("month", ">=", month_bounds(date_from)[0]),
                    ("month", "<=", date_to),
                    ("move_id.state", "=", "posted"),
                ],
                order="month",
            )
        )
        return [
            (
                format_date(request.env, link.month, date_format="LLLL yyyy"),
                link.move_id,
            )
            for link in links
        ]

    def _desktomy_open_invoices(self, client):
        """The open balance of ``client`` (already checked, see
        :meth:`_desktomy_select_client`) in the company of the page: its
        posted customer invoices and credit notes not fully paid, as
        superuser, with their sum in the company's currency. The links open
        them in Odoo's own ``/my/invoices`` (the page, its PDF, its payment)."""
        company = request.env.company
        moves = (
            request.env["account.move"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "=", client.commercial_partner_id.id),
                    ("company_id", "=", company.id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                ],
                order="invoice_date_due, id",
            )
        )
        balance = sum(moves.mapped("amount_residual_signed"))
        return {
            "moves": moves,
            "balance": company.currency_id.round(balance),
            "currency": company.currency_id,
            "pay_urls": self._desktomy_pay_urls(moves),
        }

    def _desktomy_pay_urls(self, moves):
        """The link to Odoo's own online payment of each of ``moves`` that
        can be paid online, by id: the link stock ``account_payment`` puts on
        ``/my/invoices`` (the invoice page, its payment dialog opened). An
        invoice can be paid online when stock says it has to be paid
        (``_has_to_be_paid``) and its payment dialog would offer a way to pay:
        a payment provider enabled (or in test mode) and published in the
        invoice's company, with a payment method, for this user, amount and
        currency (what stock's dialog looks up). None without a provider: the
        dialog would only say that no payment method is available."""
        Provider = request.env["payment.provider"].sudo()
        if not moves or not Provider.search_count(
            [("state", "in", ("enabled", "test"))], limit=1
        ):
            return {}
        partner = request.env.user.partner_id
        urls = {}
        for move in moves:
            if not move._has_to_be_paid() or not (
                PaymentPortal._can_partner_pay_in_company(partner, move.company_id)
            ):
                continue
            providers = Provider._get_compatible_providers(
                move.company_id.id,
                partner.id,
                move.amount_total,
                currency_id=move.currency_id.id,
            )
            methods = request.env["payment.method"].sudo()
            if providers:
                methods = methods._get_compatible_payment_methods(
                    providers.ids, partner.id, currency_id=move.currency_id.id
                )
            if methods:
                urls[move.id] = move.get_portal_url(
                    anchor="portal_pay", query_string="&payment=True"
                )
        return urls

    @http.route(
        ["/my/billing"], type="http", auth="user", website=True, methods=["GET"]
    )
    @desktomy_params(period="period", date_from="date", date_to="date", client_id="id")
    def portal_my_desktomy_billing(
        self, period=None, date_from=None, date_to=None, client_id=None, **kw
    ):
        if not self._desktomy_billing_enabled():
            raise request.not_found()
        client, clients = self._desktomy_select_client(client_id)
        date_from, date_to, period, error = self._desktomy_billing_period(
            period, date_from, date_to
        )
        summary, this_month = self._desktomy_billing_summaries(
            client, date_from, date_to
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "desktomy_invoices": self._desktomy_billing_invoices(
                    client, date_from, date_to
                ),
                "desktomy_open": self._desktomy_open_invoices(client),
                "page_name": "desktomy_billing",
                "summary": summary,
                "this_month": this_month,
                "period": period,
                "date_from": date_from,
                "date_to": date_to,
                "months": self._desktomy_billing_months(),
                "period_error": error,
                "pdf_url": "/my/billing/pdf?"
                + urlencode(
                    {"client_id": client.id}
                    | (
                        {"date_from": date_from, "date_to": date_to}
                        if period == "range"
                        else {"period": period}
                    )
                ),
            }
        )
        values.update(
            self._desktomy_switcher_values(
                client,
                clients,
                "/my/billing",
                keep=("period", "date_from", "date_to"),
            )
        )
        return self._desktomy_render(
            "desktomy_portal.portal_my_desktomy_billing", values
        )

    @http.route(
        ["/my/billing/pdf"], type="http", auth="user", website=True, methods=["GET"]
    )
    @desktomy_params(period="period", date_from="date", date_to="date", client_id="id")
    def portal_my_desktomy_billing_pdf(
        self, period=None, date_from=None, date_to=None, client_id=None, **kw
    ):
        if not self._desktomy_billing_enabled():
            raise request.not_found()
        client = self._desktomy_select_client(client_id)[0]
        date_from, date_to, _period, _error = self._desktomy_billing_period(
            period, date_from, date_to
        )
        return self._desktomy_show_billing_report(client, date_from, date_to)

    def _desktomy_show_billing_report(self, client, date_from, date_to):
        """The billing summary PDF of ``client``, after the client panel's own
        access check (as ``_show_report`` does): the one billing report of the
        back office, rendered as superuser for that client only, in the
        company of the page."""
        ReportAction = (
            request.env["ir.actions.report"].sudo().with_company(request.env.company)
        )
        content, fmt = ReportAction._render_qweb_pdf(
            "desktomy_virtual_office.action_report_billing_summary",
            client.ids,
            data={
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
            },
        )
        filename = "%s %s %s_%s.%s" % (
            request.env._("Billing summary"),
            client.desktomy_client_number or client.id,
            fields.Date.to_string(date_from),
            fields.Date.to_string(date_to),
            fmt,
        )
        headers = [
            ("Content-Type", "application/pdf" if fmt == "pdf" else "text/html"),
            ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(filename)),
        ]
        return request.make_response(content, headers=headers)


class DesktomyPortalAccount(PortalAccount):
    @http.route(methods=["GET"])
    @desktomy_params(
        invoice_id="id", access_token="text", report_type="key", download="text"
    )
    def portal_my_invoice_detail(
        self, invoice_id, access_token=None, report_type=None, download=False, **kw
    ):
        """Odoo's invoice page, read-only (GET only), with its parameters read
        by the client panel's parser: an id out of range answers 404 instead of
        reaching the database. Everything else is stock: an invoice the user
        may not read, or a missing one, redirects to /my; ``download`` (any
        non-empty value, as stock reads it) of a posted invoice serves the PDF
        that was issued (``invoice_pdf_report_id``)."""
        return super().portal_my_invoice_detail(
            invoice_id,
            access_token=access_token,
            report_type=report_type,
            download=download,
            **kw,
        )
