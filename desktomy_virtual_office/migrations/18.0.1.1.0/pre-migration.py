# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Packages belong to one office (company) from 18.0.1.1.0 on.

A package without a company was billed by every office of its clients. It now
belongs to the office whose clients' package history uses it most (the first
company when it has no history); review these packages after the update.
"""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute(
        """
        UPDATE desktomy_package AS package
           SET company_id = COALESCE(
                   (SELECT usage.company_id
                      FROM desktomy_package_assignment AS history
                      JOIN desktomy_service_usage AS usage
                        ON usage.partner_id = history.partner_id
                     WHERE history.package_id = package.id
                     GROUP BY usage.company_id
                     ORDER BY COUNT(*) DESC, usage.company_id
                     LIMIT 1),
                   (SELECT id FROM res_company ORDER BY sequence, id LIMIT 1))
         WHERE package.company_id IS NULL
     RETURNING package.id, package.company_id
        """
    )
    for package_id, company_id in cr.fetchall():
        _logger.warning(
            "Package %s had no company: it now belongs to company %s, review it.",
            package_id,
            company_id,
        )
    # The history follows its package (stored related field).
    cr.execute(
        """
        UPDATE desktomy_package_assignment AS history
           SET company_id = package.company_id
          FROM desktomy_package AS package
         WHERE package.id = history.package_id
           AND history.company_id IS DISTINCT FROM package.company_id
        """
    )
