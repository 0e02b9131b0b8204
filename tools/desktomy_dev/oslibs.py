# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Operating-system packages Odoo needs (Debian names), installed when root."""

import shutil
import subprocess

from .common import Abort, is_root, run, say

#: Headers to build Odoo's pinned psycopg2 and python-ldap, the PostgreSQL
#: client tools, and wkhtmltopdf for PDF reports.
ODOO_PACKAGES = (
    "build-essential",
    "libpq-dev",
    "libldap2-dev",
    "libsasl2-dev",
    "postgresql-client",
    "wkhtmltopdf",
)
#: Headless browser for the tours (HttpCase.start_tour).
TEST_PACKAGES = ("chromium",)
#: Packages that count as present when their commands are (another version or
#: another distribution's package may provide them): (commands, all needed).
PROVIDES = {
    "build-essential": (("gcc", "make"), True),
    "postgresql-client": (("psql", "pg_isready", "createdb", "dropdb"), True),
    "wkhtmltopdf": (("wkhtmltopdf",), True),
    "chromium": (("chromium", "chromium-browser", "google-chrome"), False),
}


def _provided(package):
    if package not in PROVIDES:
        return False
    commands, need_all = PROVIDES[package]
    found = [bool(shutil.which(command)) for command in commands]
    return all(found) if need_all else any(found)


def missing_packages(packages):
    """Return the Debian packages of ``packages`` that are not installed."""
    if not shutil.which("dpkg-query"):
        return []  # not a Debian-like system: cannot tell, let later steps fail
    missing = []
    for package in packages:
        if _provided(package):
            continue
        proc = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            capture_output=True,
            text=True,
        )
        if proc.returncode or "install ok installed" not in proc.stdout:
            missing.append(package)
    return missing


def ensure_packages(packages):
    """Install missing packages with apt-get as root; otherwise say what to do."""
    missing = missing_packages(packages)
    if not missing:
        return
    if not (is_root() and shutil.which("apt-get")):
        raise Abort(
            "missing OS packages: "
            + " ".join(missing)
            + "; install them, e.g. `sudo apt-get install "
            + " ".join(missing)
            + "`"
        )
    say("installing OS packages: " + " ".join(missing))
    env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    run(["apt-get", "update", "-qq"], quiet=True, env=env)
    run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        quiet=True,
        env=env,
    )
