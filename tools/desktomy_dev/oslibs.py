# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Operating-system packages Odoo needs (Debian names), installed when root."""

import shutil
import subprocess

from .common import Abort, is_root, run, say

#: Headers to build Odoo's pinned psycopg2 and python-ldap, the PostgreSQL
#: client tools, and wkhtmltopdf for PDF reports.
ODOO_PACKAGES = ("build-essential", "libpq-dev", "libldap2-dev", "libsasl2-dev",
                 "postgresql-client", "wkhtmltopdf")  # fmt: skip
#: Headless browser for the tours (HttpCase.start_tour).
TEST_PACKAGES = ("chromium",)
#: Packages present when one of their commands is (another version or
#: distribution may provide them).
PROVIDES = {
    "build-essential": ("gcc",),
    "postgresql-client": ("psql",),
    "wkhtmltopdf": ("wkhtmltopdf",),
    "chromium": ("chromium", "chromium-browser", "google-chrome"),
}


def missing_packages(packages):
    """Return the Debian packages of ``packages`` that are not installed."""
    if not shutil.which("dpkg-query"):
        return []  # not a Debian-like system: cannot tell, let later steps fail
    missing = []
    for package in packages:
        if any(shutil.which(command) for command in PROVIDES.get(package, ())):
            continue
        proc = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                              capture_output=True, text=True)  # fmt: skip
        if proc.returncode or "install ok installed" not in proc.stdout:
            missing.append(package)
    return missing


def ensure_packages(packages):
    """Install missing packages with apt-get as root; otherwise say what to do."""
    missing = missing_packages(packages)
    if missing and not (is_root() and shutil.which("apt-get")):
        raise Abort(f"missing OS packages: {' '.join(missing)}; install them, e.g. "
                    f"`sudo apt-get install {' '.join(missing)}`")  # fmt: skip
    if missing:
        say("installing OS packages: " + " ".join(missing))
        env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/bin"}
        run(["apt-get", "update", "-qq"], quiet=True, env=env)
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
            quiet=True, env=env)  # fmt: skip
