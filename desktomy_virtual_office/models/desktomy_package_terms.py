# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.fields import Command

#: Context key: the day from which a change of a package's terms applies
#: (ISO date or ``datetime.date``; empty: the company's first open day).
TERMS_DATE = "desktomy_terms_date_from"
#: Context key set while the terms of a package are being saved.
TERMS_SAVING = "desktomy_terms_saving"


class DesktomyPackageTerms(models.Model):
    """The terms of a package from a day on: what months are billed with.

    A month is billed with the terms of its package in force on the month's
    governing day (its last day, or the end of the period when that is
    earlier): the version with the latest ``date_from`` not after that day;
    the version without a date holds from the start. Versions are written by
    the package (``desktomy.package._desktomy_save_terms``) when its fee or its
    service lines change: the change creates a version from the first day of
    the first open month (or the day chosen), so that a month already closed
    keeps the terms it was billed with.
    """

    _name = "desktomy.package.terms"
    _inherit = ["desktomy.billing.source"]
    _description = "Package Terms (Version)"
    _order = "package_id, date_from desc nulls last, id desc"
    _rec_name = "package_id"
    # (versions are created and deleted, never changed)
    _desktomy_billing_fields = frozenset({"package_id", "date_from", "monthly_fee"})
    _desktomy_billing_until_coverage = True

    package_id = fields.Many2one(
        comodel_name="desktomy.package",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(related="package_id.company_id", store=True)
    currency_id = fields.Many2one(related="package_id.currency_id")
    date_from = fields.Date(
        string="Valid From",
        readonly=True,
        help="First day these terms apply to. Empty: from the start.",
    )
    monthly_fee = fields.Monetary(currency_field="currency_id", readonly=True)
    line_ids = fields.One2many(
        comodel_name="desktomy.package.terms.line",
        inverse_name="terms_id",
        string="Services",
        readonly=True,
    )

    _sql_constraints = [
        (
            "package_date_unique",
            "unique(package_id, date_from)",
            "A package has one version of its terms per day.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        terms = super().create(vals_list)
        terms._check_billing_open()
        return terms

    def write(self, vals):
        self._check_billing_open()
        res = super().write(vals)
        self._check_billing_open()
        return res

    def unlink(self):
        self._check_billing_open()
        return super().unlink()

    def _check_billing_open(self):
        """Refuse versions that apply to a month already closed for a client
        of the package (a package nobody had in a closed month may change)."""
        if self.env.context.get("desktomy_terms_init"):
            return
        for terms in self.sudo():
            company = terms.package_id.company_id
            lock_date = company.desktomy_billing_lock_date
            # (a month invoiced for a client with this package is closed too)
            invoiced = (
                self.env["desktomy.billing.invoice"]
                .sudo()
                .search_fetch(
                    [("package_id", "=", terms.package_id.id)]
                    + (
                        [("month", ">=", terms.date_from.replace(day=1))]
                        if terms.date_from
                        else []
                    ),
                    ["partner_id", "month"],
                    limit=1,
                )
                if company.desktomy_billing_invoiced_until
                and (
                    not terms.date_from
                    or terms.date_from <= company.desktomy_billing_invoiced_until
                )
                else None
            )
            if invoiced:
                company._desktomy_raise_billing_closed(
                    terms.date_from or invoiced.month,
                    self.env._(
                        "the terms of the package %(package)s (fee, included "
                        "quantities, own prices, services) billed that month "
                        "cannot change. Let the change apply from the first "
                        "open month.",
                        package=terms.package_id.display_name,
                    ),
                    partner=invoiced.partner_id,
                )
            if not lock_date or (terms.date_from and terms.date_from > lock_date):
                continue
            if (
                self.env["desktomy.package.assignment"]
                .sudo()
                .search_count(
                    [
                        ("package_id", "=", terms.package_id.id),
                        ("date_from", "<=", lock_date),
                    ],
                    limit=1,
                )
            ):
                company._desktomy_raise_billing_closed(
                    terms.date_from,
                    self.env._(
                        "the terms of the package %(package)s (fee, included "
                        "quantities, own prices, services) billed that month "
                        "cannot change. Let the change apply from the first "
                        "open month.",
                        package=terms.package_id.display_name,
                    ),
                )

    def _billing_dates(self):
        """``{partner_id: [first day]}`` of the clients of the packages: the
        months a version applies to, from its first day (or from the client's
        first history entry, for a version from the start)."""
        dates = {}
        if not self:
            return dates
        Assignment = self.env["desktomy.package.assignment"].sudo()
        history = Assignment.search_fetch(
            [("package_id", "in", self.sudo().package_id.ids)],
            ["partner_id", "package_id", "date_from"],
        )
        for terms in self.sudo():
            for assignment in history.filtered(
                lambda entry, terms=terms: entry.package_id == terms.package_id
            ):
                dates.setdefault(assignment.partner_id.id, []).append(
                    max(terms.date_from or assignment.date_from, assignment.date_from)
                )
        return dates

    @api.model
    def _get_terms(self, packages):
        """``{package_id: [(date_from or None, fee, {service_id: (included,
        own price or None)})]}``, oldest first; two queries whatever the
        number of packages."""
        versions = self.sudo().search_fetch(
            [("package_id", "in", packages.ids)],
            ["package_id", "date_from", "monthly_fee", "line_ids"],
            order="package_id, date_from asc nulls first, id",
        )
        versions.line_ids.fetch(
            ["service_id", "included_qty", "override_price", "price_unit"]
        )
        result = {}
        for version in versions:
            result.setdefault(version.package_id.id, []).append(
                (
                    version.date_from or None,
                    version.monthly_fee,
                    {
                        line.service_id.id: (
                            line.included_qty,
                            line.price_unit if line.override_price else None,
                        )
                        for line in version.line_ids
                    },
                )
            )
        return result

    @api.model
    def _terms_at(self, versions, day):
        """The ``(date_from, fee, lines)`` of ``versions`` (see ``_get_terms``)
        in force on ``day``, or None."""
        found = None
        for version in versions:
            if version[0] is None or version[0] <= day:
                found = version
        return found

    @api.model
    def _values_from_package(self, package, date_from):
        return {
            "package_id": package.id,
            "date_from": date_from,
            "monthly_fee": package.monthly_fee,
            "line_ids": [
                Command.create(
                    {
                        "service_id": line.service_id.id,
                        "included_qty": line.included_qty,
                        "override_price": line.override_price,
                        "price_unit": line.price_unit,
                    }
                )
                for line in package.line_ids
            ],
        }
