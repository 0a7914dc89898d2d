"""Browser tests: the real portal (`manage.py serve`) in a subprocess, driven by Debian's Chromium.

Run them in their own pytest invocation (`make test-browser`): pytest-playwright leaves an event
loop running that breaks async tests collected after it.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session", autouse=True)
def _chromium_installed():
    """Skip every browser test without Chromium; under CI=true that is a failure."""
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} 不存在：apt-get install -y chromium fonts-noto-cjk 后再运行浏览器测试"
    if IN_CI:
        pytest.fail(f"{reason}（CI=true：缺少浏览器视为失败）", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browsers here; Debian's build works with these flags.
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English-preferring browser: the admin must still be Chinese.
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1440, "height": 900}}


@pytest.fixture(scope="session")
def demo_data():
    return json.loads((ROOT / "fixtures" / "demo_county.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_password(demo_data):
    return demo_data["demo_password"]


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="session")
def portal_server(tmp_path_factory):
    """The portal as `make run` starts it, on a throwaway SQLite file and a free loopback port."""
    workdir = tmp_path_factory.mktemp("portal")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_", "ZONGZHI_")) and key != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="zongzhi.settings.dev",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(workdir / "media"),
        PYTHONUNBUFFERED="1",
    )
    manage = [sys.executable, str(ROOT / "manage.py")]

    def setup_step(*args):
        result = subprocess.run([*manage, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"manage.py {' '.join(args)} 失败：\n{result.stdout}\n{result.stderr}"

    setup_step("migrate", "--noinput", "-v", "0")
    setup_step("load_demo", "--quiet-logins")

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = workdir / "serve.log"
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [*manage, "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while not _answers(f"{base_url}/admin/login/"):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"门户未能启动（{base_url}）：\n{log_path.read_text(encoding='utf-8')}", pytrace=False)
            time.sleep(0.25)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(workdir / "media", ignore_errors=True)


@pytest.fixture(scope="session")
def base_url(portal_server):
    """pytest-playwright resolves page.goto("/admin/") against this."""
    return portal_server


@pytest.fixture(scope="session")
def screenshots_dir():
    folder = ROOT / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder
