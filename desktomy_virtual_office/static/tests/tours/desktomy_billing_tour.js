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
            trigger: ".o_list_view .o_data_row:contains('Tour Client') td[name='total']:contains('36.00')",
        },
        {
            content: "The header shows the totals of every client",
            trigger: ".o_desktomy_billing_totals .o_desktomy_billing_total",
        },
        {
            content: "Search the client",
            trigger: ".o_searchview_input",
            run: "edit Tour Client",
        },
        {
            content: "Search in the clients",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The totals follow the search",
            trigger:
                ".o_desktomy_billing_clients:contains('1') ~ .o_desktomy_billing_total:contains('36.00')",
        },
        {
            content: "Go to the previous month",
            trigger: ".o_desktomy_billing_previous",
            run: "click",
        },
        {
            content: "Nothing used last month",
            trigger: ".o_list_view .o_data_row:contains('Tour Client') td[name='total']:contains('0.00')",
        },
        {
            content: "Back to this month",
            trigger: ".o_desktomy_billing_next",
            run: "click",
        },
        {
            content: "Open the client's summary",
            trigger:
                ".o_list_view .o_data_row:contains('Tour Client'):contains('36.00') td[name='client_name']",
            run: "click",
        },
        {
            content: "The client's per-service table shows the forwardings",
            trigger: ".o_form_view .o_desktomy_billing_detail tr:contains('Forwarding'):contains('36.00')",
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
