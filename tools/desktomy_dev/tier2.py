# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tier 2: install both addons into a throw-away copy of a cached template
database and run all their tests (at_install, post_install, tours)."""

import ast
import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import time

from . import odoolog, pg
from .common import LOG_DIR, REPO, VAR, Abort, cache_dir, say, venv_python
from .odooconf import free_port, write_conf

#: Bump to invalidate every cached template (e.g. when the build changes).
TEMPLATE_FORMAT = "1"
MARKER_KEY = "desktomy.test_template"
PREGENERATE = """
env["ir.qweb"]._pregenerate_assets_bundles()
env["ir.config_parameter"].set_param({key!r}, {value!r})
env.cr.commit()
"""


def manifests():
    result = {}
    for path in sorted(REPO.glob("*/__manifest__.py")):
        result[path.parent.name] = ast.literal_eval(path.read_text(encoding="utf-8"))
    return result


def dependencies(manifest_map):
    """Sorted union of the addons' ``depends``, without the addons themselves."""
    own = set(manifest_map)
    deps = set()
    for manifest in manifest_map.values():
        deps.update(manifest.get("depends", []))
    return sorted(deps - own)


def template_name(base, odoo_version, deps):
    key = hashlib.sha256(
        f"{TEMPLATE_FORMAT}|{odoo_version}|{','.join(sorted(deps))}".encode()
    ).hexdigest()[:10]
    return f"{base}_tmpl_{key}", key


@contextlib.contextmanager
def _lock(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _odoo(odoo_src, conf, args, log, timeout):
    cmd = [str(venv_python()), str(odoo_src / "odoo-bin"), "-c", str(conf), *args]
    with open(log, "w") as out:
        try:
            proc = subprocess.run(
                cmd, stdout=out, stderr=subprocess.STDOUT, cwd=REPO, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return 124
    return proc.returncode


def _template_ready(settings, name, key, data_dir):
    if not pg.db_exists(settings, name):
        return False
    if not (data_dir / "filestore" / name).is_dir():
        return False
    value = pg.query(
        settings,
        name,
        "SELECT value FROM ir_config_parameter WHERE key = :'key'",
        {"key": MARKER_KEY},
    )
    return value == key


def _drop(settings, name, data_dir):
    pg.drop(settings, name)
    shutil.rmtree(data_dir / "filestore" / name, ignore_errors=True)


def ensure_template(odoo_src, conf, settings, name, key, deps, data_dir, port):
    if _template_ready(settings, name, key, data_dir):
        say(f"tier 2: reusing template database {name}")
        return
    say(f"tier 2: building template database {name} with {', '.join(deps)}")
    _drop(settings, name, data_dir)
    log = LOG_DIR / f"odoo-template-{name}.log"
    started = time.monotonic()
    init = ",".join(deps)
    args = ["-d", name, "-i", init, "--stop-after-init", "--http-port", str(port)]
    code = _odoo(odoo_src, conf, args, log, timeout=3600)
    errors = odoolog.parse(log.open(errors="replace")).other_errors
    if code or errors:
        _drop(settings, name, data_dir)
        raise Abort(f"building the template database failed (exit {code}); log: {log}")
    shell_log = LOG_DIR / f"odoo-template-{name}-assets.log"
    cmd = [str(venv_python()), str(odoo_src / "odoo-bin"), "shell", "-c", str(conf)]
    cmd += ["-d", name, "--no-http"]
    with open(shell_log, "w") as out:
        proc = subprocess.run(
            cmd,
            input=PREGENERATE.format(key=MARKER_KEY, value=key),
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=REPO,
        )
    if proc.returncode:
        _drop(settings, name, data_dir)
        raise Abort(f"pregenerating the template's assets failed; log: {shell_log}")
    say(f"tier 2: template built in {time.monotonic() - started:.0f}s")


def run(totals, odoo_src, odoo_version, allow_skipped=False, keep_db=False):
    settings = pg.settings()
    pg.ensure(settings)
    manifest_map = manifests()
    addons = sorted(manifest_map)
    deps = dependencies(manifest_map)
    base = os.environ.get("DESKTOMY_DB") or "desktomy"
    template, key = template_name(base, odoo_version, deps)
    data_dir = cache_dir() / "test-data"
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    conf = write_conf(
        VAR / "odoo-test.conf", odoo_src, settings, data_dir, max_cron_threads=0
    )
    port = free_port(int(os.environ.get("DESKTOMY_TEST_HTTP_PORT") or 8169))
    db = f"{base}_test_{os.getpid()}"
    with _lock(cache_dir() / "template.lock"):
        ensure_template(odoo_src, conf, settings, template, key, deps, data_dir, port)
        _drop(settings, db, data_dir)
        pg.create_from_template(settings, db, template)
        shutil.copytree(data_dir / "filestore" / template, data_dir / "filestore" / db)
    log = LOG_DIR / f"odoo-test-{db}.log"
    tags = ",".join(f"/{addon}" for addon in addons)
    say(f"tier 2: installing and testing {', '.join(addons)} in {db} (log: {log})")
    started = time.monotonic()
    args = ["-d", db, "-i", ",".join(addons), "--test-enable", "--test-tags", tags]
    args += ["--stop-after-init", "--http-port", str(port)]
    try:
        code = _odoo(odoo_src, conf, args, log, timeout=3600)
    finally:
        if not keep_db:
            _drop(settings, db, data_dir)
    report = odoolog.parse(log.open(errors="replace"))
    _account(totals, report, code, allow_skipped, log)
    say(
        f"tier 2: {report.tests} Odoo tests ({report.tours} browser tours) in "
        f"{time.monotonic() - started:.0f}s"
    )
    totals.tiers.append(
        f"tier 2 (Odoo {odoo_version}) ran: {report.tests} tests, {report.tours} tours"
    )


def _account(totals, report, code, allow_skipped, log):
    failed = report.failed_total
    problems = list(report.failing_tests) + list(report.other_errors)
    if report.result_lines == 0:
        failed += 1
        problems.append("no odoo.tests.result line: the run did not complete")
    elif code and failed == 0:
        failed += 1
        problems.append(f"odoo-bin exited with status {code}")
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
