# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Packaging: a wheel of the project carries both addons, data included."""

import subprocess
import sys
import zipfile

from conftest import ADDONS, REPO, read_manifest


def test_wheel_contains_addons(tmp_path):
    """``pip wheel`` builds the project with every addon's manifest and data."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path, REPO],
        check=True,
    )
    (wheel,) = tmp_path.glob("desktomy_odoo-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for addon in ADDONS:
        prefix = f"odoo/addons/{addon}/"
        assert prefix + "__manifest__.py" in names
        for path in read_manifest(addon).get("data", []):
            assert prefix + path in names, f"{addon}/{path} not packaged"
