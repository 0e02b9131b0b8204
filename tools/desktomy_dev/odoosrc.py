# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Finding an Odoo 18.0 source tree: ODOO_SRC, the remembered one, the cache."""

import re
import shutil
import subprocess
from pathlib import Path

from .common import Abort, say

ODOO_SERIES = 18
UPSTREAM = "https://github.com/odoo/odoo.git"
_VERSION_INFO = re.compile(r"^version_info\s*=\s*\(\s*(\d+)\s*,", re.MULTILINE)
HINT = "set ODOO_SRC to an Odoo 18.0 source tree, e.g. `ODOO_SRC=~/odoo ./dev.sh start`"


def odoo_major(tree):
    """Return the major version of the Odoo source tree at ``tree``, or None."""
    tree = Path(tree)
    try:
        text = (tree / "odoo" / "release.py").read_text(encoding="utf-8")
    except OSError:
        return None
    if not (tree / "odoo-bin").is_file():
        return None
    match = _VERSION_INFO.search(text)
    return int(match.group(1)) if match else None


def check_tree(tree, origin):
    """Raise Abort unless ``tree`` is an Odoo 18 source tree."""
    major = odoo_major(tree)
    if major != ODOO_SERIES:
        found = "no Odoo source tree" if major is None else f"Odoo {major}"
        raise Abort(f"{origin}={tree}: {found} there, Odoo {ODOO_SERIES}.0 needed")
    return Path(tree).resolve()


def find_odoo_src(environ, remembered_file, cache_tree):
    """Return ``(path, origin)`` of a usable Odoo 18 tree without downloading.

    Order: ``ODOO_SRC`` (an invalid one is an error, never silently ignored),
    the tree remembered in the virtual environment, the downloaded copy in the
    cache. ``(None, reason)`` when there is none.
    """
    explicit = environ.get("ODOO_SRC")
    if explicit:
        return check_tree(Path(explicit).expanduser(), "ODOO_SRC"), "ODOO_SRC"
    try:
        remembered = Path(remembered_file).read_text(encoding="utf-8").strip()
    except OSError:
        remembered = ""
    if remembered and odoo_major(remembered) == ODOO_SERIES:
        return Path(remembered), f"remembered in {remembered_file}"
    if odoo_major(cache_tree) == ODOO_SERIES:
        return Path(cache_tree), "cached download"
    return None, "ODOO_SRC is not set and no Odoo 18.0 tree was downloaded before"


def download(cache_tree):
    """Shallow-clone upstream 18.0 into ``cache_tree``; return it or raise Abort."""
    cache_tree = Path(cache_tree)
    if not shutil.which("git"):
        raise Abort(f"git is not installed, cannot download Odoo; {HINT}")
    partial = cache_tree.with_name(cache_tree.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    say(f"downloading Odoo 18.0 into {cache_tree} (a few hundred MB)")
    # a stalled or unreachable network gives up after 20 s below 1 kB/s
    cmd = ["git", "-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=20"]
    cmd += ["clone", "--depth", "1", "-b", "18.0", UPSTREAM, str(partial)]
    if subprocess.run(cmd).returncode or odoo_major(partial) != ODOO_SERIES:
        shutil.rmtree(partial, ignore_errors=True)
        raise Abort(f"downloading Odoo 18.0 failed; {HINT}")
    shutil.rmtree(cache_tree, ignore_errors=True)
    partial.rename(cache_tree)
    return cache_tree
