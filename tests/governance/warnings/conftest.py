"""Fixtures of the warning tests: center A (甲镇, workstation 甲村 and a second village) with its
people, center B, a frozen "today", and a builder for warnings in a chosen state."""

from datetime import date, timedelta

import pytest

from tests.factories import Clock, committing, live_sends  # noqa: F401 (fixtures)

TODAY = date(2026, 9, 28)


@pytest.fixture
def clock(monkeypatch):
    from governance.services import clock as service_clock

    frozen = Clock(TODAY)
    monkeypatch.setattr(service_clock, "today", lambda: frozen.today)
    return frozen


@pytest.fixture
def town(center, clock):
    from governance.models import Workstation

    Workstation.objects.create(center=center, name="乙庄")
    return center


@pytest.fixture
def villages(town):
    return {w.name: w for w in town.workstations.all()}


@pytest.fixture
def director(town, make_user):
    return make_user("director", town)


@pytest.fixture
def staff(town, make_user):
    return make_user("staff", town)


@pytest.fixture
def police(town, make_user):
    return make_user("department", town, department=town.departments.get(name="派出所"))


@pytest.fixture
def reporter(villages, town, make_user):
    return make_user("workstation", town, workstation=villages["甲村"])


@pytest.fixture
def other_reporter(villages, town, make_user):
    return make_user("workstation", town, workstation=villages["乙庄"])


@pytest.fixture
def county_user(db, make_user):
    return make_user("county", None)


@pytest.fixture
def other_director(other_center, make_user):
    return make_user("director", other_center)


def warning_data(**overrides):
    from governance.warnings.models import WarningType
    from governance.warnings.services import WarningData

    values = {
        "warning_type_id": WarningType.objects.get(name="电信网络诈骗", center__isnull=True).pk,
        "level": "serious",
        "title": "警惕冒充客服退款诈骗",
        "content": "近期辖区发生多起冒充客服退款诈骗。",
        "advice": "不下载陌生软件，不共享屏幕，拨打96110咨询。",
        "valid_from": TODAY,
        "valid_until": TODAY + timedelta(days=30),
        "village_ids": [],
    }
    values.update(overrides)
    return WarningData(**values)


@pytest.fixture
def make_warning(town, staff, director):
    """make_warning(state="draft", **data): a warning of 甲镇 taken through the services to `state`."""
    from governance.warnings import services

    def make(state="draft", center=None, drafter=None, approver=None, **overrides):
        warning = services.warning_create(center=center or town, actor=drafter or staff, data=warning_data(**overrides))
        approver = approver or director
        if state in ("approved", "published", "withdrawn"):
            services.warning_approve(pk=warning.pk, actor=approver)
        if state in ("published", "withdrawn"):
            services.warning_publish(pk=warning.pk, actor=approver)
        if state == "withdrawn":
            services.warning_withdraw(pk=warning.pk, actor=approver, reason="预警解除")
        warning.refresh_from_db()
        return warning

    return make
