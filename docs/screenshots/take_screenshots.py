# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshots of the README's "Try it" tour, taken from a running demo database.

Run with the project's virtual environment while ``./dev.sh start`` serves a
database with demo data (``pip install -e .[screenshots]`` brings Playwright;
the system Chromium is used, no browser is downloaded)::

    .venv/bin/python docs/screenshots/take_screenshots.py --url http://localhost:8069/

It logs in as the demo users and WRITES to the database, as a person trying
the tour would: it hands over Tomasz Wiśniewski's waiting mail with a drawn
signature and switches the billing summary of the client panel on. Use a demo
database that you can throw away (drop it and ``./dev.sh start`` makes a new
one). The images go to ``docs/screenshots/`` as PNG under 200 KB each.

It also checks the handover wizard on tablet screens (1024x768 landscape and
768x1024 portrait): the signature pad and the confirm button are visible in the
dialog without scrolling the page behind it; it fails otherwise.

Elements are found by stable names (menu xmlids, action xmlids in the URL,
field and button names), not by labels, so that the script keeps working in
Polish and after the wording changes. The web client keeps a long-polling
connection open: the script waits for elements, never for "network idle".
"""

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
MAX_BYTES = 200 * 1024
LANDSCAPE = {"width": 1024, "height": 768}
PORTRAIT = {"width": 768, "height": 1024}
TIMEOUT = 30_000  # ms, for one element to appear

#: The demo logins (login = password), see desktomy_*/demo/res_users_demo.xml.
RECEPTIONIST = "recepcja"
OFFICE_ADMIN = "kierownik"
CLIENT = "client"
#: The person who represents three companies (desktomy_virtual_office.person_1_demo).
PERSON_XMLID = ("desktomy_virtual_office", "person_1_demo")
#: A waiting item marked "with attachment" that has no scan (the alert).
NO_SCAN_ITEM_XMLID = ("desktomy_virtual_office", "mail_4_demo")

MAIL_ACTION = "desktomy_virtual_office.desktomy_mail_action"
HANDOVER_MENU = "desktomy_virtual_office.desktomy_mail_handover_wizard_menu"
MAIL_MENU = "desktomy_virtual_office.desktomy_menu_mail"


class ScreenshotError(Exception):
    pass


def optimise_png(data, path, max_bytes=MAX_BYTES):
    """Write ``data`` (PNG bytes) to ``path`` as a palette PNG under max_bytes.

    Quantizes to 256, then fewer colours, then scales down until it fits.
    Returns the size written.
    """
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    scale = 1.0
    for colors in (256, 128, 64, 64, 64):
        if scale < 1.0:
            size = (int(image.width * scale), int(image.height * scale))
            candidate = image.resize(size, Image.LANCZOS)
        else:
            candidate = image
        quantized = candidate.quantize(colors=colors, method=Image.MEDIANCUT)
        buffer = io.BytesIO()
        quantized.save(buffer, format="PNG", optimize=True)
        if buffer.tell() <= max_bytes:
            path.write_bytes(buffer.getvalue())
            return buffer.tell()
        if colors == 64:
            scale *= 0.85
    raise ScreenshotError(f"{path.name}: cannot get it under {max_bytes} bytes")


class Session:
    """One logged-in browser context, with JSON-RPC as the web client sends it."""

    def __init__(self, browser, url, login, viewport=LANDSCAPE):
        self.url = url.rstrip("/")
        self.context = browser.new_context(
            viewport=viewport, locale="pl-PL", timezone_id="Europe/Warsaw"
        )
        self.context.set_default_timeout(TIMEOUT)
        self.page = self.context.new_page()
        self.login = login
        page = self.page
        page.goto(f"{self.url}/web/login")
        page.fill("input[name=login]", login)
        page.fill("input[name=password]", login)
        page.click(".oe_login_form button[type=submit]")
        page.wait_for_url(lambda u: "/web/login" not in u)

    def rpc(self, model, method, args=(), kwargs=None):
        response = self.context.request.post(
            f"{self.url}/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        payload = response.json()
        if payload.get("error"):
            error = payload["error"].get("data", {}).get("message") or payload["error"]
            raise ScreenshotError(f"{model}.{method} as {self.login}: {error}")
        return payload["result"]

    def xmlid(self, module, name):
        return self.rpc("ir.model.data", "check_object_reference", [module, name])[1]

    def close(self):
        self.context.close()


def save(page_or_locator, name, out):
    path = out / f"{name}.png"
    size = optimise_png(page_or_locator.screenshot(), path)
    print(f"  {path.relative_to(ROOT)} ({size // 1024} KB)")
    return path


def in_viewport(page, locator, what):
    """Fail unless ``locator`` is wholly inside the viewport."""
    box = locator.bounding_box()
    view = page.viewport_size
    if not box or not (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= view["width"] + 1
        and box["y"] + box["height"] <= view["height"] + 1
    ):
        raise ScreenshotError(
            f"{what} is not visible in a {view['width']}x{view['height']} "
            f"screen without scrolling (box {box})"
        )


def open_handover_wizard(session):
    """Mail menu → Hand over mail, found by the menus' xmlids."""
    page = session.page
    page.goto(f"{session.url}/odoo/action-{MAIL_ACTION}")
    page.click(f".o_menu_sections [data-menu-xmlid='{MAIL_MENU}']")
    page.click(f"[data-menu-xmlid='{HANDOVER_MENU}']")
    page.wait_for_selector(".modal button[name=action_handover]")
    return page.locator(".modal").last


