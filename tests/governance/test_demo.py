"""governance.demo.load_demo: the demo county loads once; running it again changes nothing."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from governance.demo import load_demo, read_demo_data
from governance.models import AuditEvent, CaseEvent, Center, Department, StaffProfile, Workstation

pytestmark = pytest.mark.django_db

# Every table of every app (users, groups and their permission links, governance, pages,
# Wagtail's pages/revisions/sites/page permissions/log entries, the search index…), so a table a
# later feature makes the loader write is covered too. Only sessions and last_login are volatile.
SKIPPED_APPS = {"sessions"}
VOLATILE_COLUMNS = {"last_login"}


def snapshot():
    tables = {}
    for config in apps.get_app_configs():
        if config.label in SKIPPED_APPS:
            continue
        for model in config.get_models(include_auto_created=True):
            rows = model._base_manager.order_by("pk").values()
            tables[model._meta.db_table] = [{column: value for column, value in row.items() if column not in VOLATILE_COLUMNS} for row in rows]
    return tables


def changed_tables(before, after):
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))


def run_command():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def first_run(demo_county):
    """The first load of the demo county, shared with the other modules that need it
    (tests/demo_county.py); each test runs in its own savepoint on top."""
    return demo_county


def test_second_run_creates_nothing_and_changes_no_row(first_run):
    before = snapshot()

    second = load_demo()

    assert first_run.created > 0
    assert second.created == 0
    assert changed_tables(before, snapshot()) == []
    assert [login.username for login in second.logins] == [login.username for login in first_run.logins]


def test_command_on_loaded_demo_reports_zero_created(first_run):
    before = snapshot()

    output = run_command()

    assert changed_tables(before, snapshot()) == []
    assert re.search(r"\d+", output).group() == "0"
    # The logins list is printed every time, with the shared demo password.
    assert read_demo_data()["demo_password"] in output
    assert "shifan_director" in output


def test_loads_the_whole_demo_county(first_run):
    data = read_demo_data()

    assert Center.objects.count() == len(data["centers"])
    for center_data in data["centers"]:
        center = Center.objects.get(slug=center_data["slug"])
        assert center.departments.count() == len(center_data["departments"])
        assert center.workstations.count() == len(center_data["workstations"])
        assert StaffProfile.objects.filter(center=center).count() == len(center_data["users"])
    assert get_user_model().objects.get(username="admin").is_superuser
    assert StaffProfile.objects.get(user__username="county").center is None


def test_rerun_recreates_only_what_is_missing(first_run):
    # A user with nothing in the audit trail (those who have are deactivated, never deleted).
    audited = set(AuditEvent.objects.values_list("actor_id", flat=True)) | set(CaseEvent.objects.values_list("actor_id", flat=True))
    gone = StaffProfile.objects.filter(center__slug="shifan").exclude(user_id__in=audited).select_related("user").first().user
    gone.delete()  # cascades to the profile
    counts = (Center.objects.count(), Department.objects.count(), Workstation.objects.count())

    result = load_demo()

    assert result.created >= 2  # the user and the profile
    assert StaffProfile.objects.get(user__username=gone.username).center.slug == "shifan"
    assert (Center.objects.count(), Department.objects.count(), Workstation.objects.count()) == counts


def test_refuses_when_demo_not_allowed(settings):
    settings.ZONGZHI_DEMO_ALLOWED = False
    before = snapshot()

    with pytest.raises(ImproperlyConfigured):
        load_demo()
    with pytest.raises(ImproperlyConfigured):
        call_command("load_demo", stdout=StringIO())

    assert changed_tables(before, snapshot()) == []
