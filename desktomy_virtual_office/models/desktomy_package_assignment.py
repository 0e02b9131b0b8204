# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DesktomyPackageAssignment(models.Model):
    """One step in a client's package history: from ``date_from`` on, ``package_id``.

    Rule for a change in the middle of a month: the package in force on the last
    day of a month (or on the last day of the billing period, when the period
    ends earlier) applies to the whole month: its monthly fee, its included
    quantities and its prices. The package it replaced is not charged for that
    month. A change therefore takes effect for the month in which it happens.
    """

    _name = "desktomy.package.assignment"
    _inherit = ["desktomy.billing.source"]
    _description = "Client Package History"
    _order = "partner_id, date_from desc, id desc"
    _check_company_auto = True
    _desktomy_billing_date_field = "date_from"
    _desktomy_billing_fields = frozenset({"partner_id", "package_id", "date_from"})
    _desktomy_billing_until_coverage = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("desktomy_is_client", "=", True)],
    )
    package_id = fields.Many2one(
        comodel_name="desktomy.package",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    date_from = fields.Date(
        string="Valid From",
        required=True,
        default=fields.Date.context_today,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="package_id.company_id",
        store=True,
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "partner_date_unique",
            "unique(partner_id, company_id, date_from)",
            "A client can change package only once a day in each company.",
        ),
    ]

    # ------------------------------------------------------------------
    # Closed months
    # ------------------------------------------------------------------

    def _check_billing_open(self):
        """Refuse a history entry that takes effect in a closed month of the
        package's company."""
        for assignment in self.sudo():
            company = assignment.package_id.company_id
            closed_until = company._desktomy_billing_closed_until(
                assignment.partner_id, assignment.date_from
            ).get(assignment.partner_id.id)
            if closed_until and assignment.date_from <= closed_until:
                company._desktomy_raise_billing_closed(
                    assignment.date_from,
                    self.env._(
                        "the package history of %(client)s cannot be created, "
                        "changed or deleted in it. Record the change from a day "
                        "of an open month.",
                        client=assignment.partner_id.display_name,
                    ),
                    partner=assignment.partner_id,
                )

    @api.model_create_multi
    def create(self, vals_list):
        assignments = super().create(vals_list)
        assignments._check_billing_open()
        return assignments

    def write(self, vals):
        if not self._desktomy_billing_fields & set(vals):
            return super().write(vals)
        self._check_billing_open()
        res = super().write(vals)
        self._check_billing_open()
        return res

    def unlink(self):
        self._check_billing_open()
        return super().unlink()

    @api.depends("partner_id", "package_id", "date_from")
    def _compute_display_name(self):
        for assignment in self:
            assignment.display_name = self.env._(
                "%(client)s: %(package)s from %(date)s",
                client=assignment.partner_id.display_name or "",
                package=assignment.package_id.display_name or "",
                date=assignment.date_from or "",
            )

    @api.model
    def _get_history(self, partners, date_to, company=None):
        """Return ``{partner_id: [(date_from, package), ...]}`` up to ``date_to``,
        the history of the packages of ``company`` (default: the current one):
        each office bills its own.

        Ordered by date; one query whatever the number of clients.
        """
        history = {}
        company = company or self.env.company
        assignments = self.search_fetch(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("date_from", "<=", date_to),
            ],
            ["partner_id", "package_id", "date_from"],
            order="partner_id, date_from, id",
        )
        for assignment in assignments:
            history.setdefault(assignment.partner_id.id, []).append(
                (assignment.date_from, assignment.package_id)
            )
        return history

    @api.model
    def _get_packages_at(self, partners, date, company=None):
        """Return ``{partner_id: desktomy.package}`` of ``company`` (default:
        the current one) valid on ``date``."""
        return {
            partner_id: steps[-1][1]
            for partner_id, steps in self._get_history(partners, date, company).items()
        }
