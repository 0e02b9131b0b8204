# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Command line: ``start`` and ``test``."""

import argparse
import os
import time

from . import odoosrc, oslibs, venv
from .common import Abort, cache_dir, say
from .summary import Totals

TIER2_SKIPPED = "ODOO TIER DID NOT RUN: {reason}"


def _parser():
    parser = argparse.ArgumentParser(prog="./dev.sh", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("start", help="set up and run Odoo with the addons and the demo")
    test = sub.add_parser("test", help="run both test tiers and print one summary")
    tier1 = os.environ.get("DESKTOMY_TIER1_ONLY") == "1"
    for flag, default, text in (
        ("--tier1", tier1, "only the tier without Odoo (or DESKTOMY_TIER1_ONLY=1)"),
        ("--allow-skipped", False, "accept skipped Odoo tests (they fail by default)"),
        ("--keep-db", False, "keep the test database"),
    ):  # fmt: skip
        test.add_argument(flag, action="store_true", default=default, help=text)
    return parser


def _odoo_tree(allow_download):
    cache_tree = cache_dir() / "odoo-18.0"
    tree, origin = odoosrc.find_odoo_src(os.environ, venv.ODOO_SRC_FILE, cache_tree)
    if tree is None and allow_download:
        tree, origin = odoosrc.download(cache_tree), "download"
    if tree is not None:
        say(f"Odoo source: {tree} ({origin})")
    return tree, origin


def cmd_start(_args):
    tree, _origin = _odoo_tree(allow_download=True)
    oslibs.ensure_packages(oslibs.ODOO_PACKAGES)
    venv.ensure(tree)
    if not venv.odoo_version():
        raise Abort(f"Odoo 18 from {tree} is not importable by {venv.venv_python()}")
    from . import start

    start.run(tree)  # does not return: becomes the Odoo server
    return 0


def cmd_test(args):
    started = time.monotonic()
    totals = Totals()
    tree, reason = None, None
    if args.tier1:
        reason = "only tier 1 was asked for (--tier1 / DESKTOMY_TIER1_ONLY=1)"
    else:
        try:
            tree, origin = _odoo_tree(allow_download=False)
            if tree is None:
                reason = f"Odoo 18 is not importable ({origin}); {odoosrc.HINT}"
            else:
                oslibs.ensure_packages(oslibs.ODOO_PACKAGES + oslibs.TEST_PACKAGES)
        except Abort as exc:
            reason, tree = str(exc), None
            totals.check("Odoo tier setup", False)
    venv.ensure(tree)
    from . import tier1

    tier1.run(totals)
    version = venv.odoo_version() if tree else None
    if tree and not version:
        reason = f"Odoo 18 from {tree} is not importable by the venv"
    if reason:
        print(f"\n!!! {TIER2_SKIPPED.format(reason=reason)} !!!\n", flush=True)
        totals.tiers.append("tier 2 (Odoo) did NOT run")
    else:
        from . import tier2

        try:
            tier2.run(totals, tree, version, args.allow_skipped, args.keep_db)
        except Abort as exc:
            say(f"tier 2 failed: {exc}")
            totals.check("Odoo tier", False)
            totals.tiers.append("tier 2 (Odoo) started but failed")
    if totals.problems:
        say("failed: " + "; ".join(totals.problems))
    say(f"took {time.monotonic() - started:.0f}s")
    print(totals.line(), flush=True)
    print("tiers: " + "; ".join(totals.tiers), flush=True)
    return 0 if totals.ok else 1


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        if args.command == "start":
            return cmd_start(args)
        return cmd_test(args)
    except Abort as exc:
        print(f"dev.sh {args.command}: {exc}", flush=True)
        return 2
    except KeyboardInterrupt:
        return 130
