# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Virtual Office Client Panel",
    "summary": "Client portal of the virtual office: mail, scans, signed receipts "
    "and the billing summary, with a switch between represented companies",
    "version": "18.0.1.3.0",
    "category": "Services/Virtual Office",
    "website": "https://github.com/desktomy/desktomy-odoo",
    "author": "DESKTOMY for Odoo contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "development_status": "Beta",
    "installable": True,
    "depends": ["desktomy_virtual_office", "portal", "base_setup", "account_payment"],
    "data": [
        "security/ir.model.access.csv",
        "security/desktomy_portal_security.xml",
        "views/res_config_settings_views.xml",
        "views/desktomy_portal_templates.xml",
        "views/desktomy_portal_hardening_templates.xml",
        "views/desktomy_portal_request_templates.xml",
        "views/desktomy_portal_preferences_templates.xml",
    ],
    "demo": [
        "demo/desktomy_portal_demo.xml",
        "demo/res_users_demo.xml",
        # After the back office's demo (its items and history, the invoices).
        "demo/desktomy_portal_request_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "desktomy_portal/static/tests/tours/**/*",
        ],
    },
}
