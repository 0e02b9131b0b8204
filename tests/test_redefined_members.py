# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""No class of the addons defines a method or a field twice.

With one class per model, two features that add a member of the same name to
the same class would silently drop the first one (Python keeps the last).
"""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _redefined(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
        seen = {}
        for node in cls.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = node.name
            elif (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
            ):
                name = node.targets[0].id
            else:
                continue
            if name in seen:
                yield f"{path.relative_to(REPO)}:{node.lineno}: {cls.name}.{name}"
            seen[name] = node.lineno


def test_no_member_defined_twice_in_a_class():
    found = [
        problem
        for path in sorted(REPO.glob("desktomy_*/**/*.py"))
        if "build" not in path.relative_to(REPO).parts
        for problem in _redefined(path)
    ]
    assert not found, "defined twice in one class:\n" + "\n".join(found)
