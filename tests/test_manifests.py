# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Manifests: OCA keys and values, files they list, files they forget."""

import glob
import re

from conftest import ADDONS, REPO, addon_files, read_manifest

AUTHOR = "DESKTOMY for Odoo contributors"
REQUIRED = (
    "name",
    "summary",
    "version",
    "category",
    "website",
    "author",
    "license",
    "depends",
    "data",
    "installable",
)
#: Directories whose XML/CSV files are not data files loaded by the manifest.
NOT_DATA_DIRS = ("static", "i18n", "i18n_extra", "readme", "tests")


def test_both_addons_exist():
    """The repository holds the back-office and the portal addon."""
    assert {"desktomy_virtual_office", "desktomy_portal"} <= set(ADDONS)


def test_required_keys(addon, manifest):
    """Every OCA manifest key is present."""
    missing = [key for key in REQUIRED if key not in manifest]
    assert not missing, f"{addon}: missing manifest keys {missing}"


def test_version_license_author(addon, manifest):
    """Version 18.0.x.y.z, LGPL-3 (AGPL-3 where it extends an AGPL-3 OCA
    addon), our author, installable."""
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"]), addon
    agpl = {"account_credit_control"} & set(manifest["depends"])
    assert manifest["license"] == ("AGPL-3" if agpl else "LGPL-3")
    assert manifest["author"] == AUTHOR
    assert manifest["installable"] is True


def test_dependencies():
    """The portal builds on the back office; the back office is the app."""
    back_office = read_manifest("desktomy_virtual_office")
    portal = read_manifest("desktomy_portal")
    assert back_office.get("application") is True
    assert not portal.get("application")
    assert {"desktomy_virtual_office", "portal"} <= set(portal["depends"])


def _listed(manifest):
    return [path for key in ("data", "demo") for path in manifest.get(key, [])]


def test_listed_files_exist(addon, manifest):
    """Every data and demo file of the manifest exists."""
    missing = [
        path for path in _listed(manifest) if not (REPO / addon / path).is_file()
    ]
    assert not missing, f"{addon}: listed but missing: {missing}"


def test_no_duplicate_listing(addon, manifest):
    """No file is loaded twice."""
    listed = _listed(manifest)
    assert len(listed) == len(set(listed)), addon


def test_data_files_are_listed(addon, manifest):
    """Every XML/CSV data file of the addon is in ``data`` or ``demo``."""
    listed = set(_listed(manifest))
    forgotten = []
    for suffix in (".xml", ".csv"):
        for path in addon_files(addon, suffix):
            rel = path.relative_to(REPO / addon)
            if rel.parts[0] in NOT_DATA_DIRS:
                continue
            if rel.as_posix() not in listed:
                forgotten.append(rel.as_posix())
    assert not forgotten, f"{addon}: data files not in the manifest: {forgotten}"


def test_asset_entries_exist(addon, manifest):
    """Every asset path of the manifest exists (a glob may match nothing yet)."""
    empty = []
    for bundle, entries in manifest.get("assets", {}).items():
        for entry in entries:
            path = entry[-1] if isinstance(entry, tuple | list) else entry
            if not path.startswith(f"{addon}/"):
                continue  # another module's asset (e.g. a removal)
            if glob.has_magic(path):
                continue  # Odoo only warns about an empty glob
            if not (REPO / path).is_file():
                empty.append(f"{bundle}: {path}")
    assert not empty, f"{addon}: assets that match no file: {empty}"


def test_readme_fragments(addon):
    """The OCA readme fragments are there."""
    assert (REPO / addon / "readme" / "DESCRIPTION.md").is_file(), addon


def test_icon():
    """The app has its icon (used by the menu root)."""
    icon = REPO / "desktomy_virtual_office" / "static" / "description" / "icon.png"
    assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