def fill_handover(session, person_name):
    """Pick the person (their companies and waiting items come with them)."""
    page = session.page
    page.fill(".modal div[name=person_search_id] input", person_name)
    page.click(".o-autocomplete--dropdown-menu .dropdown-item >> nth=0")
    page.wait_for_selector(".modal div[name=mail_ids] .o_data_row")
    collector = page.locator(".modal div[name=collector_name] input")
    if not collector.input_value():
        collector.fill(person_name)
    id_number = page.locator(".modal div[name=collector_id_number] input")
    if id_number.count() and not id_number.input_value():
        id_number.fill("ABC123456")


def sign(session):
    """Draw a signature on the pad with the mouse, as a finger would."""
    page = session.page
    page.click(".modal div[name=signature] .o_signature")
    # The pad may open in draw mode already (then there is nothing to click).
    draw = page.locator(".modal .o_web_sign_draw_button:not(.active)")
    if draw.count():
        draw.first.click()
    canvas = page.locator(".modal canvas.o_web_sign_signature")
    canvas.wait_for()
    box = canvas.bounding_box()
    x0, y0 = box["x"] + 30, box["y"] + box["height"] * 0.6
    page.mouse.move(x0, y0)
    page.mouse.down()
    for step in range(1, 40):
        x = x0 + step * 8
        y = y0 - 25 * ((step % 10) / 10) + (step % 3) * 4
        page.mouse.move(x, y, steps=2)
    page.mouse.up()
    # "Adopt" in the signature dialog, the topmost one.
    page.locator(".modal").last.locator(".modal-footer .btn-primary").click()
    page.wait_for_selector(".modal div[name=signature] img[src*=base64]")


def check_tablet(browser, url, person_name, viewport):
    """The sign pad and the confirm button are visible on a tablet screen."""
    session = Session(browser, url, RECEPTIONIST, viewport=viewport)
    try:
        page = session.page
        open_handover_wizard(session)
        fill_handover(session, person_name)
        in_viewport(
            page,
            page.locator(".modal button[name=action_handover]"),
            "the confirm button",
        )
        pad = page.locator(".modal div[name=signature]")
        pad.scroll_into_view_if_needed()
        in_viewport(page, pad, "the signature pad")
        if page.evaluate("window.scrollY") != 0:
            raise ScreenshotError("the page behind the handover dialog scrolled")
        print(f"  handover wizard at {viewport['width']}x{viewport['height']}: OK")
    finally:
        session.close()


