/** @odoo-module **/
// Copyright 2026 DESKTOMY for Odoo contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Data: desktomy_portal/tests/test_portal_tour.py (the demo user `client`,
// in Polish; two waiting items of its first company sent by "Tour sender A"
// and "Tour sender B", without scans). The steps rely on classes, not texts.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("desktomy_portal_request", {
    url: "/my/mail",
    steps: () => [
        {
            content: "The list offers requests for waiting items",
            trigger: ".o_desktomy_request_bar .o_desktomy_request_scan",
        },
        {
            content: "Tick the first waiting item",
            trigger: "tr:contains(Tour sender A) input.o_desktomy_request_check",
            run: "click",
        },
        {
            content: "Tick the second waiting item",
            trigger: "tr:contains(Tour sender B) input.o_desktomy_request_check",
            run: "click",
        },
        {
            content: "Ask for a scan of both",
            trigger: ".o_desktomy_request_bar button.o_desktomy_request_scan",
            run: "click",
        },
        {
            content: "The page lists the two items",
            trigger:
                ".o_desktomy_portal_request[data-kind=scan]:has(" +
                ".o_desktomy_request_item:contains(Tour sender B))",
        },
        {
            content: "It shows what the package still includes this month",
            trigger: ".o_desktomy_request_price .o_desktomy_request_included",
        },
        {
            content: "... and what the request costs beyond it",
            trigger: ".o_desktomy_request_price .o_desktomy_request_amount",
        },
        {
            content: "Write a note for the office",
            trigger: ".o_desktomy_request_send textarea[name=note]",
            run: "edit Tour: both pages, please",
        },
        {
            content: "Send the request",
            trigger: ".o_desktomy_request_send .o_desktomy_request_submit",
            run: "click",
        },
        {
            content: "My requests: it was sent",
            trigger: ".o_desktomy_request_sent",
        },
        {
            content: "It is pending",
            trigger: ".o_desktomy_request_row_sent[data-state=pending]",
        },
        {
            content: "Cancel it",
            trigger: ".o_desktomy_request_row_sent .o_desktomy_request_cancel button",
            run: "click",
        },
        {
            content: "It is cancelled",
            trigger: ".o_desktomy_request_row[data-state=cancelled]",
        },
    ],
});
