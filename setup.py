# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Packaging of both addons, the way setuptools-odoo lays them out.

Every directory beside this file with a ``__manifest__.py`` is an addon and is
installed as the ``odoo.addons.<name>`` package (with all its data files); the
Python dependencies come from the manifests' ``external_dependencies``.
``pip install -e .[test]`` also brings the development and test tools.
"""

import ast
import os

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))


def _manifests():
    result = {}
    for name in sorted(os.listdir(HERE)):
        path = os.path.join(HERE, name, "__manifest__.py")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                result[name] = ast.literal_eval(handle.read())
    return result


def _addon_layout(addon):
    """Packages and data files of one addon, relative to its directory."""
    root = os.path.join(HERE, addon)
    packages, data = [], []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        rel = os.path.relpath(dirpath, root)
        if "__init__.py" in filenames:
            suffix = "" if rel == "." else "." + rel.replace(os.sep, ".")
            packages.append(f"odoo.addons.{addon}{suffix}")
        for filename in sorted(filenames):
            if not filename.endswith((".py", ".pyc")):
                data.append(os.path.normpath(os.path.join(rel, filename)))
    return packages, data


MANIFESTS = _manifests()
PACKAGES, PACKAGE_DIR, PACKAGE_DATA, REQUIRES = [], {}, {}, set()
for _addon, _manifest in MANIFESTS.items():
    _packages, _data = _addon_layout(_addon)
    PACKAGES += _packages
    PACKAGE_DIR[f"odoo.addons.{_addon}"] = _addon
    PACKAGE_DATA[f"odoo.addons.{_addon}"] = _data
    REQUIRES.update(_manifest.get("external_dependencies", {}).get("python", []))

setup(
    name="desktomy-odoo",
    version=MANIFESTS["desktomy_virtual_office"]["version"],
    description="Virtual office mailroom and client portal for Odoo 18.0",
    author="DESKTOMY for Odoo contributors",
    license="LGPL-3",
    url="https://github.com/desktomy/desktomy-odoo",
    python_requires=">=3.10",
    packages=PACKAGES,
    package_dir=PACKAGE_DIR,
    package_data=PACKAGE_DATA,
    include_package_data=False,
    zip_safe=False,
    install_requires=sorted(REQUIRES),
    extras_require={
        "test": [
            "pytest",
            "pytest-odoo",
            "pylint-odoo>=10",
            "ruff",
            "polib",
            "websocket-client",
            "reportlab",
            "xlsxwriter",
            "Pillow",
        ],
        # tools/screenshots.py (drives the system Chromium, no browser download)
        "screenshots": ["playwright"],
    },
    classifiers=[
        "Programming Language :: Python :: 3",
        "Framework :: Odoo",
        "Framework :: Odoo :: 18.0",
    ],
)
