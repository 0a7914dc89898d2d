"""The periodic jobs (governance.periodic) and `manage.py serve` running them on the one-process
default."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page

from governance import periodic
from pages.models import ContentPage, PortalHomePage


def test_a_failing_job_is_logged_and_the_others_still_run(caplog):
    ran = []

    def broken():
        raise RuntimeError("boom")

    results = periodic.run_round((("first", lambda: ran.append(1) or "ok"), ("broken", broken), ("last", lambda: ran.append(3))))

    assert ran == [1, 3]
    assert results["first"] == "ok" and isinstance(results["broken"], RuntimeError)
    assert "periodic job broken failed" in caplog.text


@pytest.mark.django_db
def test_a_round_publishes_a_page_whose_go_live_time_has_come():
    root = Page.get_first_root_node()
    portal = root.add_child(instance=PortalHomePage(title="门户", slug="portal-periodic"))
    page = portal.add_child(instance=ContentPage(title="定时发布的通知", slug="scheduled", live=False))
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()

    results = periodic.run_round()

    assert not any(isinstance(value, Exception) for value in results.values()), results
    page.refresh_from_db()
    assert page.live


def test_the_background_loop_runs_a_round_at_once_and_stops_when_told():
    rounds = []
    second = threading.Event()

    def job():
        rounds.append(1)
        if len(rounds) >= 2:
            second.set()

    stop = periodic.start_in_background(0.05, jobs=(("count", job),))
    try:
        assert second.wait(5), "the loop did not run twice"
    finally:
        stop.set()
    counted = len(rounds)
    threading.Event().wait(0.3)
    assert len(rounds) <= counted + 1  # at most the round in progress when told


@pytest.mark.parametrize(("mode", "starts"), [("serve", True), ("timer", False)])
def test_serve_runs_the_jobs_itself_only_when_asked(monkeypatch, capsys, mode, starts):
    import uvicorn

    started = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)
    monkeypatch.setattr(periodic, "start_in_background", lambda interval, jobs=periodic.JOBS: started.append(interval))
    with override_settings(ZONGZHI_SWEEPS=mode, ZONGZHI_SWEEP_SECONDS=300, ZONGZHI_DEMO_ALLOWED=False):
        call_command("serve")

    assert started == ([300] if starts else [])
    assert ("每 5 分钟" in capsys.readouterr().out) is starts


def test_the_one_process_default_runs_the_jobs_and_production_leaves_them_to_the_timer():
    import importlib
    import os

    dev = importlib.import_module("zongzhi.settings.dev")
    assert dev.ZONGZHI_SWEEPS == (os.environ.get("ZONGZHI_SWEEPS") or "serve")
    base = importlib.import_module("zongzhi.settings.base")
    assert base.ZONGZHI_SWEEPS == (os.environ.get("ZONGZHI_SWEEPS") or "timer")
