# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``./dev.sh start``: the lines printed once the server answers."""

import http.server
import socket
import threading

from desktomy_dev import start


def test_demo_lines_list_url_and_the_logins():
    """The URL comes first, then the demo logins, in the README's order."""
    lines = start.demo_lines("http://localhost:8069/", ["recepcja", "client"])
    assert lines[0].startswith("DESKTOMY is up: http://localhost:8069/")
    assert lines[1].endswith(": recepcja, client")
    assert "README.md" in lines[1]


def test_demo_lines_without_demo_data_only_the_url():
    """A database without demo data gets the URL and the admin login only."""
    assert start.demo_lines("http://localhost:8069/", []) == [
        "DESKTOMY is up: http://localhost:8069/ (administrator: admin / admin)"
    ]


def test_demo_logins_only_with_demo_data(monkeypatch):
    """Logins are looked up only when the addon was installed with demo data."""
    answers = {"demo": "1", "login": "client\nadmin\nrecepcja"}

    def query(settings, db, sql, variables=None):
        return answers["login" if "res_users" in sql else "demo"]

    monkeypatch.setattr(start.pg, "query", query)
    # In the order of DEMO_LOGINS, not of the database's answer.
    assert start.demo_logins({}, "db") == ["recepcja", "client"]
    answers["demo"] = "0"
    assert start.demo_logins({}, "db") == []
    answers["demo"] = None  # psql failed
    assert start.demo_logins({}, "db") == []


def test_demo_database_gets_the_demo_payment_provider():
    """The demo database: the addons, then Odoo's demo payment provider (a
    module of the demo only: no addon depends on it)."""
    manifest_map = {"desktomy_portal": {}, "desktomy_virtual_office": {}}
    assert start.demo_modules(manifest_map) == (
        "desktomy_portal,desktomy_virtual_office,payment_demo"
    )


def test_no_addon_depends_on_a_demo_module():
    """``payment_demo`` offers fake payments: never a production dependency."""
    for name, manifest in start.manifests().items():
        assert not set(manifest["depends"]) & set(start.DEMO_MODULES), name


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_wait_for_login_page_polls_until_it_answers():
    """The login page is polled until it answers 200."""

    class Handler(http.server.BaseHTTPRequestHandler):
        calls = []

        def do_GET(self):
            self.calls.append(self.path)
            # The first request fails, as while Odoo is still loading.
            self.send_response(200 if len(self.calls) > 1 else 503)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        assert start.wait_for_login_page(url, timeout=30, interval=0.05)
        assert Handler.calls[:2] == ["/web/login", "/web/login"]
    finally:
        server.shutdown()
        server.server_close()


def test_wait_for_login_page_gives_up():
    """Nothing listening: False once the timeout is over."""
    url = f"http://127.0.0.1:{_free_port()}/"
    assert not start.wait_for_login_page(url, timeout=0.3, interval=0.05)
