# Copyright 2026 DESKTOMY for Odoo contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Virtual Office Payment Reminders",
    "summary": "Payment reminders of a virtual office through OCA Credit Control: "
    "friendly, firm and final, the last one announcing the mail hold",
    "version": "18.0.1.0.0",
    "category": "Accounting",
    "website": "https://github.com/desktomy/desktomy-odoo",
    "author": "DESKTOMY for Odoo contributors",
    "license": "AGPL-3",
    "depends": ["desktomy_virtual_office", "account_credit_control"],
    "data": ["data/credit_control_policy_data.xml"],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
