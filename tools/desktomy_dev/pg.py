# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""PostgreSQL: settings from PG* variables, start a stopped local cluster,
create the role, and the few database operations the tooling needs."""

import os
import shutil
import subprocess
import time

from .common import Abort, is_root, say

DEFAULTS = {"PGHOST": "127.0.0.1", "PGPORT": "5432", "PGUSER": "desktomy"}
LOCAL_HOSTS = ("", "127.0.0.1", "localhost", "::1")


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


def client_env(pg, **overrides):
    env = dict(os.environ)
    env.update(pg)
    if not pg.get("PGPASSWORD"):
        env.pop("PGPASSWORD", None)
    env.update(overrides)
    return env


def psql(pg, sql, database="postgres", variables=None, env=None):
    """Run SQL (read from stdin, so ``:"var"`` interpolation works)."""
    cmd = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", database]
    for name, value in (variables or {}).items():
        cmd += ["-v", f"{name}={value}"]
    return subprocess.run(
        cmd,
        input=sql,
        capture_output=True,
        text=True,
        env=env or client_env(pg),
    )


def _ready(pg):
    proc = subprocess.run(
        ["pg_isready", "-q", "-h", pg["PGHOST"], "-p", pg["PGPORT"]],
        env=client_env(pg),
    )
    return proc.returncode in (0, 3)  # 3: no attempt (bad params) - let psql tell


def _start_local_cluster(pg):
    if not shutil.which("pg_lsclusters"):
        return False
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True)
    for line in out.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[2] == pg["PGPORT"] and fields[3] != "online":
            version, name = fields[0], fields[1]
            say(f"starting the stopped PostgreSQL cluster {version}/{name}")
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start"]
            )
            return True
    return False


def ensure_server(pg):
    """Make sure a server answers; start an installed local cluster if stopped."""
    for tool in ("psql", "pg_isready", "createdb", "dropdb"):
        if not shutil.which(tool):
            raise Abort(
                f"the PostgreSQL client ({tool}) is missing: install postgresql-client"
            )
    if _ready(pg):
        return
    if pg["PGHOST"] in LOCAL_HOSTS or pg["PGHOST"].startswith("/"):
        if _start_local_cluster(pg):
            for _attempt in range(60):
                if _ready(pg):
                    return
                time.sleep(0.5)
    raise Abort(
        f"PostgreSQL does not answer on {pg['PGHOST']}:{pg['PGPORT']}: start it or "
        "set PGHOST/PGPORT (PostgreSQL 12 or newer)"
    )


def _create_role(pg):
    variables = {"role": pg["PGUSER"], "pw": pg.get("PGPASSWORD") or ""}
    sql = 'CREATE ROLE :"role" LOGIN SUPERUSER'
    sql += " PASSWORD :'pw';\n" if pg.get("PGPASSWORD") else ";\n"
    # 1. as the superuser role "postgres" over the same connection settings
    proc = psql(
        pg,
        sql,
        variables=variables,
        env=client_env(pg, PGUSER="postgres", PGPASSWORD=""),
    )
    if proc.returncode == 0:
        return
    # 2. as the postgres system user over the local socket
    if is_root() and shutil.which("runuser"):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        env["PGPORT"] = pg["PGPORT"]
        cmd = ["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-v"]
        cmd += ["ON_ERROR_STOP=1", "-d", "postgres"]
        for name, value in variables.items():
            cmd += ["-v", f"{name}={value}"]
        second = subprocess.run(cmd, input=sql, capture_output=True, text=True, env=env)
        if second.returncode == 0:
            return
    raise Abort(
        f"the PostgreSQL role {pg['PGUSER']!r} does not exist and could not be "
        f"created ({proc.stderr.strip()}); create it as a superuser, e.g. "
        f"`sudo -u postgres createuser -s {pg['PGUSER']}`"
    )


def ensure_role(pg):
    """Make sure the role exists and may create databases."""
    proc = psql(
        pg, "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user"
    )
    if proc.returncode and "does not exist" in proc.stderr and "role" in proc.stderr:
        say(f"creating the PostgreSQL role {pg['PGUSER']} (superuser)")
        _create_role(pg)
        proc = psql(
            pg,
            "SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user",
        )
    if proc.returncode:
        raise Abort(
            f"cannot connect to PostgreSQL as {pg['PGUSER']}@{pg['PGHOST']}:"
            f"{pg['PGPORT']}: {proc.stderr.strip()} (check PGUSER/PGPASSWORD)"
        )
    if proc.stdout.strip() != "t":
        raise Abort(f"the PostgreSQL role {pg['PGUSER']} may not create databases")


def ensure(pg):
    ensure_server(pg)
    ensure_role(pg)


def db_exists(pg, name):
    proc = psql(
        pg,
        "SELECT 1 FROM pg_database WHERE datname = :'name'",
        variables={"name": name},
    )
    return proc.returncode == 0 and proc.stdout.strip() == "1"


def query(pg, database, sql, variables=None):
    """Return stdout of a query, or None when it failed."""
    proc = psql(pg, sql, database=database, variables=variables)
    return proc.stdout.strip() if proc.returncode == 0 else None


def create_from_template(pg, name, template):
    proc = subprocess.run(
        ["createdb", "-T", template, name],
        capture_output=True,
        text=True,
        env=client_env(pg),
    )
    if proc.returncode:
        raise Abort(f"createdb -T {template} {name} failed: {proc.stderr.strip()}")


def drop(pg, name):
    subprocess.run(
        ["dropdb", "--if-exists", name],
        capture_output=True,
        env=client_env(pg),
    )