def shoot_handover_and_receipt(browser, url, person_name, out):
    session = Session(browser, url, RECEPTIONIST)
    try:
        page = session.page
        open_handover_wizard(session)
        fill_handover(session, person_name)
        sign(session)
        # The checklist of clients and their items, as the tablet shows it.
        page.locator(".modal div[name=partner_ids]").scroll_into_view_if_needed()
        save(page, "1-handover-checklist", out)
        page.click(".modal button[name=action_handover]")
        page.wait_for_selector(".o_form_view div[name=receipt_sha256]:not(:empty)")
        handover_id = session.rpc(
            "desktomy.mail.handover", "search", [[]], {"limit": 1, "order": "id desc"}
        )[0]
        [handover] = session.rpc(
            "desktomy.mail.handover", "read", [[handover_id], ["receipt_attachment_id"]]
        )
        attachment = handover["receipt_attachment_id"]
        if not attachment:
            raise ScreenshotError("the confirmed handover has no receipt")
        response = session.context.request.get(
            f"{session.url}/web/content/{attachment[0]}?download=true"
        )
        pdf = response.body()
        if not pdf.startswith(b"%PDF"):
            raise ScreenshotError("the receipt is not a PDF")
        save_pdf_page(pdf, "2-signed-receipt", out)
    finally:
        session.close()


def crop_margins(data, margin=24):
    """Cut the white margins of a rendered page (keeping ``margin`` pixels)."""
    from PIL import Image, ImageChops

    image = Image.open(io.BytesIO(data)).convert("RGB")
    background = Image.new("RGB", image.size, (255, 255, 255))
    box = ImageChops.difference(image, background).getbbox()
    if box:
        left, top, right, bottom = box
        image = image.crop(
            (
                max(left - margin, 0),
                max(top - margin, 0),
                min(right + margin, image.width),
                min(bottom + margin, image.height),
            )
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def save_pdf_page(pdf, name, out, max_pages=2):
    """The first pages of a PDF (the signature may be on the second) as one
    PNG, one under the other, with pdftoppm (poppler-utils)."""
    from PIL import Image

    if not shutil.which("pdftoppm"):
        raise ScreenshotError("pdftoppm is missing: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "receipt.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "90",
                "-f",
                "1",
                "-l",
                str(max_pages),
                str(source),
                str(Path(tmp) / "page"),
            ],
            check=True,
        )
        pages = [
            Image.open(io.BytesIO(crop_margins(path.read_bytes())))
            for path in sorted(Path(tmp).glob("page*.png"))
        ]
        sheet = Image.new(
            "RGB",
            (max(page.width for page in pages), sum(page.height for page in pages)),
            "white",
        )
        top = 0
        for page in pages:
            sheet.paste(page, (0, top))
            top += page.height
        buffer = io.BytesIO()
        sheet.save(buffer, format="PNG")
        path = out / f"{name}.png"
        size = optimise_png(buffer.getvalue(), path)
        print(f"  {path.relative_to(ROOT)} ({size // 1024} KB)")


def shoot_missing_attachment(browser, url, item_id, out):
    session = Session(browser, url, RECEPTIONIST)
    try:
        page = session.page
        page.goto(f"{session.url}/odoo/action-{MAIL_ACTION}/{item_id}")
        page.click(".o_form_view .o_statusbar_buttons button[name=action_notify]")
        page.wait_for_selector(".modal .o_desktomy_missing_attachment")
        page.wait_for_selector(".modal .o_data_row")
        save(page, "3-missing-attachment-alert", out)
        # "Go back": nothing is sent.
        page.click(".modal footer button.btn-primary")
        page.wait_for_selector(".modal", state="detached")
    finally:
        session.close()


def shoot_portal(browser, url, out):
    session = Session(browser, url, CLIENT)
    try:
        page = session.page
        page.goto(f"{session.url}/my/billing")
        page.wait_for_selector(".o_desktomy_billing_table")
        # The previous month, a whole one (the list of months is newest first).
        options = page.eval_on_selector_all(
            "select[name=period] option:not([disabled])",
            "options => options.map(option => [option.value, option.selected])",
        )
        current = next((i for i, (_v, chosen) in enumerate(options) if chosen), None)
        if current is not None and current + 1 < len(options):
            page.goto(f"{session.url}/my/billing?period={options[current + 1][0]}")
            page.wait_for_selector(".o_desktomy_billing_table")
        page.click("#o_desktomy_client_switcher_toggle")
        page.wait_for_selector(".o_desktomy_client_switcher .dropdown-menu.show")
        save(page, "4-portal-billing-switch", out)
    finally:
        session.close()


