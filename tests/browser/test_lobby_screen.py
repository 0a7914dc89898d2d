"""The lobby screen in Chromium: live figures while a case moves through the workflow, a readable
layout at 1920×1080 and 1280×720, and self-healing after the server restarts.

The first test uses the session's portal (tests/browser/conftest.py). The restart test needs a
server it can stop and start on the same port, so it starts its own, the same way.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREEN_PATH = "/lobby/shifan-hall/"
DELIVERY_MS = 2000
RECOVERY_MS = 35000
FIGURE_ORDER = ("registered", "accepted", "handling", "resolved", "on_time_rate")

STATE_READY = "() => { const s = window.zongzhiLobby && window.zongzhiLobby.state; return !!(s && s.seq >= 0 && s.data && s.data.figures); }"


def _today():
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the platform's TIME_ZONE


def log_in(page: Page, base, username, password):
    page.goto(f"{base}/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def lobby_state(screen: Page):
    return screen.evaluate("() => { const s = window.zongzhiLobby.state; return {seq: s.seq, data: s.data}; }")


def today_figures_in_dom(screen: Page):
    """The 'today' figures panel as the screen shows it, keyed like the data (registered…)."""
    panel = screen.locator("[data-panel=figures]").first
    values = panel.locator(".figure-value").all_inner_texts()
    return dict(zip(FIGURE_ORDER, values))


def submit_and_expect(screen: Page, submit, changes, what):
    """Click submit; within 2 s the screen's figures must reach `changes` (key → new value) through a
    delta with the next sequence number, and the DOM must show them."""
    before = lobby_state(screen)
    started = time.monotonic()
    submit()
    expected = {f"{key}_today" if key in ("registered", "accepted", "resolved") else key: value for key, value in changes.items()}
    try:
        screen.wait_for_function(
            """([want, seq]) => {
                const s = window.zongzhiLobby.state, f = s.data.figures || {};
                return s.seq > seq && Object.keys(want).every(k => f[k] === want[k]);
            }""",
            arg=[expected, before["seq"]],
            timeout=DELIVERY_MS,
            polling=50,
        )
    except Exception as error:  # playwright's TimeoutError: report what the screen has instead
        after = lobby_state(screen)
        pytest.fail(
            f"{what}：2 秒内大屏数字未更新；期望 {expected}，实际 {after['data'].get('figures')}（seq {before['seq']}→{after['seq']}）：{error}",
            pytrace=False,
        )
    elapsed = time.monotonic() - started
    after = lobby_state(screen)
    assert after["seq"] == before["seq"] + 1, f"{what}: seq {before['seq']} → {after['seq']}（应连续）"
    shown = today_figures_in_dom(screen)
    for key, value in changes.items():
        assert shown[key] == str(value), f"{what}: 屏幕上 {key} 显示 {shown[key]}，应为 {value}"
    assert screen.locator("#status").is_hidden()
    return elapsed


def choose_first(page: Page, select):
    """Select the first real option of a <select> (skipping the empty '---------')."""
    value = page.locator(f"{select} option:not([value=''])").first.get_attribute("value")
    page.select_option(select, value)


def submit_button(page: Page):
    return page.locator("form[novalidate] button[type=submit]")


def do_move(admin: Page, action):
    admin.locator(f".zz-actions a[href$='/do/{action}/']").click()
    expect(admin).to_have_url(re.compile(rf"/admin/governance/cases/\d+/do/{action}/$"))


def layout_problems(screen: Page):
    """Panels whose content is cut off, text wider than its box, or a page that scrolls."""
    return screen.evaluate(
        """() => {
            const problems = [];
            const doc = document.documentElement;
            if (doc.scrollHeight > window.innerHeight + 1 || doc.scrollWidth > window.innerWidth + 1)
                problems.push(`page ${doc.scrollWidth}×${doc.scrollHeight} > viewport ${window.innerWidth}×${window.innerHeight}`);
            document.querySelectorAll('.panel').forEach(panel => {
                const name = panel.getAttribute('data-panel');
                const box = panel.getBoundingClientRect();
                if (box.bottom > window.innerHeight + 1 || box.right > window.innerWidth + 1)
                    problems.push(`${name}: outside the viewport`);
                if (name === 'notices') return;  // the ticker scrolls sideways by design
                if (panel.scrollHeight > panel.clientHeight + 2)
                    problems.push(`${name}: content ${panel.scrollHeight}px high in a ${panel.clientHeight}px panel (cut off)`);
                panel.querySelectorAll('*').forEach(node => {
                    if (node.children.length === 0 && node.scrollWidth > node.clientWidth + 2 && getComputedStyle(node).overflow !== 'visible')
                        problems.push(`${name}: '${node.textContent.slice(0, 30)}' is wider than its box`);
                    const r = node.getBoundingClientRect();
                    if (r.width && (r.right > box.right + 1 || r.left < box.left - 1))
                        problems.push(`${name}: '${node.textContent.slice(0, 30)}' sticks out sideways`);
                });
            });
            return [...new Set(problems)];
        }"""
    )


# --- live figures while a case goes through the workflow ----------------------------------------


def test_screen_follows_a_case_from_registration_to_resolution(page: Page, context, base_url, demo_password, screenshots_dir):
    screen = page
    screen.goto(SCREEN_PATH)
    screen.wait_for_function(STATE_READY, timeout=10000)
    expect(screen.locator("#status")).to_be_hidden()
    figures = lobby_state(screen)["data"]["figures"]

    admin = context.new_page()
    log_in(admin, base_url, "shifan_director", demo_password)
    timings = {}

    # Register (登记).
    admin.goto("/admin/governance/cases/register/")
    admin.select_option("#id_kind", "dispute")
    choose_first(admin, "#id_source")
    choose_first(admin, "#id_category")
    admin.locator("#id_summary").fill("大屏浏览器测试：邻里排水沟纠纷")
    admin.locator("#id_received_on").fill(_today().isoformat())
    admin.locator("#id_party-0-name").fill("王小明")
    timings["register"] = submit_and_expect(screen, submit_button(admin).click, {"registered": figures["registered_today"] + 1}, "登记")
    expect(admin).to_have_url(re.compile(r"/admin/governance/cases/\d+/$"))

    # Accept (受理). The clerk picks the notice date: the form's initial value is rendered as
    # 2026/11/27 (zh-hans input format), which <input type=date> discards, so it arrives empty.
    do_move(admin, "accept")
    admin.locator("#id_notice_date").fill(_today().isoformat())
    timings["accept"] = submit_and_expect(screen, submit_button(admin).click, {"accepted": figures["accepted_today"] + 1}, "受理")
    expect(admin).to_have_url(re.compile(r"/admin/governance/cases/\d+/$"))

    # Route (分流) to a lead department: the case is now being handled.
    do_move(admin, "route")
    if not admin.locator("#id_lead_department").input_value():
        admin.select_option("#id_lead_department", label="司法所")
    timings["route"] = submit_and_expect(screen, submit_button(admin).click, {"handling": figures["handling"] + 1}, "分流")
    expect(admin).to_have_url(re.compile(r"/admin/governance/cases/\d+/$"))

    # Start handling (签收): the figures stay, but a delta still arrives.
    do_move(admin, "start")
    timings["start"] = submit_and_expect(screen, submit_button(admin).click, {"handling": figures["handling"] + 1}, "签收")
    expect(admin).to_have_url(re.compile(r"/admin/governance/cases/\d+/$"))

    # Resolve (办结).
    do_move(admin, "resolve")
    choose_first(admin, "#id_outcome")
    admin.locator("#id_note").fill("经调解，双方同意共同清理排水沟。")
    timings["resolve"] = submit_and_expect(
        screen, submit_button(admin).click, {"resolved": figures["resolved_today"] + 1, "handling": figures["handling"]}, "办结"
    )
    expect(admin).to_have_url(re.compile(r"/admin/governance/cases/\d+/$"))
    print("screen updated after (s):", {k: round(v, 3) for k, v in timings.items()})

    # A queue call, so that the screenshots show a called ticket too.
    admin.goto("/admin/governance/queue/")
    admin.locator("form[action*='/queue/issue/'] button").first.click()
    expect(admin).to_have_url(re.compile(r"/admin/governance/queue/$"))
    admin.locator("form[action*='/queue/call/'] button").first.click()
    screen.wait_for_function("() => (window.zongzhiLobby.state.data.queue.calls || []).length > 0", timeout=DELIVERY_MS)
    call = lobby_state(screen)["data"]["queue"]["calls"][0]
    expect(screen.locator("[data-panel=queue] .call-current .ticket")).to_have_text(call["ticket"])
    admin.close()

    # The screen as it stands after this flow, at both supported sizes (the layout itself is
    # checked with a full screen of content below).
    for width, height in SIZES:
        screen.set_viewport_size({"width": width, "height": height})
        screen.wait_for_timeout(300)  # the font size follows the viewport: let the layout settle
        screen.screenshot(path=screenshots_dir / f"lobby-{width}.png")


# --- the layout with a full screen of content ----------------------------------------------------

SIZES = ((1920, 1080), (1280, 720))

# As much as the demo layout asks for (results count 6, queue recent 5), with the longest names
# the reference lists hold: what a busy afternoon looks like.
FULL_CONTENT = {
    "figures": {
        "registered_today": 38,
        "registered_month": 412,
        "accepted_today": 35,
        "accepted_month": 398,
        "handling": 127,
        "resolved_today": 29,
        "resolved_month": 356,
        "on_time_rate": 97,
    },
    "queue": {
        "calls": [
            {"id": 900 + n, "ticket": f"{prefix}{n:03d}", "window": window, "at": "2026-11-27T03:00:00+00:00"}
            for n, (prefix, window) in enumerate([("B", 2), ("A", 1), ("C", 2), ("A", 1), ("B", 2), ("A", 1)], start=101)
        ],
        "waiting": {"信访接待": 12, "矛盾调解": 8, "法律咨询": 5},
    },
    "results": [
        {
            "code": f"示范镇综治〔2026〕{n:04d}号",
            "category": category,
            "village": village,
            "received_on": "2026-11-02",
            "resolved_on": "2026-11-26",
            "outcome": outcome,
        }
        for n, (category, village, outcome) in enumerate(
            [
                ("道路交通事故", "新华社区", "调解不成，引导诉讼"),
                ("房屋宅基地", "东村", "调解成功"),
                ("邻里纠纷", "西村", "已答复办结"),
                ("生产经营", "新华社区", "诉求不予支持"),
                ("婚姻家庭", "东村", "调解成功"),
                ("劳动争议", "示范镇", "已处置稳控"),
            ],
            start=1201,
        )
    ],
}


def test_layout_is_readable_with_a_full_screen_of_content(page: Page, tmp_path):
    """The real page and the real server's messages, with the data sections filled to what the
    screen's own layout asks for; nothing may be cut off or stick out at either size."""

    def relay(ws):
        server = ws.connect_to_server()

        def from_server(message):
            data = json.loads(message)
            if data.get("type") in ("snapshot", "delta"):
                data["data"].update({key: FULL_CONTENT[key] for key in data["data"] if key in FULL_CONTENT})
            ws.send(json.dumps(data))

        server.on_message(from_server)

    page.route_web_socket(re.compile(r"/ws/lobby/"), relay)
    page.goto(SCREEN_PATH)
    page.wait_for_function(STATE_READY, timeout=10000)
    # The client drops the rows of a list that do not fit its panel (a row is never cut in half),
    # so a full screen shows most of the six results, and the checks below find nothing cut off.
    expect(page.locator("[data-panel=results] .result-list li").first).to_be_visible()
    assert 4 <= page.locator("[data-panel=results] .result-list li").count() <= 6

    problems = {}
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        page.screenshot(path=tmp_path / f"lobby-full-{width}.png")
        found = layout_problems(page)
        if found:
            problems[f"{width}×{height}"] = found
    print("screenshots:", tmp_path)
    assert not problems, f"大屏内容被截断或溢出（截图见 {tmp_path}）：{problems}"


