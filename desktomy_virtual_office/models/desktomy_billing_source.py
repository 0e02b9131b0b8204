# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class DesktomyBillingSource(models.AbstractModel):
    """Dated records the billing is computed from: usage lines, package
    history entries, versions of package terms.

    This is the one way the stored monthly billing (``desktomy.billing.month``)
    is kept in step with the ORM: creating, deleting or changing one of
    ``_desktomy_billing_fields`` of a record asks the one recompute entry
    point, ``desktomy.billing.month._refresh_partners``, for the months of its
    clients from its date (old and new); they are recomputed before the
    transaction commits, or before the stored months are read in it. Code that
    writes these tables in SQL calls the same entry point
    (``_desktomy_refresh_billing``), or ``desktomy.billing.month._rebuild()``
    after a bulk load.
    """

    _name = "desktomy.billing.source"
    _description = "Source of the Stored Monthly Billing"

    #: Field holding the client of the record.
    _desktomy_billing_partner_field = "partner_id"
    #: Date field that places the record in a month.
    _desktomy_billing_date_field = "date"
    #: Fields whose change changes the billing.
    _desktomy_billing_fields = frozenset()
    #: Whether a change holds until the end of the stored months (a package
    #: change does; a usage line changes its own month only).
    _desktomy_billing_until_coverage = False

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._desktomy_refresh_billing(records._billing_dates())
        return records

    def write(self, vals):
        if not self._desktomy_billing_fields & set(vals):
            return super().write(vals)
        dates = self._billing_dates()
        res = super().write(vals)
        for partner_id, days in self._billing_dates().items():
            dates.setdefault(partner_id, []).extend(days)
        self._desktomy_refresh_billing(dates)
        return res

    def unlink(self):
        dates = self._billing_dates()
        res = super().unlink()
        self._desktomy_refresh_billing(dates)
        return res

    def _billing_dates(self):
        """``{partner_id: [dates]}`` of the records."""
        dates = {}
        for record in self.sudo():
            dates.setdefault(
                record[self._desktomy_billing_partner_field].id, []
            ).append(record[self._desktomy_billing_date_field])
        return dates

    @api.model
    def _desktomy_refresh_billing(self, dates_by_partner):
        self.env["desktomy.billing.month"]._refresh_partners(
            dates_by_partner, until_coverage=self._desktomy_billing_until_coverage
        )
