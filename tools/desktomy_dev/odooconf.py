# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Writing Odoo configuration files and finding free HTTP ports."""

import configparser
import secrets
import socket
from pathlib import Path

from .common import REPO


def write_conf(path, odoo_src, pg, data_dir, **options):
    """Write an Odoo configuration file; keep an existing master password."""
    path = Path(path)
    old = configparser.ConfigParser(interpolation=None)
    old.read(path)
    admin_passwd = old.get("options", "admin_passwd", fallback=None)
    values = {
        # the addons from the registry are in site-packages' odoo/addons,
        # which Odoo adds by itself (odoo.addons.__path__)
        "addons_path": f"{odoo_src}/addons,{odoo_src}/odoo/addons,{REPO}",
        "data_dir": str(data_dir),
        "db_host": pg["PGHOST"] or "False",
        "db_port": pg["PGPORT"],
        "db_user": pg["PGUSER"],
        "db_password": pg.get("PGPASSWORD") or "False",
        "admin_passwd": admin_passwd or secrets.token_urlsafe(18),
        "without_demo": "False",
    }
    values.update({key: str(value) for key, value in options.items()})
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "[options]\n" + "".join(f"{k} = {v}\n" for k, v in values.items())
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def port_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # like Odoo's server: a closed connection in TIME_WAIT does not count
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("", port))
        except OSError:
            return False
    return True


def free_port(start, tries=200):
    """First free TCP port from ``start`` on."""
    for port in range(start, start + tries):
        if port_free(port):
            return port
    raise RuntimeError(f"no free TCP port in {start}-{start + tries - 1}")