# --- self-healing after the server restarts ----------------------------------------------------


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


class RestartablePortal:
    """`manage.py serve` on a fixed port that a test may stop and start again."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_")) and key != "DATABASE_URL"}
        self.env.update(
            DJANGO_SETTINGS_MODULE="zongzhi.settings.dev",
            DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
            DJANGO_MEDIA_ROOT=str(workdir / "media"),
            PYTHONUNBUFFERED="1",
        )
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.starts = 0

    def manage(self, *args, timeout=600):
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)} 失败：\n{result.stdout}\n{result.stderr}"
        return result.stdout

    @property
    def log_path(self):
        return self.workdir / f"serve-{self.starts}.log"

    def start(self):
        self.starts += 1
        with open(self.log_path, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "manage.py"), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while not _answers(f"{self.base_url}/admin/login/"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"门户未能启动（{self.base_url}）：\n{self.log_path.read_text(encoding='utf-8')}", pytrace=False)
            time.sleep(0.2)

    def stop(self):
        """Stop as an operator or a service manager would (SIGTERM); returns the seconds it took."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        started = time.monotonic()
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return time.monotonic() - started


@pytest.fixture(scope="module")
def restartable_portal(tmp_path_factory):
    portal = RestartablePortal(tmp_path_factory.mktemp("lobby-restart"))
    portal.manage("migrate", "--noinput", "-v", "0")
    portal.manage("load_demo", "--quiet-logins")
    try:
        portal.start()
        yield portal
    finally:
        portal.stop()
        shutil.rmtree(portal.workdir / "media", ignore_errors=True)


