# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The repository's metapackage and its development tools.

Each addon is its own distribution, ``odoo-addon-<name>``, built by whool from
``<addon>/pyproject.toml``: whool reads the manifest, so ``depends`` (OCA addons
included, from the package registry) and ``external_dependencies`` become its
requirements, and ``odoo==18.0.*``. This package, like OCA's
``setup/_metapackage``, requires every installable addon of the repository
(extra ``addons``); its extra ``test`` is the one place where the versions of
the tools of ``./dev.sh test`` and pre-commit are pinned.
"""

import ast
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
ADDONS = sorted(
    path.parent.name
    for path in HERE.glob("*/__manifest__.py")
    if ast.literal_eval(path.read_text("utf-8")).get("installable", True)
)

setup(
    name="desktomy-odoo",
    version=ast.literal_eval(
        (HERE / "desktomy_virtual_office" / "__manifest__.py").read_text("utf-8")
    )["version"],
    description="Virtual office mailroom and client portal for Odoo 18.0",
    author="DESKTOMY for Odoo contributors",
    license="LGPL-3",
    url="https://github.com/desktomy/desktomy-odoo",
    python_requires=">=3.10",
    packages=[],
    extras_require={
        "addons": [f"odoo-addon-{addon}==18.0.*" for addon in ADDONS],
        "test": [
            # pre-commit's ruff and pylint-odoo hooks run these (language: system)
            "ruff==0.17.6",
            "pylint-odoo==10.0.12",
            "pytest==9.2.0",
            "pytest-odoo==2.3.0",
            "click-odoo-contrib==1.24",
            "checklog-odoo==1.0",
            "polib",
            "websocket-client",
            "reportlab",
            "xlsxwriter",
            "Pillow",
        ],
        # docs/screenshots/take_screenshots.py (the system Chromium, no download)
        "screenshots": ["playwright"],
    },
    classifiers=[
        "Programming Language :: Python :: 3",
        "Framework :: Odoo",
        "Framework :: Odoo :: 18.0",
    ],
)
