# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Packaging: each addon is an ``odoo-addon-<name>`` wheel built by whool from
its manifest (data files, and its depends as requirements); the top-level
setup.py is the metapackage of all of them and pins the tools."""

import email
import re
import subprocess
import sys
import zipfile

import pytest
from conftest import ADDONS, REPO, read_manifest


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheels")
    for addon in ADDONS:
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out,
             REPO / addon],
            check=True,
        )  # fmt: skip
    return out


def _metadata(wheel):
    archive = zipfile.ZipFile(wheel)
    (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    return archive, email.message_from_bytes(archive.read(name))


def test_each_addon_is_a_wheel_with_its_data(wheels, addon):
    (wheel,) = wheels.glob(f"odoo_addon_{addon}-18.0.*.whl")
    archive, metadata = _metadata(wheel)
    names = set(archive.namelist())
    prefix = f"odoo/addons/{addon}/"
    assert prefix + "__manifest__.py" in names
    for path in read_manifest(addon).get("data", []):
        assert prefix + path in names, f"{addon}/{path} not packaged"
    requires = metadata.get_all("Requires-Dist")
    assert "odoo==18.0.*" in requires
    # every dependency on another addon of this repository or of the OCA is
    # a requirement on its distribution; Odoo's own addons come with odoo
    for depend in read_manifest(addon)["depends"]:
        wanted = f"odoo-addon-{depend}==18.0.*"
        if depend in ADDONS or depend.startswith(("account_credit", "mail_tracking")):
            assert wanted in requires, (addon, depend, requires)


def test_metapackage_version_and_addons(tmp_path):
    """The metapackage has the back office's version and requires every addon."""
    out = subprocess.run(
        [sys.executable, "setup.py", "-q", "--version"],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == read_manifest("desktomy_virtual_office")["version"]
    subprocess.run(
        [sys.executable, "setup.py", "-q", "egg_info", "--egg-base", tmp_path],
        cwd=REPO, capture_output=True, check=True,
    )  # fmt: skip
    requires = (next(tmp_path.glob("*.egg-info")) / "requires.txt").read_text()
    addons_extra = requires.split("[addons]")[1].split("[")[0].split()
    assert addons_extra == [f"odoo-addon-{addon}==18.0.*" for addon in ADDONS]


def test_pre_commit_runs_the_pinned_tools():
    """ruff and pylint-odoo: pinned once, in setup.py's extra ``test``; the
    pre-commit hooks run those from the virtual environment."""
    setup = (REPO / "setup.py").read_text("utf-8")
    config = (REPO / ".pre-commit-config.yaml").read_text("utf-8")
    for tool in ("ruff", "pylint-odoo"):
        assert re.search(rf'"{tool}==[0-9.]+"', setup), tool
    assert "astral-sh/ruff-pre-commit" not in config
    assert "OCA/pylint-odoo" not in config
    for entry in ("ruff check", "ruff format", "pylint --rcfile=.pylintrc-mandatory"):
        assert f"entry: {entry}" in config, entry
