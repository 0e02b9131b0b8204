# Copyright 2026 DESKTOMY for Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import account_chart_template
from . import credit_control_policy
