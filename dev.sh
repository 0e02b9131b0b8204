#!/usr/bin/env bash
# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
#
# Developer entry point: `./dev.sh start` and `./dev.sh test` (see README.md).
# The logic lives in tools/devtool.py (standard library only, so that it runs
# before the virtual environment exists); this script only picks a Python.
set -euo pipefail
cd "$(dirname "$0")"

pick_python() {
    local candidate
    for candidate in ${DESKTOMY_PYTHON:-} python3 python3.12 python3.11 python3.10; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' \
                >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if ! python=$(pick_python); then
    echo "dev.sh: Python 3.10, 3.11 or 3.12 is needed (Odoo 18 runs on those);" \
        "install one or set DESKTOMY_PYTHON." >&2
    exit 2
fi
exec "$python" tools/devtool.py "$@"
