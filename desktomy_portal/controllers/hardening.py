# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Input parsing and POST limits of the client panel's routes.

Every route of :mod:`.portal` declares what its parameters are with
:func:`desktomy_params`; the one parser :func:`parse_param` turns them into
values before the route runs. Whatever it cannot read as a value in range
(a foreign digit, thousands of digits, an id beyond PostgreSQL's ``int4``, a
negative number, a date of year 9999, an empty or repeated parameter, ...)
answers exactly like a missing record: the same 404.

Every route that accepts a POST from a client is wrapped by
:func:`desktomy_post_limits`: a size limit on the request body and a rate limit
per user counted in PostgreSQL (``desktomy.rate.limit``: the same for every
worker and server, kept across restarts), with a translated error page.
"""

import functools
import re
from datetime import date

from odoo.http import request

#: Largest value of a PostgreSQL ``integer`` (``int4``): ids, page numbers.
MAX_INT4 = 2_147_483_647
#: Dates and periods outside these years are not read (404).
MIN_YEAR = 1970
MAX_YEAR = 2100
#: Longest free text accepted (search terms, redirect paths).
MAX_TEXT = 2000
#: Most record ids one ``ids`` parameter may carry (a page of the item list
#: has 80 rows).
MAX_IDS = 200
#: Parameter kinds understood by :func:`parse_param`.
KINDS = ("id", "ref", "ids", "page", "period", "date", "key", "text")

_NUMBER = re.compile(r"[0-9]{1,10}")
_PERIOD = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_KEY = re.compile(r"[a-z][a-z0-9_]{0,31}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Unreadable(ValueError):
    """A parameter that is not a value in range; answered like a missing record."""


def parse_param(kind, value):
    """Read ``value`` (a string from the URL or the form, or an int from a
    path converter) as a parameter of ``kind``.

    - ``id``: a record id, ASCII digits, 1 to :data:`MAX_INT4` -> ``int``
    - ``ref``: an optional record id, as a form's empty choice sends it:
      empty -> ``None``, else as ``id``
    - ``ids``: one or more record ids separated by commas (the values of a
      repeated parameter, e.g. the ticked boxes of a form, are joined
      first), each as ``id``, at most :data:`MAX_IDS` -> ``tuple`` of
      ``int`` without repetition, in the order given
    - ``page``: a page number, same range -> ``int``
    - ``period``: a month, ``YYYY-MM`` -> the ``date`` of its first day
    - ``date``: ``YYYY-MM-DD`` -> ``date``
    - ``key``: the key of an option (sorting, filter, search field),
      ``[a-z][a-z0-9_]*``, 32 characters at most -> ``str``, or ``None`` for
      anything else: an option is a label, not a value; an unknown one gives
      the route's default (:func:`parse_choice`), as Odoo's portal lists do
    - ``text``: free text (a search), :data:`MAX_TEXT` characters at most and no
      control characters -> ``str``, or ``None`` when empty

    Years of dates and periods must lie within :data:`MIN_YEAR` and
    :data:`MAX_YEAR`. Only ``text`` may be empty.

    :raise Unreadable: when ``value`` is anything else
    """
    if kind not in KINDS:
        raise ValueError(f"unknown parameter kind {kind!r}")
    if isinstance(value, bool):
        raise Unreadable(kind)
    if kind in ("ref", "ids"):
        return _parse_ref_or_ids(kind, value)
    if kind in ("id", "page"):
        if isinstance(value, int):
            number = value
        elif isinstance(value, str) and _NUMBER.fullmatch(value):
            number = int(value)
        else:
            raise Unreadable(kind)
        if not 1 <= number <= MAX_INT4:
            raise Unreadable(kind)
        return number
    if not isinstance(value, str):
        raise Unreadable(kind)
    if kind == "text":
        if len(value) > MAX_TEXT or _CONTROL.search(value):
            raise Unreadable(kind)
        return value or None
    if kind == "key":
        return value if _KEY.fullmatch(value) else None
    match = (_PERIOD if kind == "period" else _DATE).fullmatch(value)
    if not match:
        raise Unreadable(kind)
    year, month, day = ([int(part) for part in match.groups()] + [1])[:3]
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Unreadable(kind)
    try:
        return date(year, month, day)
    except ValueError as error:
        raise Unreadable(kind) from error


def _parse_ref_or_ids(kind, value):
    """Read an optional id (``ref``) or a comma-separated list of ids
    (``ids``), see :func:`parse_param`."""
    if kind == "ref":
        return None if value == "" else parse_param("id", value)
    parts = value.split(",") if isinstance(value, str) else [value]
    if len(parts) > MAX_IDS:
        raise Unreadable(kind)
    return tuple(dict.fromkeys(parse_param("id", part) for part in parts))


def parse_choice(value, choices, default):
    """The key ``value`` (already read by :func:`parse_param` as ``key``) when it
    is one of ``choices``, else ``default``."""
    return value if value in choices else default


def _raw_values(name):
    """All the values of the query string and form parameter ``name``."""
    httprequest = request.httprequest
    values = httprequest.args.getlist(name)
    if httprequest.method == "POST":
        values += httprequest.form.getlist(name)
    return values


def desktomy_params(**kinds):
    """Declare the kind of each parameter of a route; parse them before it runs.

    Put it under ``@http.route``. Path and query parameters named in ``kinds``
    are replaced by the values :func:`parse_param` reads; a parameter it
    cannot read, a repeated one (except an ``ids`` one, whose values are
    joined), or a URL path with non-ASCII characters (all
    our route paths are ASCII: only a parameter can bring them) answers 404,
    the answer of a missing record. Parameters not given keep the route's
    defaults. The kinds are kept on the function (``desktomy_params``) for the
    test that walks every route.
    """
    unknown = set(kinds.values()) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown parameter kinds {sorted(unknown)}")

    def decorator(endpoint):
        @functools.wraps(endpoint)
        def wrapper(self, *args, **params):
            if not request.httprequest.path.isascii():
                raise request.not_found()
            for name, kind in kinds.items():
                if name not in params:
                    continue
                raw = _raw_values(name)
                if kind == "ids" and len(raw) > 1:
                    params[name] = ",".join(raw)
                elif len(raw) > 1:
                    raise request.not_found()
                try:
                    params[name] = parse_param(kind, params[name])
                except Unreadable:
                    raise request.not_found() from None
            try:
                return endpoint(self, *args, **params)
            except Unreadable:
                raise request.not_found() from None

        wrapper.desktomy_params = dict(kinds)
        return wrapper

    return decorator


#: Default limits of a client's POST: 10 per minute and action, 1 MiB body.
POST_RATE = 10
POST_WINDOW = 60
POST_MAX_BYTES = 1024 * 1024
#: Beyond this, Odoo refuses to read the body at all (``max_content_length``
#: of the route, checked before the form is parsed; Odoo's plain 413 page).
POST_HARD_MAX_BYTES = 4 * POST_MAX_BYTES

#: Where the keys of the client panel's counts start (``desktomy.rate.limit``).
KEY_PREFIX = "portal:"


def post_rate(env):
    """The Settings' limit of a form's POSTs per minute and person (Settings >
    General Settings > Limits; :data:`POST_RATE` by default)."""
    value = env["ir.config_parameter"].sudo().get_param("desktomy_portal.post_rate")
    try:
        return max(int(value), 1) if value else POST_RATE
    except ValueError:
        return POST_RATE


def reset_limiters(env):
    """Forget the client panel's counts (tests, or after changing a limit)."""
    env["desktomy.rate.limit"].sudo()._reset(KEY_PREFIX)


