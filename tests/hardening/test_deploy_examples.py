"""The deployment examples in deploy/ are valid: nginx accepts the example configuration, and the
systemd units start commands that exist."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def test_the_nginx_example_passes_nginx_t(tmp_path):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not nginx:
        skip_or_fail("nginx 未安装（apt-get install -y nginx-light）：无法检查 deploy/nginx/zongzhi.conf")
    if not shutil.which("openssl"):
        skip_or_fail("openssl 未安装：无法为 nginx -t 生成临时证书")
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=zongzhi.test",
            "-keyout",
            str(tmp_path / "privkey.pem"),
            "-out",
            str(tmp_path / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = (DEPLOY / "nginx" / "zongzhi.conf").read_text(encoding="utf-8").replace("/etc/ssl/zongzhi", str(tmp_path))
    (tmp_path / "site.conf").write_text(site)
    mime = "/etc/nginx/mime.types" if Path("/etc/nginx/mime.types").exists() else None
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n{'include ' + mime + ';' if mime else ''}\ninclude {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def _commands():
    """The project's manage.py commands and those of the installed apps (Wagtail's publish_scheduled)."""
    from django.core.management import get_commands

    return set(get_commands())


@pytest.mark.parametrize("unit", sorted(p.name for p in (DEPLOY / "systemd").iterdir() if p.suffix == ".service"))
def test_each_systemd_unit_runs_an_existing_manage_command(unit):
    text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
    used = re.findall(r"manage\.py (\w+)", text)
    assert used, f"{unit} runs no manage.py command"
    assert set(used) <= _commands(), set(used) - _commands()
    assert "EnvironmentFile=/etc/zongzhi/zongzhi.env" in text


def test_the_environment_example_names_every_required_production_variable():
    text = (DEPLOY / "zongzhi.env.example").read_text(encoding="utf-8")
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "ZONGZHI_FIELD_KEY"):
        assert re.search(rf"^{name}=", text, re.M), name


@pytest.mark.django_db
def test_browsers_asking_for_favicon_ico_get_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
    assert (ROOT / "static" / "img" / "favicon.svg").read_text(encoding="utf-8").startswith("<svg")


def test_the_favicon_redirect_works_with_debug_on_too(settings):
    """`make run` has DEBUG on, which adds the media URLs: the icon must still resolve there."""
    import importlib

    from django.test import RequestFactory
    from django.urls import clear_url_caches

    from zongzhi import urls

    settings.DEBUG = True
    try:
        module = importlib.reload(urls)
        response = module.favicon(RequestFactory().get("/favicon.ico"))
        assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")
    finally:
        settings.DEBUG = False
        importlib.reload(urls)
        clear_url_caches()