def shoot_collected_guard(browser, url, item_id, out):
    session = Session(browser, url, RECEPTIONIST)
    try:
        page = session.page
        page.goto(f"{session.url}/odoo/action-{MAIL_ACTION}/{item_id}")
        page.click(".o_statusbar_status button[data-value='received']")
        page.wait_for_selector(".modal .modal-footer")
        save(page, "5-leave-collected-confirmation", out)
        # Cancel: the item stays collected.
        page.click(".modal .modal-footer .btn-secondary")
        page.wait_for_selector(".modal", state="detached")
    finally:
        session.close()


def wait_for_server(url, timeout):
    """Wait until the login page answers (``./dev.sh start`` may be starting)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url.rstrip('/')}/web/login", timeout=5):
                return
        except (urllib.error.URLError, OSError) as error:
            if time.monotonic() > deadline:
                raise ScreenshotError(f"{url} does not answer: {error}") from error
            time.sleep(2)


def run(url, out, skip_tablet=False):
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"]
        )
        try:
            admin = Session(browser, url, OFFICE_ADMIN)
            try:
                person_id = admin.xmlid(*PERSON_XMLID)
                [person] = admin.rpc("res.partner", "read", [[person_id], ["name"]])
                no_scan_id = admin.xmlid(*NO_SCAN_ITEM_XMLID)
                company_id = admin.xmlid("base", "main_company")
                admin.rpc(
                    "res.company",
                    "write",
                    [
                        [company_id],
                        {
                            "desktomy_portal_billing_summary": True,
                            "desktomy_missing_attachment_alert": True,
                        },
                    ],
                )
                waiting = admin.rpc(
                    "desktomy.mail",
                    "search_count",
                    [
                        [
                            (
                                "partner_id.desktomy_authorized_person_ids",
                                "in",
                                [person_id],
                            ),
                            ("state", "in", ["received", "notified"]),
                        ]
                    ],
                )
                if not waiting:
                    raise ScreenshotError(
                        f"{person['name']} has no waiting mail left: the tour "
                        "was already taken on this database; use a new demo "
                        "database"
                    )
                [collected_id] = admin.rpc(
                    "desktomy.mail",
                    "search",
                    [[("state", "=", "collected")]],
                    {"limit": 1, "order": "id"},
                ) or [None]
            finally:
                admin.close()
            print("Checking and taking screenshots:")
            if not skip_tablet:
                for viewport in (LANDSCAPE, PORTRAIT):
                    check_tablet(browser, url, person["name"], viewport)
            shoot_handover_and_receipt(browser, url, person["name"], out)
            shoot_missing_attachment(browser, url, no_scan_id, out)
            shoot_portal(browser, url, out)
            if collected_id is None:
                raise ScreenshotError("no collected item in the database")
            shoot_collected_guard(browser, url, collected_id, out)
        finally:
            browser.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", default="http://localhost:8069/")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--wait",
        type=int,
        default=300,
        help="seconds to wait for the server to answer (default 300)",
    )
    parser.add_argument(
        "--skip-tablet-check",
        action="store_true",
        help="do not check the handover wizard at 1024x768 and 768x1024",
    )
    args = parser.parse_args(argv)
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("Playwright is missing: .venv/bin/pip install -e .[screenshots]")
        return 2
    if not Path(CHROMIUM).exists():
        print(f"Chromium is missing ({CHROMIUM}): apt-get install chromium")
        return 2
    try:
        wait_for_server(args.url, args.wait)
        run(args.url, args.out, skip_tablet=args.skip_tablet_check)
    except ScreenshotError as error:
        print(f"screenshots: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
