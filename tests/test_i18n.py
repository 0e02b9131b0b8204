# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Translations: a template, a complete Polish translation, no en.po."""

import polib
from conftest import REPO


def test_pot_exists(addon):
    """The addon ships its translation template."""
    assert (REPO / addon / "i18n" / f"{addon}.pot").is_file()


def test_polish_translation_complete(addon):
    """pl.po parses, has no untranslated or fuzzy entry, covers the template."""
    po_path = REPO / addon / "i18n" / "pl.po"
    assert po_path.is_file(), f"{addon}: i18n/pl.po is missing"
    po = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"{addon}: untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{addon}: fuzzy: {fuzzy[:10]}"
    pot_path = REPO / addon / "i18n" / f"{addon}.pot"
    assert pot_path.is_file(), f"{addon}: i18n/{addon}.pot is missing"
    translated = {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}
    missing = [
        entry.msgid
        for entry in polib.pofile(str(pot_path))
        if not entry.obsolete and (entry.msgctxt, entry.msgid) not in translated
    ]
    assert not missing, f"{addon}: pl.po lacks {len(missing)}: {missing[:10]}"


def test_no_en_po():
    """Source strings are English: an en.po must not exist."""
    assert not list(REPO.glob("*/i18n/en.po"))
