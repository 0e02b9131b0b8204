# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``./dev.sh start``: a database with the addons and demo data
(``click-odoo-initdb``), then Odoo; the logins once the server answers."""

import os
import sys
import time
import urllib.error
import urllib.request

from . import pg
from .common import LOG_DIR, VAR, VENV, Abort, say, venv_python
from .common import run as run_command
from .odooconf import port_free, write_conf
from .tier2 import manifests

#: The demo database's logins (password = login), in the order of the
#: README's table, which says who each one is and what to try.
DEMO_LOGINS = ("recepcja", "kierownik", "client", "klient1", "demo", "portal")
#: Stock modules installed with the addons in the demo database only, never a
#: dependency of an addon: Odoo's demo payment provider (``payment_demo`` puts
#: it in test mode, published, in the main company, the demo office), so that
#: the client panel's online payment can be tried (docs/billing.md).
DEMO_MODULES = ("payment_demo",)


def demo_modules(manifest_map):
    """The modules the demo database is created with: the addons, then
    :data:`DEMO_MODULES`."""
    return ",".join([*sorted(manifest_map), *DEMO_MODULES])


def demo_logins(settings, db):
    """The demo logins present in ``db``; none when it has no demo data."""
    demo = pg.query(
        settings,
        db,
        "SELECT count(*) FROM ir_module_module "
        "WHERE name = 'desktomy_virtual_office' AND demo",
    )
    if demo != "1":
        return []
    found = pg.query(
        settings,
        db,
        "SELECT login FROM res_users WHERE active "
        "AND login = ANY(string_to_array(:'logins', ','))",
        {"logins": ",".join(DEMO_LOGINS)},
    )
    return [login for login in DEMO_LOGINS if login in (found or "").split()]


def demo_lines(url, logins):
    """The lines printed once the server answers: the URL and the logins."""
    lines = [f"DESKTOMY is up: {url} (administrator: admin / admin)"]
    if logins:
        lines.append("Demo logins (password = login; who is who: README.md): ")
        lines[-1] += ", ".join(logins)
    return lines


def wait_for_login_page(url, timeout=600, interval=1.0, parent=None):
    """Poll ``<url>web/login`` until it answers 200; False on timeout, or
    early when ``parent`` is given and is no longer our parent (Odoo exited)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if parent is not None and os.getppid() != parent:
            return False
        try:
            with urllib.request.urlopen(f"{url}web/login", timeout=5) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(interval)
    return False


def announce_when_up(url, logins):
    """Fork a watcher that prints the URL and the logins once Odoo answers;
    the parent goes on to exec Odoo (same pid: Ctrl+C reaches Odoo)."""
    parent = os.getpid()
    sys.stdout.flush()
    if os.fork():
        return
    try:
        if wait_for_login_page(url, parent=parent):
            print("\n".join(["", *demo_lines(url, logins), ""]), flush=True)
    finally:
        os._exit(0)


def run(odoo_src):
    settings = pg.settings()
    pg.ensure(settings)
    db = os.environ.get("DESKTOMY_DB") or "desktomy"
    port = int(os.environ.get("DESKTOMY_HTTP_PORT") or 8069)
    if not port_free(port):
        raise Abort(f"port {port} is in use: stop what runs there or set "
                    "DESKTOMY_HTTP_PORT")  # fmt: skip
    conf = write_conf(VAR / "odoo.conf", odoo_src, settings, VAR / "data",
                      http_port=port, dbfilter=f"^{db}$")  # fmt: skip
    addons = demo_modules(manifests())
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = LOG_DIR / f"odoo-install-{db}.log"
    say(f"database {db} with {addons} and demo data (a new one takes a minute or "
        f"two; log: {log})")  # fmt: skip
    initdb = [VENV / "bin" / "click-odoo-initdb", "-c", conf, "-n", db, "-m", addons]
    run_command([*initdb, "--no-cache", "--unless-initialized", "--logfile", log])
    say(f"Odoo serves http://localhost:{port}/ (Ctrl+C stops it; configuration: "
        f"{conf})")  # fmt: skip
    announce_when_up(f"http://localhost:{port}/", demo_logins(settings, db))
    python = str(venv_python())
    os.execv(python, [python, str(odoo_src / "odoo-bin"), "-c", str(conf), "-d", db])
