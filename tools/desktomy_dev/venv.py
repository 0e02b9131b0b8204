# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The virtual environment ``.venv``, as OCA's CI images build theirs: Odoo
installed from its tree as a distribution (``pip install -e``), the addons as
editable ``odoo-addon-*`` distributions (whool reads their manifests, so the
OCA addons they depend on come from the package registry) and the project's
pinned tools (``pip install -e .[test]``).

The install is skipped when none of its inputs changed since the last one.
"""

import hashlib
import subprocess
import sys
import sysconfig
from pathlib import Path

from .common import REPO, VENV, Abort, run, say, venv_python

STAMP = VENV / ".desktomy.sha256"
ODOO_SRC_FILE = VENV / "odoo-src"
#: Odoo 18's pinned requirements include old sdists (e.g. cbor2) whose build
#: needs pkg_resources: build them without isolation against these.
ODOO_BUILD_REQUIREMENTS = ("setuptools<70", "wheel", "setuptools_scm")


def digest(*parts):
    """Hash of files (``Path``) and strings, in order."""
    sha = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            sha.update(part.read_bytes() if part.exists() else b"<missing>")
        else:
            sha.update(str(part).encode())
        sha.update(b"\0")
    return sha.hexdigest()


def stamp_ok(stamp, value):
    try:
        return stamp.read_text(encoding="utf-8").strip() == value
    except OSError:
        return False


def addons():
    return sorted(path.parent for path in REPO.glob("*/__manifest__.py"))


def inputs(odoo_src):
    """What the install depends on: the packaging files, the manifests (their
    ``depends`` and ``external_dependencies``), Odoo's tree and Python."""
    files = [REPO / "setup.py", REPO / "pyproject.toml"]
    for name in ("__manifest__.py", "pyproject.toml"):
        files += [addon / name for addon in addons()]
    odoo = [str(odoo_src), Path(odoo_src) / "requirements.txt"] if odoo_src else []
    return [*files, *odoo, sysconfig.get_python_version()]


def pip(*args):
    run([venv_python(), "-m", "pip", "--disable-pip-version-check", *args], quiet=True)


def ensure(odoo_src=None):
    """Build or update ``.venv``; with ``odoo_src``, Odoo and the addons too."""
    if not venv_python().exists():
        say(f"creating the virtual environment {VENV}")
        proc = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
        if proc.returncode or not venv_python().exists():
            raise Abort(
                "cannot create a virtual environment; on Debian install "
                "python3-venv (`apt-get install python3-venv`)"
            )
        pip("install", "--upgrade", "pip")
    value = digest(*inputs(odoo_src))
    if stamp_ok(STAMP, value):
        return
    STAMP.unlink(missing_ok=True)
    if odoo_src:
        say(f"installing Odoo from {odoo_src} (about a minute the first time)")
        pip("install", *ODOO_BUILD_REQUIREMENTS)
        pip(
            "install", "--no-build-isolation", "-r", Path(odoo_src) / "requirements.txt"
        )
        # compat mode: the tree is a path entry, so odoo.addons also spans the
        # odoo-addon-* distributions installed into site-packages
        pip("install", "--no-build-isolation", "--no-deps", "--config-settings",
            "editable_mode=compat", "-e", odoo_src)  # fmt: skip
        ODOO_SRC_FILE.write_text(f"{odoo_src}\n", encoding="utf-8")
        say("installing the addons and their dependencies: pip install -e <addon>")
        pip("install", *(arg for addon in addons() for arg in ("-e", addon)))
    say("installing the project's tools: pip install -e .[test]")
    pip("install", "-e", f"{REPO}[test]")
    STAMP.write_text(value, encoding="utf-8")


def odoo_version():
    """The version of the ``odoo`` distribution in the venv if it is 18, else None."""
    if not venv_python().exists():
        return None
    proc = subprocess.run(
        [str(venv_python()), "-c", "import importlib.metadata as m, odoo.release;"
         "print(m.version('odoo'))"],
        capture_output=True, text=True, cwd="/",
    )  # fmt: skip
    version = proc.stdout.strip()
    return version if proc.returncode == 0 and version.startswith("18.") else None
