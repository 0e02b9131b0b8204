/** @odoo-module **/
// Copyright 2026 DESKTOMY for Odoo contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Data: desktomy_portal/tests/test_portal_tour.py (a person representing
// Alfa Sp. z o.o., Beta S.A. and Gamma Fundacja; billing summary switched on).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("desktomy_portal_billing_switch", {
    url: "/web/login?redirect=/my",
    steps: () => [
        {
            content: "Type the login of the portal user",
            trigger: ".oe_login_form input[name=login]",
            run: "edit dt_person",
        },
        {
            content: "Type the password",
            trigger: ".oe_login_form input[name=password]",
            run: "edit dt_person",
        },
        {
            content: "Log in",
            trigger: ".oe_login_form button[type=submit]",
            run: "click",
        },
        {
            content: "Open Billing → Summaries from the client panel",
            trigger: ".o_portal_index_card a[href='/my/billing']",
            run: "click",
        },
        {
            content: "The breadcrumbs say Billing / Summaries",
            trigger: ".o_portal_submenu li.active:contains(Summaries)",
        },
        {
            content: "The summary of the first company is shown",
            trigger: ".o_desktomy_current_client:contains(Alfa Sp. z o.o.)",
        },
        {
            content: "Its services, package fee and total are listed",
            trigger: ".o_desktomy_billing_table .o_desktomy_billing_total",
        },
        {
            content: "Open the profile switcher in the top right corner",
            trigger: "#o_desktomy_client_switcher_toggle",
            run: "click",
        },
        {
            content: "It lists the three represented companies",
            trigger:
                ".o_desktomy_client_switcher .dropdown-menu:has(" +
                ".o_desktomy_switch_client:contains(Gamma Fundacja))",
        },
        {
            content: "Switch to Beta S.A.",
            trigger: ".o_desktomy_switch_client:contains(Beta S.A.)",
            run: "click",
        },
        {
            content: "The summary of Beta S.A. is shown",
            trigger: ".o_desktomy_current_client:contains(Beta S.A.)",
        },
        {
            content: "Beta S.A. used no services",
            trigger: ".o_desktomy_billing_total[data-total='0.0']",
        },
    ],
});
