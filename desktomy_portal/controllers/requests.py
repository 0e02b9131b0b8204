# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Requests of the client panel: a scan, forwarding, shredding or a pickup.

A client's representative ticks waiting items of one company on ``/my/mail``
(or opens an item) and asks for something to be done with them. The page
before sending (``GET /my/mail/request``) shows what the package still
includes this month and what the request costs beyond it, computed by the
one pricing rule (``desktomy.mail.request._desktomy_price_preview``);
``POST /my/mail/request`` records the request (who asked and when);
``/my/requests`` lists the requests of the selected company, and a pending
one can be cancelled (``POST /my/requests/<id>/cancel``).

Portal users have no access rights on ``desktomy.mail.request``: these
routes check themselves that the user represents the client (the items are
searched as the user, so the record rules apply too), then read and write
the requests as superuser, for that client only. The model validates again
(states, one client and company, required values).
"""

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.tools.misc import formatLang

from odoo.addons.desktomy_virtual_office.models import desktomy_mail_request
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .hardening import (
    POST_HARD_MAX_BYTES,
    desktomy_params,
    desktomy_post_limits,
    parse_choice,
)
from .portal import SESSION_CLIENT_KEY, DesktomyCustomerPortal

#: Kinds of requests a client may send from the panel, in the order offered.
REQUEST_KINDS = tuple(kind for kind, _label in desktomy_mail_request.REQUEST_KINDS)
#: Item states in which each kind of request may be sent.
REQUEST_ALLOWED_STATES = desktomy_mail_request.REQUEST_ALLOWED_STATES
#: Carriers offered for forwarding (brand names, stored as they are).
FORWARD_CARRIERS = tuple(desktomy_mail_request.FORWARD_CARRIERS)


def carrier_key(label):
    """The key of a carrier in the form (``Poczta Polska`` -> ``poczta_polska``)."""
    return "_".join(label.lower().split())


def _allowed_states(kind):
    return tuple(REQUEST_ALLOWED_STATES.get(kind, ()))


class DesktomyRequestPortal(DesktomyCustomerPortal):
    # ------------------------------------------------------------
    # Labels, lookups and checks
    # ------------------------------------------------------------

    def _desktomy_request_model(self, company=None):
        """The request model as superuser: only after the caller's checks."""
        Request = request.env["desktomy.mail.request"].sudo()
        return Request.with_company(company) if company else Request

    def _desktomy_request_labels(self):
        """Labels of the requests' selections and of the panel's actions,
        read once per page."""
        env = request.env
        fields_ = env["desktomy.mail.request"]._fields
        return {
            "desktomy_request_actions": {
                "scan": env._("Ask for a scan"),
                "forward": env._("Forward"),
                "shred": env._("Shred"),
                "pickup": env._("Hold for pickup"),
            },
            "desktomy_request_icons": {
                "scan": "fa-file-image-o",
                "forward": "fa-truck",
                "shred": "fa-scissors",
                "pickup": "fa-calendar-check-o",
            },
            "desktomy_request_kinds": REQUEST_KINDS,
            "desktomy_request_kind_labels": dict(
                fields_["kind"]._description_selection(env)
            ),
            "desktomy_request_state_labels": dict(
                fields_["state"]._description_selection(env)
            ),
            "desktomy_request_state_classes": {
                "pending": "text-bg-warning",
                "done": "text-bg-success",
                "refused": "text-bg-danger",
                "cancelled": "text-bg-secondary",
            },
        }

    def _desktomy_request_kind(self, kind):
        """The kind of request read as a ``key``; an unknown one is a 404."""
        kind = parse_choice(kind, REQUEST_KINDS, None)
        if kind is None:
            raise request.not_found()
        return kind

    def _desktomy_today(self):
        return fields.Date.context_today(request.env.user)

    def _desktomy_pending_mail_ids(self, items):
        """Ids of ``items`` that have a pending request: one query, whatever
        the number of items."""
        return {
            item_id for item_id, _request_id in items._desktomy_pending_request_pairs()
        }

    def _desktomy_requestable(self, items):
        """The ``items`` (sudo'ed) a request may be sent for: waiting at the
        office, without a pending request."""
        states = set()
        for kind in REQUEST_KINDS:
            states.update(_allowed_states(kind))
        waiting = items.filtered(lambda item: item.state in states)
        pending = self._desktomy_pending_mail_ids(waiting)
        return waiting.filtered(lambda item: item.id not in pending)

    def _desktomy_request_items(self, mail_ids):
        """The items of ``mail_ids`` (a tuple of ints), sudo'ed, after checking
        that the user represents their client.

        Every id must be an item the user may read (searched as the user: the
        record rules apply) of one client the user represents; a foreign, a
        nonexistent or a mixed selection answers 404, like a missing record.

        :return: (items, clients), both sudo'ed
        """
        Mail = request.env["desktomy.mail"]
        clients = self._desktomy_clients()
        if not mail_ids or not clients or not Mail.has_access("read"):
            raise request.not_found()
        items = Mail.search(
            [("id", "in", list(mail_ids)), ("partner_id", "in", clients.ids)]
        )
        if len(items) != len(mail_ids):
            raise request.not_found()
        items = items.sudo()
        if len(items.partner_id) != 1:
            raise request.not_found()
        if request.session.get(SESSION_CLIENT_KEY) != items.partner_id.id:
            request.session[SESSION_CLIENT_KEY] = items.partner_id.id
        return items, clients

    def _desktomy_request_check_access(self, request_id):
        """The request ``request_id`` (sudo'ed) when the user represents its
        client and it belongs to one of the user's companies, else 404."""
        clients = self._desktomy_clients()
        if not clients:
            raise request.not_found()
        record = self._desktomy_request_model().search(
            [
                ("id", "=", request_id),
                ("partner_id", "in", clients.ids),
                ("company_id", "in", request.env.companies.ids),
            ],
            limit=1,
        )
        if not record:
            raise request.not_found()
        return record, clients

    def _desktomy_forward_addresses(self, client):
        """The addresses saved on ``client`` (sudo'ed) that mail may be
        forwarded to: its own address and its delivery addresses, those
        with at least a street, a city or a postal code."""
        addresses = client | client.child_ids.filtered(
            lambda contact: contact.type == "delivery"
        )
        return addresses.filtered(
            lambda address: address.street or address.city or address.zip
        )

    # ------------------------------------------------------------
    # The list of items and the item's page
    # ------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "desktomy_request_count" in counters:
            client = self._desktomy_counter_client()
            values["desktomy_request_count"] = (
                self._desktomy_request_model().search_count(
                    [
                        ("partner_id", "=", client.id),
                        ("company_id", "in", request.env.companies.ids),
                        ("state", "=", "pending"),
                    ]
                )
                if client
                else 0
            )
        return values

    def _prepare_desktomy_mail_values(self, client, *args, **kwargs):
        values = super()._prepare_desktomy_mail_values(client, *args, **kwargs)
        values.update(self._desktomy_request_labels())
        states = set()
        for kind in REQUEST_KINDS:
            states.update(_allowed_states(kind))
        waiting = values["desktomy_items"].filtered(lambda item: item.state in states)
        pending = self._desktomy_pending_mail_ids(waiting)
        values["desktomy_requestable_ids"] = set(waiting.ids) - pending
        values["desktomy_pending_request_ids"] = pending
        return values

    def _desktomy_mail_page_values(self, item_sudo):
        values = super()._desktomy_mail_page_values(item_sudo)
        values.update(self._desktomy_request_labels())
        values["desktomy_item_requests"] = self._desktomy_request_model().search(
            [
                ("mail_ids", "in", item_sudo.ids),
                ("company_id", "=", item_sudo.company_id.id),
            ],
            order="requested_datetime desc, id desc",
        )
        requestable = bool(self._desktomy_requestable(item_sudo))
        values["desktomy_item_requestable"] = requestable
        values["desktomy_item_kinds"] = [
            kind
            for kind in REQUEST_KINDS
            if requestable and item_sudo.state in _allowed_states(kind)
        ]
        return values

    # ------------------------------------------------------------
    # Asking: the page before sending, and sending
    # ------------------------------------------------------------

    def _desktomy_blocked_items(self, kind, items):
        """Why each of ``items`` cannot be requested (item -> message)."""
        env = request.env
        states = _allowed_states(kind)
        state_labels = dict(
            env["desktomy.mail"]._fields["state"]._description_selection(env)
        )
        pending = self._desktomy_pending_mail_ids(items)
        blocked = {}
        for item in items:
            if item.state not in states:
                blocked[item] = env._(
                    "%(item)s is not waiting at the office (status: %(state)s): "
                    "no request can be sent for it.",
                    item=item.name,
                    state=state_labels.get(item.state, item.state),
                )
            elif item.id in pending:
                blocked[item] = env._(
                    "%(item)s already has a pending request.", item=item.name
                )

        return blocked

    def _desktomy_request_page(self, kind, items, clients, form=None, error=None):
        """Render the page before sending (status 400 with an error)."""
        client = items.partner_id
        company = items.company_id
        blocked = self._desktomy_blocked_items(kind, items)
        if not error and len(company) > 1:
            error = request.env._(
                "The items are kept by different offices: send one request per office."
            )
        preview = None
        if len(company) == 1:
            Request = self._desktomy_request_model(company)
            # (the items, not their number: an item already charged for the
            # service, e.g. an envelope scan, is not charged again)
            preview = Request._desktomy_price_preview(
                client, kind, items, day=self._desktomy_today(), company=company
            )
            # (a portal user reads no product: the service's name, for display)
            preview["service"] = preview["service"].sudo()
            preview.update(self._desktomy_price_texts(preview))
        carriers = [(carrier_key(label), label) for label in FORWARD_CARRIERS]
        values = self._prepare_portal_layout_values()
        values.update(self._desktomy_mail_labels())
        values.update(self._desktomy_request_labels())
        values.update(
            {
                "page_name": "desktomy_request",
                "desktomy_kind": kind,
                "desktomy_items": items,
                "desktomy_mail_ids": ",".join(str(item_id) for item_id in items.ids),
                "desktomy_blocked": blocked,
                "desktomy_preview": preview,
                "desktomy_addresses": self._desktomy_forward_addresses(client),
                "desktomy_carriers": carriers,
                "desktomy_form": form or {},
                "desktomy_error": error,
                "desktomy_can_send": not blocked and len(company) == 1,
                "desktomy_today": self._desktomy_today(),
            }
        )
        values.update(self._desktomy_switcher_values(client, clients, "/my/mail"))
        status = 400 if (error or blocked) else 200
        return self._desktomy_render(
            "desktomy_portal.portal_my_desktomy_request", values, status=status
        )

    def _desktomy_price_texts(self, preview):
        """The sentences of the price shown before sending."""
        env = request.env
        currency = preview["currency"]

        def number(value):
            value = float(value)
            return formatLang(env, value, digits=0 if value.is_integer() else 2)

        def money(value):
            return formatLang(env, value, currency_obj=currency)

        included = env._(
            "%(service)s: your package still includes %(count)s this month.",
            service=preview["service"].name or env._("Service"),
            count=number(preview["included_left"]),
        )
        if preview["billable_qty"]:
            amount = env._(
                "This request costs %(amount)s beyond your package "
                "(%(billable)s × %(price)s).",
                amount=money(preview["amount"]),
                billable=number(preview["billable_qty"]),
                price=money(preview["unit_price"]),
            )
        else:
            amount = env._(
                "This request is included in your package: it costs nothing beyond it."
            )
        return {"included_text": included, "amount_text": amount}

    def _desktomy_no_items_page(self, kind):
        """The answer to a request without ticked items (a 400 page)."""
        message = request.env._(
            "Tick at least one waiting item in the list first, then choose what "
            "to do with it."
        )
        return self._desktomy_request_refused(400, message, back="/my/mail")

    def _desktomy_request_refused(self, status, message, back="/my/requests"):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "desktomy_request",
                "desktomy_message": message,
                "desktomy_back_url": back,
            }
        )
        return self._desktomy_render(
            "desktomy_portal.portal_request_refused", values, status=status
        )

    @http.route(
        ["/my/mail/request"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    @desktomy_params(kind="key", mail_ids="ids")
    def portal_my_desktomy_request(self, kind=None, mail_ids=None, **kw):
        kind = self._desktomy_request_kind(kind)
        if mail_ids is None:
            return self._desktomy_no_items_page(kind)
        items, clients = self._desktomy_request_items(mail_ids)
        return self._desktomy_request_page(kind, items, clients)

    def _desktomy_request_form_values(self, kind, client, form):
        """The request's values from the form, or an error message.

        :return: (values, error); an address that is not one of the client's
            answers 404, like a missing record
        """
        env = request.env
        values = {}
        if form.get("note"):
            values["note"] = form["note"].strip() or False
        if kind == "forward":
            if not form.get("address_id"):
                return values, env._("Choose the address to forward the items to.")
            addresses = self._desktomy_forward_addresses(client)
            address = addresses.filtered(lambda a: a.id == form["address_id"])
            if not address:
                raise request.not_found()
            carriers = {carrier_key(label): label for label in FORWARD_CARRIERS}
            if form.get("carrier") not in carriers:
                return values, env._("Choose a carrier from the list.")
            values["forward_address"] = address._desktomy_forward_address_text()
            values["forward_carrier"] = carriers[form["carrier"]]
        elif kind == "pickup":
            pickup_date = form.get("pickup_date")
            if not pickup_date:
                return values, env._("Choose the day you will pick the items up.")
            if pickup_date < self._desktomy_today():
                return values, env._(
                    "The pickup day cannot be in the past: choose today or a later day."
                )
            values["pickup_date"] = pickup_date
        return values, None

    @http.route(
        ["/my/mail/request"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        max_content_length=POST_HARD_MAX_BYTES,
    )
    @desktomy_post_limits("mail_request")
    @desktomy_params(
        kind="key",
        mail_ids="ids",
        address_id="id",
        carrier="key",
        pickup_date="date",
        note="text",
    )
    def portal_my_desktomy_request_submit(
        self,
        kind=None,
        mail_ids=None,
        address_id=None,
        carrier=None,
        pickup_date=None,
        note=None,
        **kw,
    ):
        kind = self._desktomy_request_kind(kind)
        if mail_ids is None:
            return self._desktomy_no_items_page(kind)
        items, clients = self._desktomy_request_items(mail_ids)
        client = items.partner_id
        form = {
            "address_id": address_id,
            "carrier": carrier,
            "pickup_date": pickup_date,
            "note": note,
        }
        values, error = self._desktomy_request_form_values(kind, client, form)
        if (
            error
            or len(items.company_id) != 1
            or self._desktomy_blocked_items(kind, items)
        ):
            return self._desktomy_request_page(kind, items, clients, form, error)
        try:
            with request.env.cr.savepoint():
                record = self._desktomy_request_model(
                    items.company_id
                )._desktomy_submit(
                    client,
                    kind,
                    items,
                    values,
                    person=request.env.user.partner_id,
                    origin="portal",
                )
        except (UserError, ValidationError, AccessError) as exc:
            return self._desktomy_request_page(kind, items, clients, form, exc.args[0])
        return request.redirect(
            f"/my/requests?client_id={client.id}&sent={record.id}", code=303
        )

    # ------------------------------------------------------------
    # My requests
    # ------------------------------------------------------------

    def _get_desktomy_request_searchbar_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "pending": {
                "label": env._("Pending"),
                "domain": [("state", "=", "pending")],
            },
            "closed": {
                "label": env._("Done, refused or cancelled"),
                "domain": [("state", "in", ("done", "refused", "cancelled"))],
            },
        }

    @http.route(
        ["/my/requests", "/my/requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    @desktomy_params(page="page", filterby="key", client_id="id", sent="id")
    def portal_my_desktomy_requests(
        self, page=1, filterby=None, client_id=None, sent=None, **kw
    ):
        client, clients = self._desktomy_select_client(client_id)
        filters = self._get_desktomy_request_searchbar_filters()
        filterby = parse_choice(filterby, filters, "all")
        Request = self._desktomy_request_model()
        domain = [
            ("partner_id", "=", client.id),
            ("company_id", "in", request.env.companies.ids),
        ] + filters[filterby]["domain"]
        pager = self._desktomy_requests_pager(
            Request.search_count(domain), page, filterby
        )
        records = Request.search(
            domain,
            order="requested_datetime desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(self._desktomy_request_labels())
        values.update(
            {
                "page_name": "desktomy_requests",
                "desktomy_requests": records,
                "desktomy_sent_id": sent,
                "pager": pager,
                "default_url": "/my/requests",
                "searchbar_sortings": {},
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        values.update(
            self._desktomy_switcher_values(
                client, clients, "/my/requests", keep=("filterby",)
            )
        )
        return self._desktomy_render(
            "desktomy_portal.portal_my_desktomy_requests", values
        )

    def _desktomy_requests_pager(self, count, page, filterby):
        return portal_pager(
            url="/my/requests",
            url_args={"filterby": filterby},
            total=count,
            page=page,
            step=self._items_per_page,
        )

    @http.route(
        ["/my/requests/<int:request_id>/cancel"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
        max_content_length=POST_HARD_MAX_BYTES,
    )
    @desktomy_post_limits("mail_request_cancel")
    @desktomy_params(request_id="id")
    def portal_my_desktomy_request_cancel(self, request_id, **kw):
        record, _clients = self._desktomy_request_check_access(request_id)
        back = f"/my/requests?client_id={record.partner_id.id}"
        if record.state != "pending":
            return self._desktomy_request_refused(
                400,
                request.env._(
                    "Request %(request)s is no longer pending: it cannot be cancelled.",
                    request=record.name,
                ),
                back=back,
            )
        try:
            with request.env.cr.savepoint():
                record.action_cancel()
        except (UserError, ValidationError, AccessError) as exc:
            return self._desktomy_request_refused(400, exc.args[0], back=back)
        return request.redirect(back, code=303)
