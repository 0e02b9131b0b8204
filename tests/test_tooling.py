# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Unit tests of the pure Python of ``tools/desktomy_dev``."""

import configparser
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from desktomy_dev import (
    odooconf,
    odoolog,
    odoosrc,
    oslibs,
    pg,
    summary,
    tier2,
    venv,
)
from desktomy_dev.common import REPO, Abort, cache_dir

LOG = """\
2026-11-26 10:00:00,001 42 INFO fnd_t odoo.modules.loading: loading 1 modules...
2026-11-26 10:00:01,001 42 INFO fnd_t odoo.addons.a.tests.test_x: Starting TestX.test_ok ...
2026-11-26 10:00:01,101 42 INFO fnd_t odoo.addons.a.tests.test_x: ======================================================================
2026-11-26 10:00:01,102 42 ERROR fnd_t odoo.addons.a.tests.test_x: FAIL: TestX.test_bad
Traceback (most recent call last):
  File "x.py", line 1, in test_bad
AssertionError: 1 != 2
2026-11-26 10:00:01,200 42 ERROR fnd_t odoo.addons.a.tests.test_x: ERROR: TestX.test_boom
2026-11-26 10:00:02,001 42 INFO fnd_t odoo.addons.a.tests.test_ui: skipped TestUi.test_tour : websocket-client module is not installed
2026-11-26 10:00:03,001 42 INFO fnd_t odoo.addons.a.tests.test_ui.TestUi.test_t.browser: tour succeeded 
2026-11-26 10:00:03,500 42 ERROR fnd_t odoo.modules.registry: Failed to load registry
2026-11-26 10:00:04,001 42 ERROR fnd_t odoo.tests.result: 1 failed, 1 error(s) of 5 tests when loading database 'fnd_t'
"""  # noqa: E501


def test_log_parse_counts():
    """Result line, failing tests, skips and tours are counted (stray errors
    are checklog-odoo's, below)."""
    report = odoolog.parse(LOG.splitlines(keepends=True))
    assert (report.tests, report.failed) == (5, 2)
    assert report.failing_tests == ["FAIL TestX.test_bad", "ERROR TestX.test_boom"]
    assert report.skipped_tests == [
        "TestUi.test_tour (websocket-client module is not installed)"
    ]
    assert report.tours == 1
    assert report.failed_total == 2
    assert report.passed == 2  # 5 tests - 2 failed - 1 skipped


def _checklog(tmp_path, text):
    """checklog-odoo with the project's ignore list, on a log of ``text``."""
    log = tmp_path / "odoo.log"
    log.write_text(text)
    return subprocess.run(
        [sys.executable, "-m", "checklog_odoo", str(log)], cwd=REPO, capture_output=True
    ).returncode


def test_checklog_fails_on_unexpected_records(tmp_path):
    """A registry error or an unknown warning fails the log; the refusals the
    HTTP tests provoke on purpose do not."""
    expected = (
        "2026-11-26 10:00:00,001 42 WARNING db odoo.http: You are not allowed "
        "to delete 'Contact' (res.partner) records.\n"
    )
    assert _checklog(tmp_path, expected) == 0
    assert _checklog(tmp_path, expected + LOG) == 1
    warning = "2026-11-26 10:00:00,001 42 WARNING db odoo.sql_db: bad query\n"
    assert _checklog(tmp_path, expected + warning) == 1


def test_log_parse_clean_run():
    """A green run has no failure and all its tests passed."""
    line = (
        "2026-11-26 10:00:04,001 42 INFO db odoo.tests.result: "
        "0 failed, 0 error(s) of 7 tests when loading database 'db'\n"
    )
    report = odoolog.parse([line])
    assert (report.passed, report.failed_total, report.skipped) == (7, 0, 0)


def test_log_parse_no_result_line():
    """Without the result line nothing counts as run."""
    report = odoolog.parse(["Traceback (most recent call last):\n"])
    assert (report.result_lines, report.tests) == (0, 0)


def _account(log_text, allow_skipped, code=0):
    totals = summary.Totals()
    report = odoolog.parse(log_text.splitlines(keepends=True))
    tier2._account(totals, report, code, True, allow_skipped, "x.log")
    return totals


def test_skipped_odoo_tests_fail_by_default():
    """A skipped Odoo test fails the tier unless explicitly allowed."""
    strict = _account(LOG, allow_skipped=False)
    assert (strict.passed, strict.failed, strict.skipped) == (2, 3, 0)
    lenient = _account(LOG, allow_skipped=True)
    assert (lenient.passed, lenient.failed, lenient.skipped) == (2, 2, 1)


def test_exit_status_without_result_line_fails():
    """A crashed run (no result line) counts as a failure."""
    totals = _account("", allow_skipped=False, code=1)
    assert not totals.ok


def test_missing_packages_by_command(monkeypatch):
    """A package whose commands exist is not installed again."""
    monkeypatch.setattr(oslibs.shutil, "which", lambda cmd: f"/usr/bin/{cmd}")
    assert oslibs.missing_packages(["postgresql-client", "chromium"]) == []


def test_summary_line():
    """The summary line has the exact documented form."""
    totals = summary.Totals()
    totals.check("pylint", True)
    totals.check("ruff", False)
    totals.add(passed=3, skipped=2)
    assert totals.line() == "summary: 4 passed, 1 failed, 2 skipped"
    assert not totals.ok
    assert totals.problems == ["ruff"]


