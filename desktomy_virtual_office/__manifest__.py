# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Virtual Office Mailroom",
    "summary": "Client companies, correspondence items, scans, notifications, "
    "handover with a signed receipt, service packages and billing summaries",
    "version": "18.0.1.2.0",
    "category": "Services/Virtual Office",
    "website": "https://github.com/desktomy/desktomy-odoo",
    "author": "DESKTOMY for Odoo contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": True,
    "installable": True,
    "depends": ["account", "mail", "product", "web"],
    "external_dependencies": {"python": []},
    "data": [
        "security/desktomy_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/desktomy_menus.xml",
        "views/res_partner_views.xml",
        "views/desktomy_mail_lifecycle_views.xml",
        "views/desktomy_mail_views.xml",
        "data/mail_template_data.xml",
        "views/desktomy_mail_notification_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/desktomy_mail_notify_wizard_views.xml",
        "security/desktomy_billing_security.xml",
        "data/desktomy_product_data.xml",
        "data/desktomy_billing_cron.xml",
        "data/desktomy_billing_month_data.xml",
        "views/desktomy_billing_views.xml",
        "report/billing_summary_report.xml",
        "data/desktomy_mail_handover_data.xml",
        "security/desktomy_mail_handover_security.xml",
        "report/desktomy_mail_handover_report.xml",
        "data/mail_template_receipt_data.xml",
        "views/desktomy_receipt_verification_templates.xml",
        "views/desktomy_mail_handover_views.xml",
        "security/desktomy_mail_request_security.xml",
        "data/desktomy_mail_request_data.xml",
        "views/desktomy_mail_request_views.xml",
        "security/desktomy_preference_security.xml",
        "data/desktomy_person_notice_data.xml",
        "views/desktomy_notification_preference_views.xml",
    ],
    "demo": [
        # First: the Polish company and language that the demo users need.
        "demo/res_company_demo.xml",
        "demo/res_users_demo.xml",
        "demo/desktomy_demo.xml",
        "demo/desktomy_mail_history_demo.xml",
        "demo/desktomy_mail_notification_demo.xml",
        # Derives usage from the demo clients and items loaded before.
        "demo/desktomy_billing_demo.xml",
        # After the usage: instructions, requests, the previous month invoiced.
        "demo/desktomy_recent_activity_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "desktomy_virtual_office/static/src/**/*",
            ("remove", "desktomy_virtual_office/static/src/report/**/*"),
        ],
        "web.report_assets_common": [
            "desktomy_virtual_office/static/src/report/desktomy_handover_report.scss",
        ],
        "web.assets_tests": [
            "desktomy_virtual_office/static/tests/tours/**/*",
        ],
    },
}
