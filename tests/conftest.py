# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tier 1 tests: they need no Odoo (run with ``pytest -p no:odoo tests``)."""

import ast
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

ADDONS = sorted(path.parent.name for path in REPO.glob("*/__manifest__.py"))


def read_manifest(addon):
    return ast.literal_eval((REPO / addon / "__manifest__.py").read_text("utf-8"))


def addon_files(addon, suffix):
    """Files of an addon with ``suffix``, ignoring caches."""
    return sorted(
        path
        for path in (REPO / addon).rglob(f"*{suffix}")
        if "__pycache__" not in path.parts
    )


@pytest.fixture(params=ADDONS)
def addon(request):
    return request.param


@pytest.fixture
def manifest(addon):
    return read_manifest(addon)
