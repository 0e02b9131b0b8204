/** @odoo-module **/
// Copyright 2026 DESKTOMY for Odoo contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

/** Tour steps: the collector signs on the pad, which offers drawing only. */
export function signSteps() {
    return [
        {
            content: "Open the signature pad",
            trigger: ".modal div[name=signature] .o_signature",
            run: "click",
        },
        {
            content: "The pad opens in draw mode, without Auto or Load",
            trigger:
                ".modal .o_web_sign_name_and_signature:has(.o_web_sign_draw_button.active):not(:has(.o_web_sign_auto_button)):not(:has(.o_web_sign_load_button))",
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
                for (let x = 30; x < 220; x += 10) {
                    fire(canvas, "pointermove", x, 20 + (x % 40));
                }
                fire(canvas, "pointerup", 220, 40);
                fire(document, "pointerup", 220, 40);
            },
        },
        {
            content: "Adopt the signature",
            trigger: ".modal-footer .btn-primary:contains(Adopt):enabled",
            run: "click",
        },
        {
            content: "The signature is on the wizard",
            trigger: ".modal div[name=signature] img[src*=base64]",
        },
    ];
}
