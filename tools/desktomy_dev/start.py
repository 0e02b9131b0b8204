# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``./dev.sh start``: database with both addons and demo data, then Odoo."""

import os
import sys
import time
import urllib.error
import urllib.request

from . import pg
from .common import LOG_DIR, VAR, Abort, say, venv_python
from .odooconf import port_free, write_conf
from .tier2 import _odoo, manifests

LOGIN = ("admin", "admin")

#: The demo logins (login = password) and what to try with each, in the order
#: of the README's "Try it" tour. Only those present in the database are shown.
DEMO_LOGINS = (
    (
        "recepcja",
        "receptionist (Polish): Poczta → Wydaj pocztę, find Tomasz Wiśniewski "
        "(three companies), keep the items he takes, sign on the pad, confirm; "
        "Zlecenia: the clients' requests (one overdue)",
    ),
    (
        "client",
        "Tomasz Wiśniewski's client panel: Rozliczenia → Podsumowania (once "
        "an administrator switched it on), then switch the profile between "
        "his three companies (top right); Zlecenia (his requests)",
    ),
    (
        "klient1",
        "client panel of a person who represents one company",
    ),
    (
        "kierownik",
        "office administrator (Polish), the two settings: Ustawienia → "
        "Ustawienia ogólne → Panel Klienta (billing summary in the client "
        "panel); Ustawienia → Wirtualne Biuro → Poczta → Alert o braku załącznika; "
        "Rozliczenia → Podsumowania: Wystaw faktury za miesiąc (previous month)",
    ),
    (
        "admin",
        "administrator (English, Polish in My Preferences), the two settings: "
        "Settings → General Settings → Client Panel; Settings → Virtual Office "
        "→ Mail → Missing attachment alert",
    ),
)


def installed(settings, db, addons):
    count = pg.query(
        settings,
        db,
        "SELECT count(*) FROM ir_module_module WHERE state = 'installed' "
        "AND name = ANY(string_to_array(:'names', ','))",
        {"names": ",".join(addons)},
    )
    return count == str(len(addons))


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
        {"logins": ",".join(login for login, _hint in DEMO_LOGINS)},
    )
    present = set((found or "").split())
    return [login for login, _hint in DEMO_LOGINS if login in present]


def demo_lines(url, logins):
    """The lines printed once the server answers: the URL and each login."""
    hints = dict(DEMO_LOGINS)
    lines = [f"DESKTOMY is up: {url} (administrator: {LOGIN[0]} / {LOGIN[1]})"]
    if logins:
        width = max(len(login) for login in logins) * 2 + 3
        lines.append("Demo logins (login / password) and what to try first:")
        for login in logins:
            lines.append(f"  {f'{login} / {login}':<{width}}  {hints[login]}")
    return lines


def wait_for_login_page(url, timeout=600, interval=1.0, parent=None):
    """Poll ``<url>web/login`` until it answers 200; False on timeout.

    Stops early (False) when ``parent`` is given and is no longer our parent
    process (Odoo exited).
    """
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
    """Fork a watcher that prints the URL and demo logins once Odoo answers.

    The parent goes on to exec Odoo (same pid, so Ctrl+C reaches Odoo as
    before); the child polls the login page, prints, and exits. It gives up
    when Odoo exits first.
    """
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
        raise Abort(
            f"port {port} is in use: stop what runs there or set DESKTOMY_HTTP_PORT"
        )
    conf = write_conf(
        VAR / "odoo.conf",
        odoo_src,
        settings,
        VAR / "data",
        http_port=port,
        dbfilter=f"^{db}$",
    )
    addons = sorted(manifests())
    if not (pg.db_exists(settings, db) and installed(settings, db, addons)):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log = LOG_DIR / f"odoo-install-{db}.log"
        say(
            f"creating database {db} with {', '.join(addons)} and demo data "
            f"(a minute or two; log: {log})"
        )
        code = _odoo(
            odoo_src,
            conf,
            ["-d", db, "-i", ",".join(addons), "--stop-after-init", "--no-http"],
            log,
            timeout=3600,
        )
        if code or not installed(settings, db, addons):
            raise Abort(f"installing the addons into {db} failed; log: {log}")
    else:
        say(f"reusing database {db}")
    say(
        f"Odoo serves http://localhost:{port}/ - login {LOGIN[0]} / {LOGIN[1]} "
        f"(Ctrl+C stops it; configuration: {conf})"
    )
    announce_when_up(f"http://localhost:{port}/", demo_logins(settings, db))
    sys.stdout.flush()
    python = str(venv_python())
    os.execv(python, [python, str(odoo_src / "odoo-bin"), "-c", str(conf), "-d", db])
