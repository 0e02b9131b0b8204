# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tier 2: install the addons into a new database made by ``click-odoo-initdb``
from its cached template of their dependencies (one template per hash of those
addons), run all their tests (at_install, post_install, tours), check the log
with ``checklog-odoo`` and drop the database with ``click-odoo-dropdb``."""

import ast
import os
import subprocess
import time

from . import odoolog, pg
from .common import LOG_DIR, REPO, VAR, VENV, cache_dir, say, venv_python
from .odooconf import free_port, write_conf

#: click-odoo-initdb names its templates ``<prefix>-<hash>-<date>`` (prefix at
#: most 8 characters) and keeps the 5 most recently used.
CACHE_PREFIX = "desktomy"


def manifests():
    result = {}
    for path in sorted(REPO.glob("*/__manifest__.py")):
        result[path.parent.name] = ast.literal_eval(path.read_text(encoding="utf-8"))
    return result


def dependencies(manifest_map):
    """Sorted union of the addons' ``depends``, without the addons themselves."""
    own = set(manifest_map)
    deps = {dep for manifest in manifest_map.values() for dep in manifest["depends"]}
    return sorted(deps - own)


def _run(cmd, log):
    with open(log, "a") as out:
        cmd = [str(part) for part in cmd]
        return subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=REPO)


def run(totals, odoo_src, odoo_version, allow_skipped=False, keep_db=False):
    settings = pg.settings()
    pg.ensure(settings)
    manifest_map = manifests()
    addons = sorted(manifest_map)
    conf = write_conf(VAR / "odoo-test.conf", odoo_src, settings,
                      cache_dir() / "test-data", max_cron_threads=0)  # fmt: skip
    port = free_port(int(os.environ.get("DESKTOMY_TEST_HTTP_PORT") or 8169))
    db = f"{os.environ.get('DESKTOMY_DB') or 'desktomy'}_test_{os.getpid()}"
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    kinds = ("odoo-test", "odoo-initdb", "checklog")
    log, init_log, checklog = (LOG_DIR / f"{kind}-{db}.log" for kind in kinds)
    log.unlink(missing_ok=True)
    started, deps = time.monotonic(), ",".join(dependencies(manifest_map))
    say(f"tier 2: click-odoo-initdb {db} with {deps} (log: {init_log})")
    bin_ = VENV / "bin"
    code = _run([bin_ / "click-odoo-initdb", "-c", conf, "-n", db, "-m", deps,
                 "--cache-prefix", CACHE_PREFIX], init_log).returncode  # fmt: skip
    if code == 0:
        say(f"tier 2: installing and testing {', '.join(addons)} in {db}")
        # DESKTOMY_TEST_TAGS narrows the run while developing (Odoo's own
        # --test-tags syntax); the full suite is the default and what CI runs.
        tags = os.environ.get("DESKTOMY_TEST_TAGS") or ",".join(
            f"/{addon}" for addon in addons
        )
        cmd = [venv_python(), odoo_src / "odoo-bin", "-c", conf, "-d", db, "-i"]
        cmd += [",".join(addons), "--test-enable", "--test-tags", tags]
        code = _run([*cmd, "--stop-after-init", "--http-port", port], log).returncode
    if not keep_db:
        _run([bin_ / "click-odoo-dropdb", "-c", conf, "--if-exists", db], init_log)
    report = odoolog.parse(log.open(errors="replace"))
    say("tier 2: checklog-odoo (expected records: checklog-odoo.cfg)")
    clean = _run([bin_ / "checklog-odoo", "--no-err-if-empty", log], checklog)
    if clean.returncode:
        print(checklog.read_text(errors="replace")[-6000:], flush=True)
    _account(totals, report, code, clean.returncode == 0, allow_skipped, log)
    elapsed = time.monotonic() - started
    say(f"tier 2: {report.tests} Odoo tests ({report.tours} tours) in {elapsed:.0f}s")
    totals.tiers.append(
        f"tier 2 (Odoo {odoo_version}) ran: {report.tests} tests, {report.tours} tours"
    )


def _account(totals, report, code, log_clean, allow_skipped, log):
    failed = report.failed_total
    problems = list(report.failing_tests)
    if report.result_lines == 0:
        failed += 1
        problems.append(f"no odoo.tests.result line (exit status {code}); see {log}")
    elif code and failed == 0:
        failed += 1
        problems.append(f"odoo-bin exited with status {code}")
    if not log_clean:
        failed += 1
        problems.append("checklog-odoo: the log has warnings or errors (above)")
    skipped = report.skipped
    if skipped and not allow_skipped:
        failed += skipped
        problems += [f"SKIPPED (counts as failed): {t}" for t in report.skipped_tests]
        skipped = 0
    elif skipped:
        problems += [f"skipped: {t}" for t in report.skipped_tests]
    totals.add(report.passed, failed, skipped)
    if problems:
        say("tier 2 problems:")
        for problem in problems:
            print(f"    {problem}", flush=True)
        say(f"tier 2 log: {log}")
    if failed:
        totals.problems.append(f"Odoo tests (log: {log})")
