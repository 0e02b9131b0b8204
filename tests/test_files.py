# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Well-formed XML and CSV; every model has access rules."""

import ast
import csv
import subprocess
import xml.etree.ElementTree as ET

from conftest import REPO, addon_files

ACCESS_HEADER = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]


def test_xml_files_parse(addon):
    """Every XML file of the addon (data, views, QWeb) is well-formed."""
    broken = []
    for path in addon_files(addon, ".xml"):
        try:
            ET.parse(path)
        except ET.ParseError as exc:
            broken.append(f"{path.relative_to(REPO)}: {exc}")
    assert not broken, broken


def _rows(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_csv_files_parse(addon):
    """Every CSV has an ``id`` column first and rows as wide as the header."""
    problems = []
    for path in addon_files(addon, ".csv"):
        rows = _rows(path)
        name = path.relative_to(REPO)
        if not rows or rows[0][:1] != ["id"]:
            problems.append(f"{name}: header must start with id")
            continue
        if path.name == "ir.model.access.csv" and rows[0] != ACCESS_HEADER:
            problems.append(f"{name}: header {rows[0]} != {ACCESS_HEADER}")
        for number, row in enumerate(rows[1:], start=2):
            if row and len(row) != len(rows[0]):
                problems.append(f"{name}:{number}: {len(row)} columns")
        ids = [row[0] for row in rows[1:] if row]
        if len(ids) != len(set(ids)):
            problems.append(f"{name}: duplicate ids")
    assert not problems, problems


def defined_models(source):
    """``_name`` of the ``models.Model``/``TransientModel`` classes in source.

    A class that only extends a model (``_name`` equal to ``_inherit``, or
    one of the models of an ``_inherit`` list) does not define one.
    """
    names = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {
            base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
            for base in node.bases
        }
        if not bases & {"Model", "TransientModel"}:
            continue
        attrs = {}
        for stmt in node.body:
            if isinstance(stmt, ast.Assign):
                try:
                    value = ast.literal_eval(stmt.value)
                except ValueError:
                    continue
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        attrs[target.id] = value
        name = attrs.get("_name")
        inherit = attrs.get("_inherit")
        parents = [inherit] if isinstance(inherit, str) else list(inherit or [])
        if isinstance(name, str) and name not in parents:
            names.append(name)
    return names


def access_models():
    """External ids of the models with at least one access line, any addon."""
    models = set()
    for path in REPO.glob("*/security/ir.model.access.csv"):
        for row in _rows(path)[1:]:
            if len(row) > 2:
                models.add(row[2].split(".")[-1])
    return models


def test_defined_models_parser():
    """The model finder sees Model and TransientModel, not extensions."""
    source = (
        "from odoo import models\n"
        "class A(models.Model):\n    _name = 'a.b'\n"
        "class W(models.TransientModel):\n    _name = 'a.wizard'\n"
        "class X(models.Model):\n    _name = 'res.partner'\n"
        "    _inherit = 'res.partner'\n"
        "class M(models.AbstractModel):\n    _name = 'a.mixin'\n"
        "class E(models.Model):\n    _inherit = 'res.users'\n"
        "class G(models.Model):\n    _name = 'res.company'\n"
        "    _inherit = ['res.company', 'a.mixin']\n"
    )
    assert defined_models(source) == ["a.b", "a.wizard"]


def test_every_model_has_access_rules(addon):
    """Every model the addon defines has a line in an ir.model.access.csv."""
    granted = access_models()
    missing = []
    for path in addon_files(addon, ".py"):
        if "tests" in path.relative_to(REPO / addon).parts:
            continue
        for name in defined_models(path.read_text(encoding="utf-8")):
            if "model_" + name.replace(".", "_") not in granted:
                missing.append(f"{name} ({path.relative_to(REPO)})")
    assert not missing, f"models without access rules: {missing}"


def test_test_modules_are_registered(addon):
    """Every ``tests/test_*.py`` is imported by the ``tests`` package.

    Odoo runs only the test modules its ``tests`` package imports (directly in
    ``__init__.py`` or through another test module): a module left out would
    silently never run.
    """
    tests_dir = REPO / addon / "tests"
    if not (tests_dir / "__init__.py").is_file():
        return
    imported = set()
    for path in tests_dir.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                if node.module:
                    imported.add(node.module.split(".")[0])
                else:
                    imported.update(alias.name for alias in node.names)
    modules = {path.stem for path in tests_dir.glob("test_*.py")}
    assert not modules - imported, f"{addon}: not in tests/__init__.py: " + str(
        sorted(modules - imported)
    )


def test_no_tracked_links_or_environments():
    """The repository tracks no symbolic link and nothing of a local virtual
    environment (a link to a developer's own ``.venv`` once replaced the real
    one on merge)."""
    listing = subprocess.run(
        ["git", "ls-files", "-s"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    links = [line.split("\t", 1)[1] for line in listing if line.startswith("120000")]
    assert links == []
    paths = [line.split("\t", 1)[1] for line in listing]
    assert [path for path in paths if path.split("/", 1)[0] == ".venv"] == []
