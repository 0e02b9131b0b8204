# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Paths, settings from the environment and small process helpers."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / ".venv"
VAR = REPO / "var"
LOG_DIR = VAR / "log"


class Abort(Exception):
    """A step cannot go on; the message says what the user should do."""


def cache_dir(environ=None):
    """Machine-wide cache of the tooling (Odoo download, test templates)."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CACHE_HOME") or os.path.join(
        environ.get("HOME") or str(Path.home()), ".cache"
    )
    return Path(base) / "desktomy"


def venv_python():
    return VENV / "bin" / "python"


def say(message):
    print(f"[dev] {message}", flush=True)


def run(cmd, check=True, quiet=False, **kwargs):
    """Run a command; with ``quiet`` its output is only shown when it fails."""
    cmd = [str(part) for part in cmd]
    if quiet:
        kwargs.update(stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    proc = subprocess.run(cmd, **kwargs)
    if check and proc.returncode:
        sys.stdout.write((proc.stdout or "")[-6000:])
        raise Abort(f"command failed ({proc.returncode}): {' '.join(cmd)}")
    return proc


def is_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0
