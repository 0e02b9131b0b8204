/** @odoo-module **/
// Copyright 2026 DESKTOMY for Odoo contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { Component, onWillStart, useState } from "@odoo/owl";
import { CheckBox } from "@web/core/checkbox/checkbox";
import { _t } from "@web/core/l10n/translation";
import { Pager } from "@web/core/pager/pager";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useDebounced } from "@web/core/utils/timing";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * The handover wizard's checklist of clients with waiting mail ("lista
 * Klientów z checkboxami", DESKTOMY 2.19): searchable, paged, with the waiting
 * counts read on the server. Ticking a client adds it to the wizard's
 * clients, whose onchange lists its waiting items.
 */
export class DesktomyClientChecklist extends Component {
    static template = "desktomy_virtual_office.ClientChecklist";
    static components = { CheckBox, Pager };
    static props = { ...standardFieldProps };

    setup() {
        this.orm = useService("orm");
        this.state = useState({ search: "", offset: 0, limit: 40, length: 0, records: [] });
        this.debouncedSearch = useDebounced(() => {
            this.state.offset = 0;
            return this.load();
        }, 300);
        onWillStart(() => this.load());
    }

    get placeholder() {
        return _t("Search a client, client number or authorised person...");
    }

    get selectedIds() {
        return this.props.record.data[this.props.name].currentIds;
    }

    async load() {
        const result = await this.orm.call(
            "desktomy.mail.handover.wizard",
            "desktomy_client_checklist",
            [],
            { search: this.state.search, offset: this.state.offset, limit: this.state.limit }
        );
        this.state.length = result.length;
        this.state.records = result.records;
    }

    onSearchInput(ev) {
        this.state.search = ev.target.value;
        this.debouncedSearch();
    }

    async onPagerChange({ offset, limit }) {
        this.state.offset = offset;
        this.state.limit = limit;
        await this.load();
    }

    isChecked(client) {
        return this.selectedIds.includes(client.id);
    }

    async onToggle(client, checked) {
        const list = this.props.record.data[this.props.name];
        if (checked) {
            await list.addAndRemove({ add: [client.id] });
        } else {
            await list.addAndRemove({ remove: [client.id] });
        }
    }

    get allPageChecked() {
        return (
            this.state.records.length > 0 &&
            this.state.records.every((client) => this.isChecked(client))
        );
    }

    async onTogglePage(checked) {
        const ids = this.state.records.map((client) => client.id);
        const list = this.props.record.data[this.props.name];
        if (checked) {
            await list.addAndRemove({ add: ids.filter((id) => !this.selectedIds.includes(id)) });
        } else {
            await list.addAndRemove({ remove: ids.filter((id) => this.selectedIds.includes(id)) });
        }
    }
}

export const desktomyClientChecklist = {
    component: DesktomyClientChecklist,
    displayName: _t("Checklist of clients with waiting mail"),
    supportedTypes: ["many2many"],
    isEmpty: () => false,
    relatedFields: [{ name: "display_name", type: "char" }],
};

registry.category("fields").add("desktomy_client_checklist", desktomyClientChecklist);
