# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Storage may be charged per started period from 18.0.1.4.0 on.

An automatic usage line is unique per item, service and period
(``period_index``, 0 for every line recorded so far) instead of per item and
service: the column is added with 0 on the existing lines, and the old unique
index is replaced (``desktomy.service.usage.init`` creates the new one).
"""


def migrate(cr, version):
    cr.execute(
        """
        ALTER TABLE desktomy_service_usage
        ADD COLUMN IF NOT EXISTS period_index int4 NOT NULL DEFAULT 0
        """
    )
    cr.execute("DROP INDEX IF EXISTS desktomy_service_usage_event_uniq")
