/** @odoo-module **/
// Copyright 2026 DESKTOMY for Odoo contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { NameAndSignature } from "@web/core/signature/name_and_signature";
import { SignatureDialog } from "@web/core/signature/signature_dialog";
import { registry } from "@web/core/registry";
import { SignatureField, signatureField } from "@web/views/fields/signature/signature_field";

/** The signature pad in draw mode only: no typed (auto) or uploaded signature. */
export class DesktomyDrawOnlySignature extends NameAndSignature {
    static template = "desktomy_virtual_office.DrawOnlySignature";

    setup() {
        super.setup();
        this.state.signMode = "draw";
        this.state.showSignatureArea = true;
    }

    // never switch to a mode other than drawing
    setMode() {
        this.state.signMode = "draw";
    }

    onClickSignAuto() {}

    onClickSignLoad() {}
}

export class DesktomyDrawOnlySignatureDialog extends SignatureDialog {
    static components = { ...SignatureDialog.components, NameAndSignature: DesktomyDrawOnlySignature };
}

/** Signature field whose dialog opens the pad in draw mode only. */
export class DesktomyDrawSignatureField extends SignatureField {
    onClickSignature() {
        if (this.props.readonly) {
            return;
        }
        this.dialogService.add(DesktomyDrawOnlySignatureDialog, {
            defaultName: "",
            nameAndSignatureProps: {
                displaySignatureRatio: 3,
                signatureType: "signature",
                noInputName: true,
                mode: "draw",
                defaultFont: this.props.defaultFont,
            },
            uploadSignature: (signature) => this.uploadSignature(signature),
        });
    }
}

export const desktomyDrawSignatureField = {
    ...signatureField,
    component: DesktomyDrawSignatureField,
};

registry.category("fields").add("desktomy_signature_draw", desktomyDrawSignatureField);