def test_junit_counts(tmp_path):
    """pytest's JUnit XML gives passed, failed (with errors) and skipped."""
    path = tmp_path / "j.xml"
    path.write_text(
        '<testsuites><testsuite tests="10" failures="1" errors="1" skipped="3">'
        "</testsuite></testsuites>"
    )
    assert summary.junit_counts(path) == (5, 2, 3)


def _tree(tmp_path, major, name=None):
    tree = tmp_path / (name or f"odoo{major}")
    (tree / "odoo").mkdir(parents=True)
    (tree / "odoo-bin").write_text("#!/usr/bin/env python3\n")
    (tree / "odoo" / "release.py").write_text(
        f"RELEASE_LEVELS = []\nversion_info = ({major}, 0, 0, 'final', 0, '')\n"
    )
    return tree


def test_odoo_major(tmp_path):
    """The release file tells the major version; other trees give None."""
    assert odoosrc.odoo_major(_tree(tmp_path, 18)) == 18
    assert odoosrc.odoo_major(_tree(tmp_path, 17)) == 17
    assert odoosrc.odoo_major(tmp_path / "nothing") is None


def test_find_odoo_src_order(tmp_path):
    """ODOO_SRC first, then the remembered tree, then the cached download."""
    good, cached = _tree(tmp_path, 18), tmp_path / "cache" / "odoo-18.0"
    remembered = tmp_path / "odoo-src"
    found = odoosrc.find_odoo_src({"ODOO_SRC": str(good)}, remembered, cached)
    assert found == (good.resolve(), "ODOO_SRC")
    assert odoosrc.find_odoo_src({}, remembered, cached)[0] is None
    remembered.write_text(f"{good}\n")
    assert odoosrc.find_odoo_src({}, remembered, cached)[0] == good
    remembered.unlink()
    cached.parent.mkdir()
    _tree(tmp_path, 18, "other").rename(cached)
    assert odoosrc.find_odoo_src({}, remembered, cached)[0] == cached


def test_find_odoo_src_rejects_wrong_version(tmp_path):
    """An ODOO_SRC that is not Odoo 18 stops with a clear message."""
    with pytest.raises(Abort, match="Odoo 17 there"):
        odoosrc.find_odoo_src(
            {"ODOO_SRC": str(_tree(tmp_path, 17))}, tmp_path / "x", tmp_path / "y"
        )


def test_cache_dir():
    """XDG_CACHE_HOME wins over HOME."""
    assert str(cache_dir({"XDG_CACHE_HOME": "/c", "HOME": "/h"})) == "/c/desktomy"
    assert str(cache_dir({"HOME": "/h"})) == "/h/.cache/desktomy"


def test_pg_settings():
    """Defaults fill the gaps; the role postgres is refused (Odoo refuses it)."""
    values = pg.settings({"PGPORT": "5433"})
    assert values["PGHOST"] == "127.0.0.1"
    assert values["PGPORT"] == "5433"
    assert values["PGUSER"] == "desktomy"
    with pytest.raises(Abort, match="postgres"):
        pg.settings({"PGUSER": "postgres"})


def test_dependencies_exclude_own_addons():
    """Template dependencies are the union of depends minus our addons."""
    manifests = {
        "a": {"depends": ["mail", "web"]},
        "b": {"depends": ["a", "portal", "mail"]},
    }
    assert tier2.dependencies(manifests) == ["mail", "portal", "web"]


def test_real_manifests_dependencies():
    """The real addons' template dependencies do not contain the addons."""
    deps = tier2.dependencies(tier2.manifests())
    assert deps and not {"desktomy_virtual_office", "desktomy_portal"} & set(deps)


def test_write_conf_keeps_master_password(tmp_path):
    """Rewriting the configuration keeps the generated master password."""
    settings = {"PGHOST": "h", "PGPORT": "1", "PGUSER": "u", "PGPASSWORD": ""}
    path = tmp_path / "odoo.conf"
    odooconf.write_conf(path, tmp_path, settings, tmp_path / "d", http_port=8100)
    first = configparser.ConfigParser(interpolation=None)
    first.read(path)
    odooconf.write_conf(path, tmp_path, settings, tmp_path / "d", http_port=8101)
    second = configparser.ConfigParser(interpolation=None)
    second.read(path)
    assert first["options"]["admin_passwd"] == second["options"]["admin_passwd"]
    assert second["options"]["http_port"] == "8101"
    assert second["options"]["db_password"] == "False"
    assert second["options"]["addons_path"].endswith(str(odooconf.REPO))


def test_free_port_skips_busy_port():
    """A port in use is skipped."""
    with socket.socket() as busy:
        busy.bind(("", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert not odooconf.port_free(port)
        assert odooconf.free_port(port) > port


def test_digest_and_stamp(tmp_path):
    """The stamp matches only the same inputs."""
    source = tmp_path / "setup.py"
    source.write_text("a")
    stamp = tmp_path / "stamp"
    value = venv.digest(source, "x")
    assert not venv.stamp_ok(stamp, value)
    stamp.write_text(value)
    assert venv.stamp_ok(stamp, value)
    source.write_text("b")
    assert not venv.stamp_ok(stamp, venv.digest(source, "x"))


def test_install_inputs_follow_manifests_and_odoo(tmp_path):
    """The install stamp follows the packaging files, every manifest (its
    depends and external dependencies) and Odoo's tree, not the data files."""
    without = venv.inputs(None)
    files = {item for item in without if isinstance(item, Path)}
    for addon in tier2.manifests():
        assert REPO / addon / "__manifest__.py" in files
        assert REPO / addon / "pyproject.toml" in files
    assert all("views" not in str(item) for item in without)
    assert venv.digest(*venv.inputs(tmp_path)) != venv.digest(*without)
