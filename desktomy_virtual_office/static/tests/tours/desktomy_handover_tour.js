/** @odoo-module **/
// Copyright 2026 DESKTOMY for Odoo contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Data: TestHandoverHttp.test_tour_handover (clients "Board 0/1/2 Sp. z o.o.").
import {registry} from "@web/core/registry";
import {signSteps} from "@desktomy_virtual_office/../tests/tours/desktomy_sign_steps";

registry.category("web_tour.tours").add("desktomy_handover_tour", {
    url: "/odoo/action-desktomy_virtual_office.desktomy_mail_action",
    steps: () => [
        {
            content: "Open the Mail menu",
            trigger: ".o_menu_sections button:contains(Mail)",
            run: "click",
        },
        {
            content: "Hand over mail",
            trigger: ".dropdown-item:contains(Hand over mail)",
            run: "click",
        },
        {
            content: "The wizard opens on the checklist of clients with waiting mail",
            trigger:
                ".o_dialog .o_desktomy_checklist_row:contains(Board 0 Sp) .o_desktomy_checklist_waiting:contains(3)",
        },
        {
            content: "Search a client",
            trigger: ".o_dialog .o_desktomy_checklist_search",
            run: "edit Board 1",
        },
        {
            content: "Only the matching client is listed",
            trigger:
                ".o_dialog .o_desktomy_checklist_table:not(:has(.o_desktomy_checklist_row:contains(Board 0 Sp)))",
        },
        {
            content: "Tick the second company",
            trigger: ".o_dialog .o_desktomy_checklist_row:contains(Board 1 Sp) input",
            run: "click",
        },
        {
            content: "Back to all clients",
            trigger: ".o_dialog .o_desktomy_checklist_search",
            run: "clear",
        },
        {
            content: "Tick the first company",
            trigger: ".o_dialog .o_desktomy_checklist_row:contains(Board 0 Sp) input",
            run: "click",
        },
        {
            content: "The items of the first company are listed",
            trigger: ".o_desktomy_items .o_data_row:contains(Board 0 Sp)",
        },
        {
            content: "The items of the second company too",
            trigger: ".o_desktomy_items .o_data_row:contains(Board 1 Sp)",
        },
        {
            content: "Who collects",
            trigger: ".o_dialog div[name=collector_name] input",
            run: "edit Anna Nowak",
        },
        {
            content: "Identity document number",
            trigger: ".o_dialog div[name=collector_id_number] input",
            run: "edit ABC123456",
        },
        ...signSteps(),
        {
            content: "Hand over",
            trigger: ".modal-footer button[name=action_handover]",
            run: "click",
        },
        {
            content: "The handover record opens",
            trigger: ".o_form_view div[name=receipt_sha256]:not(:empty)",
        },
    ],
});