ISSUE_TICKET_OFFLINE = """
from governance.models import LobbyScreen, QueueService
from governance.selectors.lobby import current_seq
from governance.services.queue import queue_issue_ticket
screen = LobbyScreen.objects.get(slug="shifan-hall")
ticket = queue_issue_ticket(service_id=QueueService.objects.get(center=screen.center, prefix="A").pk)
print("RESULT", ticket.label, current_seq(screen.center_id))
"""


def test_screen_shows_the_badge_while_the_server_is_down_and_recovers_by_itself(browser, restartable_portal, screenshots_dir):
    portal = restartable_portal
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 720})
    try:
        screen = context.new_page()
        screen.goto(f"{portal.base_url}{SCREEN_PATH}")
        screen.wait_for_function(STATE_READY, timeout=10000)
        expect(screen.locator("#status")).to_be_hidden()
        screen.evaluate("() => { window.__sameDocument = true; }")  # gone if the page reloads
        seq_before = lobby_state(screen)["seq"]

        stop_seconds = portal.stop()
        went_down = time.monotonic()
        expect(screen.locator("#status")).to_be_visible(timeout=5000)
        expect(screen.locator("#status .badge")).to_have_text(re.compile(r"\S"))
        expect(screen.locator("body")).to_have_class(re.compile(r"\boffline\b"))
        # The last figures stay on screen while the server is away.
        expect(screen.locator("[data-panel=figures]").first).to_be_visible()

        # Change the data while the server is down: the fresh snapshot must bring it.
        out = portal.manage("shell", "-c", ISSUE_TICKET_OFFLINE, timeout=120)
        label, seq_now = re.search(r"RESULT (\S+) (\d+)", out).groups()
        seq_now = int(seq_now)
        assert seq_now == seq_before + 1
        expect(screen.locator("#status")).to_be_visible()  # still down

        portal.start()
        back_up = time.monotonic()
        try:
            screen.wait_for_function(
                """(seq) => {
                    const s = window.zongzhiLobby.state;
                    return document.getElementById('status').hidden && s.seq === seq
                        && Object.values((s.data.queue || {}).waiting || {}).some(n => n > 0);
                }""",
                arg=seq_now,
                timeout=RECOVERY_MS,
                polling=100,
            )
        except Exception as error:
            state = lobby_state(screen)
            pytest.fail(f"服务重启后 {RECOVERY_MS // 1000} 秒内大屏未自行恢复（seq {state['seq']}，期望 {seq_now}）：{error}", pytrace=False)
        recovered = time.monotonic()
        assert screen.evaluate("() => window.__sameDocument === true"), "大屏整页重新加载了，而不是自行重连"
        expect(screen.locator("body")).not_to_have_class(re.compile(r"\boffline\b"))
        assert screen.locator("#status").is_hidden()
        print(
            f"ticket {label}; SIGTERM took {stop_seconds:.2f} s; server down {back_up - went_down:.1f} s; "
            f"screen recovered {recovered - back_up:.1f} s after the restart"
        )
    finally:
        context.close()
