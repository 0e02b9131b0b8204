# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.desktomy_mail import WAITING_STATES
from ..models.desktomy_mail_handover import raise_signature_problem

#: Clients per page of the wizard's checklist.
CHECKLIST_PAGE = 40


def _bounded_int(value, low, high, default):
    """``value`` as an int within ``[low, high]``, or ``default``."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value) if len(value) <= 12 else high
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return min(max(value, low), high)


class DesktomyMailHandoverWizard(models.TransientModel):
    _name = "desktomy.mail.handover.wizard"
    _description = "Hand Over Mail"

    person_search_id = fields.Many2one(
        comodel_name="res.partner",
        string="Find by Authorised Person",
        domain=[("desktomy_represented_client_ids", "!=", False)],
        help="Picking a person ticks every company this person may collect for.",
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="desktomy_mail_handover_wizard_partner_rel",
        column1="wizard_id",
        column2="partner_id",
        string="Selected Clients",
        domain=[("desktomy_is_client", "=", True)],
        help="Tick the clients whose mail is handed over in the list of the "
        "clients with waiting mail; their waiting items are listed below.",
    )
    mail_ids = fields.Many2many(
        comodel_name="desktomy.mail",
        relation="desktomy_mail_handover_wizard_mail_rel",
        column1="wizard_id",
        column2="mail_id",
        string="Items",
        help="The waiting items of the selected clients; remove those that "
        "stay at the desk.",
    )
    collector_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Authorised Person",
        domain=[("desktomy_represented_client_ids", "!=", False)],
    )
    collector_name = fields.Char(string="Collector")
    collector_id_number = fields.Char(string="Identity Document Number")
    authorization_warning = fields.Char(compute="_compute_authorization_warning")
    overdue_warning = fields.Char(compute="_compute_overdue_warning")
    hold_required = fields.Boolean(compute="_compute_overdue_warning")
    hold_override = fields.Boolean(
        string="Override the Mail Hold",
        help="Office administrators: hand over the mail of clients held for "
        "overdue invoices, for this handover only, with a reason.",
    )
    hold_override_reason = fields.Text(string="Reason for the Override")
    digital_confirmation = fields.Boolean(default=True)
    signature = fields.Image(max_width=1024, max_height=1024)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        ctx = self.env.context
        preselected = set(
            res.get("partner_ids") and self._ids_from_commands(res["partner_ids"]) or []
        )
        if ctx.get("active_model") == "res.partner" and ctx.get("active_ids"):
            preselected |= set(ctx["active_ids"])
        if ctx.get("active_model") == "desktomy.mail" and ctx.get("active_ids"):
            items = self.env["desktomy.mail"].browse(ctx["active_ids"])
            preselected |= set(items.partner_id.ids)
        if preselected:
            res["partner_ids"] = [Command.set(sorted(preselected))]
            if "mail_ids" in fields_list:
                items = self._waiting_items(preselected)
                if ctx.get("active_model") == "desktomy.mail":
                    # opened from a selection of items: only those
                    chosen = set(ctx["active_ids"])
                    items = items.browse([i for i in items.ids if i in chosen])
                res["mail_ids"] = [Command.set(items.ids)]
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("signature"):
                # before the image field decodes it (markup, bombs, truncated)
                raise_signature_problem(self.env, vals["signature"])
            # scripts give the clients only: every waiting item of theirs
            if "mail_ids" not in vals and vals.get("partner_ids"):
                partner_ids = self._ids_from_commands(vals["partner_ids"])
                vals["mail_ids"] = [Command.set(self._waiting_items(partner_ids).ids)]
        return super().create(vals_list)

    @staticmethod
    def _ids_from_commands(commands):
        ids = []
        for command in commands:
            if command[0] == Command.SET:
                ids.extend(command[2])
            elif command[0] == Command.LINK:
                ids.append(command[1])
        return ids

    @api.depends("collector_partner_id", "partner_ids")
    def _compute_authorization_warning(self):
        for wizard in self:
            missing = wizard._unauthorized_partners()
            if missing:
                wizard.authorization_warning = self.env._(
                    "The collector is not an authorised person of: %(clients)s. "
                    "Check the identity document and write its number.",
                    clients=", ".join(missing.mapped("display_name")),
                )
            else:
                wizard.authorization_warning = False

    @api.depends("partner_ids", "mail_ids")
    def _compute_overdue_warning(self):
        for wizard in self:
            partners = wizard.partner_ids._origin
            company = wizard.mail_ids._origin.company_id[:1] or self.env.company
            overdue = partners._desktomy_overdue(company)
            amounts = {
                partner: overdue[partner.commercial_partner_id.id]["amount"]
                for partner in partners
                if partner.commercial_partner_id.id in overdue
            }
            held = partners._desktomy_held(company)
            wizard.hold_required = bool(held)
            if not amounts:
                wizard.overdue_warning = False
            elif held:
                wizard.overdue_warning = self.env._(
                    "Overdue invoices: %(clients)s. The mail of %(held)s is held: "
                    "only an office administrator may hand it over, with a reason.",
                    clients=partners._desktomy_overdue_text(amounts, company),
                    held=", ".join(partner.display_name for partner in held),
                )
            else:
                wizard.overdue_warning = self.env._(
                    "Overdue invoices: %(clients)s.",
                    clients=partners._desktomy_overdue_text(amounts, company),
                )

    def _unauthorized_partners(self):
        """Return the ticked companies the collector may not collect for."""
        self.ensure_one()
        partners = self.partner_ids._origin
        person = self.collector_partner_id._origin
        if not person:
            return partners
        return partners - person.desktomy_represented_client_ids

    @api.onchange("person_search_id")
    def _onchange_person_search_id(self):
        person = self.person_search_id
        if person:
            self.partner_ids = (
                self.partner_ids._origin | person.desktomy_represented_client_ids
            )
            self.collector_partner_id = person

    @api.onchange("collector_partner_id")
    def _onchange_collector_partner_id(self):
        if self.collector_partner_id:
            self.collector_name = self.collector_partner_id.name

    @api.onchange("partner_ids")
    def _onchange_partner_ids(self):
        """List the waiting items of the clients; keep the choice on the others.

        Items of clients already listed stay as the user left them; the items
        of newly added clients are all listed.
        """
        partners = self.partner_ids._origin
        listed = self.mail_ids._origin
        listed_partner_ids = set(listed.partner_id.ids)
        partner_ids = set(partners.ids)
        waiting = self._waiting_items(partners.ids)
        self.mail_ids = listed.filtered(
            lambda item: item.partner_id.id in partner_ids
        ) | waiting.filtered(lambda item: item.partner_id.id not in listed_partner_ids)

    @api.model
    def _waiting_items(self, partner_ids):
        """The items of ``partner_ids`` waiting for pickup, by client and date."""
        return self.env["desktomy.mail"].search(
            [("partner_id", "in", list(partner_ids)), ("state", "in", WAITING_STATES)],
            order="partner_id, received_datetime, id",
        )

    def _get_items(self):
        """Return the items to hand over: the listed items of the selected clients."""
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Select at least one client."))
        partner_ids = set(self.partner_ids.ids)
        items = self.mail_ids.filtered(lambda item: item.partner_id.id in partner_ids)
        if not items:
            raise UserError(
                self.env._("The selected clients have no mail waiting for pickup.")
            )
        return items

    def write(self, vals):
        if vals.get("signature"):
            # before the image field decodes it (markup, bombs, truncated files)
            raise_signature_problem(self.env, vals["signature"])
        return super().write(vals)

    def _prepare_handover_vals(self, items):
        """The draft handover the wizard's input describes."""
        self.ensure_one()
        return {
            "collector_partner_id": self.collector_partner_id.id,
            "collector_name": (self.collector_name or "").strip(),
            "collector_id_number": (self.collector_id_number or "").strip(),
            "digital_confirmation": self.digital_confirmation,
            "signature": self.with_context(bin_size=False).signature
            if self.digital_confirmation
            else False,
            "mail_ids": [Command.set(items.ids)],
            "hold_override": self.hold_override,
            "hold_override_reason": (self.hold_override_reason or "").strip()
            if self.hold_override
            else False,
        }

    def action_handover(self):
        """Hand over the selected items in one go, all or nothing.

        The wizard only gathers the input: the handover's own
        ``action_confirm`` checks and does the work (the same path as the
        status bar and scripts).
        """
        self.ensure_one()
        items = self._get_items()
        handover = self.env["desktomy.mail.handover"].create(
            self._prepare_handover_vals(items)
        )
        handover.action_confirm()
        return {
            "type": "ir.actions.act_window",
            "res_model": "desktomy.mail.handover",
            "res_id": handover.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------
    # The checklist of clients with waiting mail (DESKTOMY 2.19)
    # ------------------------------------------------------------

    @api.model
    def desktomy_client_checklist(self, search="", offset=0, limit=CHECKLIST_PAGE):
        """One page of the clients with mail waiting for pickup.

        :param search: text found in the client's name, client number or tax
            ID, or in the name of one of its authorised persons
        :return: ``{"length": total, "records": [{"id", "number", "name",
            "waiting"}]}`` with the waiting count read from the items
        """
        if not isinstance(search, str):
            search = ""
        offset = _bounded_int(offset, 0, 2**31 - 1, 0)
        limit = _bounded_int(limit, 1, 200, CHECKLIST_PAGE)
        Partner = self.env["res.partner"]
        domain = [
            ("desktomy_is_client", "=", True),
            ("desktomy_mail_ids.state", "in", WAITING_STATES),
        ]
        search = search.strip()[:100]
        if search:
            domain += [
                "|",
                "|",
                "|",
                ("name", "ilike", search),
                ("desktomy_client_number", "ilike", search),
                ("vat", "ilike", search),
                ("desktomy_authorized_person_ids.name", "ilike", search),
            ]
        partners = Partner.search(domain, offset=offset, limit=limit)
        if partners and len(partners) < limit:
            length = offset + len(partners)
        else:
            length = Partner.search_count(domain)
        counts = dict(
            self.env["desktomy.mail"]._read_group(
                [("partner_id", "in", partners.ids), ("state", "in", WAITING_STATES)],
                ["partner_id"],
                ["__count"],
            )
        )
        return {
            "length": length,
            "records": [
                {
                    "id": partner.id,
                    "number": partner.desktomy_client_number or "",
                    "name": partner.display_name,
                    "waiting": counts.get(partner, 0),
                }
                for partner in partners
            ],
        }
