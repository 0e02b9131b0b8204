# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``./dev.sh start``: database with both addons and demo data, then Odoo."""

import os
import sys

from . import pg
from .common import LOG_DIR, VAR, Abort, say, venv_python
from .odooconf import port_free, write_conf
from .tier2 import _odoo, manifests

LOGIN = ("admin", "admin")


def installed(settings, db, addons):
    count = pg.query(
        settings,
        db,
        "SELECT count(*) FROM ir_module_module WHERE state = 'installed' "
        "AND name = ANY(string_to_array(:'names', ','))",
        {"names": ",".join(addons)},
    )
    return count == str(len(addons))


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
    sys.stdout.flush()
    python = str(venv_python())
    os.execv(python, [python, str(odoo_src / "odoo-bin"), "-c", str(conf), "-d", db])
