# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The project's virtual environment in ``.venv``: creation, installs, Odoo link.

Each install step keeps a hash stamp in the virtual environment and is skipped
when its inputs did not change, so that a second run starts in seconds.
"""

import ast
import hashlib
import subprocess
import sys
import sysconfig
from pathlib import Path

from .common import REPO, VENV, Abort, run, say, venv_python

PROJECT_STAMP = VENV / ".desktomy-project.sha256"
ODOO_STAMP = VENV / ".desktomy-odoo.sha256"
ODOO_SRC_FILE = VENV / "odoo-src"
PTH_NAME = "desktomy-odoo-src.pth"
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


def pip(*args, quiet=True):
    run([venv_python(), "-m", "pip", "--disable-pip-version-check", *args], quiet=quiet)


def ensure_venv():
    if venv_python().exists():
        return
    say(f"creating the virtual environment {VENV}")
    proc = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
    if proc.returncode or not venv_python().exists():
        raise Abort(
            "cannot create a virtual environment; on Debian install python3-venv "
            "(`apt-get install python3-venv`)"
        )
    pip("install", "--upgrade", "pip")


def project_inputs():
    """What ``pip install -e .[test]`` depends on: the setup files, the addons
    and their external Python dependencies (not their data lists: an editable
    install sees new files anyway)."""
    inputs = [REPO / "setup.py", REPO / "setup.cfg", REPO / "pyproject.toml"]
    for path in sorted(REPO.glob("*/__manifest__.py")):
        manifest = ast.literal_eval(path.read_text(encoding="utf-8"))
        deps = manifest.get("external_dependencies", {}).get("python", [])
        inputs.append(f"{path.parent.name}:{sorted(deps)}")
    return inputs


def ensure_project():
    """``pip install -e .[test]`` unless already done for the same inputs."""
    ensure_venv()
    value = digest(*project_inputs())
    if stamp_ok(PROJECT_STAMP, value):
        return
    say("installing the project and its test tools: pip install -e .[test]")
    pip("install", "-e", f"{REPO}[test]")
    PROJECT_STAMP.write_text(value, encoding="utf-8")


def site_packages():
    out = subprocess.run(
        [
            str(venv_python()),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(out.stdout.strip())


def link_odoo(odoo_src):
    """Make ``odoo`` importable in the venv and install Odoo's requirements."""
    odoo_src = Path(odoo_src).resolve()
    requirements = odoo_src / "requirements.txt"
    value = digest(str(odoo_src), requirements, sysconfig.get_python_version())
    if stamp_ok(ODOO_STAMP, value):
        return
    say(f"linking Odoo {odoo_src} into the virtual environment")
    (site_packages() / PTH_NAME).write_text(f"{odoo_src}\n", encoding="utf-8")
    ODOO_SRC_FILE.write_text(f"{odoo_src}\n", encoding="utf-8")
    say("installing Odoo's requirements (about a minute the first time)")
    pip("install", *ODOO_BUILD_REQUIREMENTS)
    pip("install", "--no-build-isolation", "-r", requirements)
    ODOO_STAMP.write_text(value, encoding="utf-8")


def odoo_version():
    """Odoo version string importable by the venv python, or None."""
    if not venv_python().exists():
        return None
    proc = subprocess.run(
        [
            str(venv_python()),
            "-c",
            "import odoo.release as r; print(r.version_info[0], r.version)",
        ],
        capture_output=True,
        text=True,
        cwd="/",
    )
    if proc.returncode:
        return None
    major, _sep, version = proc.stdout.strip().partition(" ")
    return version if major == "18" else None
