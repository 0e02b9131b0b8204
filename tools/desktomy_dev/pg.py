# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""PostgreSQL: settings from PG* variables, start a stopped local cluster,
create the role; one query helper for ``./dev.sh start``."""

import os
import shutil
import subprocess
import time

from .common import Abort, say

DEFAULTS = {"PGHOST": "127.0.0.1", "PGPORT": "5432", "PGUSER": "desktomy"}


def settings(environ=None):
    """The PG* connection settings with the project's defaults filled in."""
    environ = os.environ if environ is None else environ
    values = {key: environ.get(key) or default for key, default in DEFAULTS.items()}
    values["PGPASSWORD"] = environ.get("PGPASSWORD", "")
    if values["PGUSER"] == "postgres":
        raise Abort(
            "Odoo refuses to run as the PostgreSQL role 'postgres': set PGUSER to "
            "another role (it is created when missing)"
        )
    return values


def psql(pg, sql, variables=None, database="postgres", **env):
    """Run SQL (read from stdin, so ``:"var"`` interpolation works)."""
    cmd = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", database]
    for name, value in (variables or {}).items():
        cmd += ["-v", f"{name}={value}"]
    environ = {**os.environ, **{k: v for k, v in pg.items() if v}, **env}
    return subprocess.run(cmd, input=sql, capture_output=True, text=True, env=environ)


def _ready(pg):
    proc = subprocess.run(["pg_isready", "-q", "-h", pg["PGHOST"], "-p", pg["PGPORT"]])
    return proc.returncode in (0, 3)  # 3: no attempt (bad params) - let psql tell


def _start_local_cluster(pg):
    """Start the stopped Debian cluster on PGPORT (pg_ctlcluster), if any."""
    if not shutil.which("pg_lsclusters"):
        return False
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True)
    for fields in (line.split() for line in out.stdout.splitlines()):
        if len(fields) >= 4 and fields[2] == pg["PGPORT"] and fields[3] != "online":
            say(f"starting the stopped PostgreSQL cluster {fields[0]}/{fields[1]}")
            cmd = ["pg_ctlcluster", "--skip-systemctl-redirect", *fields[:2], "start"]
            subprocess.run(cmd)
            return True
    return False


def ensure(pg):
    """A server answers (a stopped local cluster is started) and the role
    exists (created as a superuser through the role ``postgres``)."""
    for tool in ("psql", "pg_isready"):
        if not shutil.which(tool):
            raise Abort(f"the PostgreSQL client ({tool}) is missing: install it")
    if not _ready(pg) and _start_local_cluster(pg):
        for _attempt in range(60):
            if _ready(pg):
                break
            time.sleep(0.5)
    check = "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user"
    proc = psql(pg, check)
    if "role" in proc.stderr and "does not exist" in proc.stderr:
        say(f"creating the PostgreSQL role {pg['PGUSER']} (superuser)")
        sql = 'CREATE ROLE :"role" LOGIN SUPERUSER'
        sql += " PASSWORD :'pw';" if pg["PGPASSWORD"] else ";"
        variables = {"role": pg["PGUSER"], "pw": pg["PGPASSWORD"]}
        created = psql(pg, sql, variables, PGUSER="postgres", PGPASSWORD="")
        if created.returncode:
            raise Abort(
                f"cannot create the PostgreSQL role {pg['PGUSER']!r} "
                f"({created.stderr.strip()}): create it as a superuser, e.g. "
                f"`sudo -u postgres createuser -s {pg['PGUSER']}`"
            )
        proc = psql(pg, check)
    if proc.returncode:
        raise Abort(
            f"PostgreSQL does not answer as {pg['PGUSER']}@{pg['PGHOST']}:"
            f"{pg['PGPORT']}: {proc.stderr.strip()} (start it, or set PGHOST, "
            "PGPORT, PGUSER, PGPASSWORD; PostgreSQL 12 or newer)"
        )
    if proc.stdout.strip() != "t":
        raise Abort(f"the PostgreSQL role {pg['PGUSER']} may not create databases")


def query(pg, database, sql, variables=None):
    """Return stdout of a query, or None when it failed."""
    proc = psql(pg, sql, variables, database=database)
    return proc.stdout.strip() if proc.returncode == 0 else None
