/** @odoo-module **/
// Copyright 2026 DESKTOMY for Odoo contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Data: TestHandoverHttp.test_tour_handover (clients "Board 0/1/2 Sp. z o.o.").
import {registry} from "@web/core/registry";

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
            content: "Add clients: the list of clients with waiting mail opens",
            trigger: ".o_desktomy_clients .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Tick the first company",
            trigger:
                ".o_dialog:has(.o_select_button) .o_data_row:contains(Board 0 Sp) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Tick the second company",
            trigger:
                ".o_dialog:has(.o_select_button) .o_data_row:contains(Board 1 Sp) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Confirm the choice",
            trigger: ".o_dialog .o_select_button",
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
        {
            content: "Open the signature pad",
            trigger: ".o_dialog div[name=signature] .o_signature",
            run: "click",
        },
        {
            content: "Switch the pad to drawing",
            trigger: ".modal .o_web_sign_draw_button",
            run: "click",
        },
        {
            content: "The collector signs with a finger",
            trigger: ".modal canvas.o_web_sign_signature",
            run() {
                const canvas = this.anchor;
                const box = canvas.getBoundingClientRect();
                const fire = (target, type, x, y) =>
                    target.dispatchEvent(
                        new PointerEvent(type, {
                            bubbles: true,
                            pointerId: 1,
                            isPrimary: true,
                            buttons: type === "pointerup" ? 0 : 1,
                            clientX: box.left + x,
                            clientY: box.top + y,
                        })
                    );
                fire(canvas, "pointerdown", 20, 20);
                for (let x = 30; x < 200; x += 10) {
                    fire(canvas, "pointermove", x, 20 + (x % 40));
                }
                fire(canvas, "pointerup", 200, 40);
                fire(document, "pointerup", 200, 40);
            },
        },
        {
            content: "Adopt the signature",
            trigger: ".modal-footer .btn-primary:contains(Adopt):enabled",
            run: "click",
        },
        {
            content: "The signature is on the wizard",
            trigger: ".o_dialog div[name=signature] img[src*=base64]",
        },
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