def check_post_limits(action, limit=None, window=POST_WINDOW, max_bytes=None):
    """Check the current POST against the body size and the rate limits.

    ``action`` names what is posted (the rate is counted per user and action,
    in the database: ``desktomy.rate.limit``, the same count for every worker
    and server); ``limit`` None is the Settings' limit (:func:`post_rate`).
    Only POST requests are checked and counted.

    :return: ``None`` when the request may go on, else ``(status, message)``:
        413 for a body larger than ``max_bytes`` (default
        :data:`POST_MAX_BYTES`), 429 for more than ``limit`` posts within
        ``window`` seconds
    """
    httprequest = request.httprequest
    if httprequest.method != "POST":
        return None
    max_bytes = POST_MAX_BYTES if max_bytes is None else max_bytes
    size = httprequest.content_length or 0
    if size > max_bytes:
        return 413, request.env._(
            "What you sent is too large (%(size)s KiB; at most %(limit)s KiB). "
            "Nothing was saved.",
            size=-(-size // 1024),
            limit=max_bytes // 1024,
        )
    key = f"{KEY_PREFIX}{request.env.uid}:{action}"
    if limit is None:
        limit = post_rate(request.env)
    if not request.env["desktomy.rate.limit"].sudo()._hit(key, limit, window):
        return 429, request.env._(
            "You sent this form too many times in a short while. Nothing was "
            "saved. Please wait a minute and try again."
        )
    return None


def desktomy_post_limits(action, limit=None, window=POST_WINDOW, max_bytes=None):
    """Apply :func:`check_post_limits` to a route that accepts POST.

    Put it under ``@http.route``; a refused POST renders
    ``desktomy_portal.portal_post_refused`` (the portal layout with the
    message) with status 413 or 429, and the route does not run.
    """

    def decorator(endpoint):
        @functools.wraps(endpoint)
        def wrapper(self, *args, **params):
            refused = check_post_limits(action, limit, window, max_bytes)
            if refused:
                status, message = refused
                return self._desktomy_post_refused(status, message)
            return endpoint(self, *args, **params)

        wrapper.desktomy_post_limits = {
            "action": action,
            "limit": limit,
            "window": window,
            "max_bytes": POST_MAX_BYTES if max_bytes is None else max_bytes,
        }
        return wrapper

    return decorator
