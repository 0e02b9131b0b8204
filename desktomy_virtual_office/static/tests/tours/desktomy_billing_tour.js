/* Copyright 2026 DESKTOMY for Odoo contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
// Data: tests/test_billing_http.py, TestBillingTour.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("desktomy_billing_summary_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Virtual Office app",
            trigger: ".o_app[data-menu-xmlid='desktomy_virtual_office.desktomy_menu_root']",
            run: "click",
        },
        {
            content: "Open the Billing menu",
            trigger: ".o_menu_sections .dropdown-toggle:contains('Billing')",
            run: "click",
        },
        {
            content: "Open the summaries",
            trigger: ".dropdown-item:contains('Summaries')",
            run: "click",
        },
        {
            content: "The month's summaries list the client with its total",
            trigger: ".o_field_one2many .o_data_row:contains('Tour Client'):contains('36.00')",
        },
        {
            content: "Open the client's summary",
            trigger: ".o_field_one2many .o_data_row:contains('Tour Client') td[name='partner_id']",
            run: "click",
        },
        {
            content: "The client's per-service table shows the forwardings",
            trigger:
                ".modal .o_desktomy_billing_detail tr:contains('Forwarding'):contains('36.00')",
        },
        {
            content: "Close the client's summary",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "Open the Billing menu",
            trigger: ".o_menu_sections .dropdown-toggle:contains('Billing')",
            run: "click",
        },
        {
            content: "Open the usage analysis",
            trigger: ".dropdown-item:contains('Usage')",
            run: "click",
        },
        {
            content: "Usage opens as a pivot table",
            trigger: ".o_pivot_view .o_pivot",
        },
    ],
});
