"""governance.demo.load_demo: the demo county loads once; running it again changes nothing."""

import re
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from governance.demo import load_demo, read_demo_data
from governance.models import Center, Department, StaffProfile, Workstation

pytestmark = pytest.mark.django_db

# Every table the loader can write: users, groups and their permission links (the M2M tables
# come with include_auto_created), governance, pages, Wagtail's pages/revisions/sites/page
# permissions/log entries and the search index.
SNAPSHOT_APPS = ("auth", "contenttypes", "governance", "pages", "wagtailcore", "wagtailusers", "wagtailsearch")
VOLATILE_COLUMNS = {"last_login"}


def snapshot():
    tables = {}
    for label in SNAPSHOT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            rows = model._base_manager.order_by("pk").values()
            tables[model._meta.db_table] = [
                {column: value for column, value in row.items() if column not in VOLATILE_COLUMNS} for row in rows
            ]
    return tables


def changed_tables(before, after):
    return sorted(table for table in before.keys() | after.keys() if before.get(table) != after.get(table))


def run_command():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_second_run_creates_nothing_and_changes_no_row():
    first = load_demo()
    before = snapshot()

    second = load_demo()

    assert first.created > 0
    assert second.created == 0
    assert changed_tables(before, snapshot()) == []
    assert [login.username for login in second.logins] == [login.username for login in first.logins]


def test_command_twice_reports_zero_created_the_second_time():
    first_output = run_command()
    before = snapshot()

    second_output = run_command()

    assert changed_tables(before, snapshot()) == []
    first_count = int(re.search(r"\d+", first_output).group())
    assert first_count > 0
    assert re.search(r"\d+", second_output).group() == "0"
    # The logins list is printed both times, with the shared demo password.
    password = read_demo_data()["demo_password"]
    assert password in second_output and "shifan_director" in second_output


def test_loads_the_whole_demo_county():
    data = read_demo_data()

    load_demo()

    assert Center.objects.count() == len(data["centers"])
    for center_data in data["centers"]:
        center = Center.objects.get(slug=center_data["slug"])
        assert center.departments.count() == len(center_data["departments"])
        assert center.workstations.count() == len(center_data["workstations"])
        assert StaffProfile.objects.filter(center=center).count() == len(center_data["users"])
    assert get_user_model().objects.get(username="admin").is_superuser
    assert StaffProfile.objects.get(user__username="county").center is None


def test_rerun_recreates_only_what_is_missing():
    load_demo()
    get_user_model().objects.get(username="shifan_staff").delete()  # cascades to the profile
    counts = (Center.objects.count(), Department.objects.count(), Workstation.objects.count())

    result = load_demo()

    assert result.created >= 2  # the user and the profile
    assert StaffProfile.objects.get(user__username="shifan_staff").center.slug == "shifan"
    assert (Center.objects.count(), Department.objects.count(), Workstation.objects.count()) == counts


def test_refuses_when_demo_not_allowed(settings):
    settings.ZONGZHI_DEMO_ALLOWED = False
    users_before = get_user_model().objects.count()

    with pytest.raises(ImproperlyConfigured):
        load_demo()
    with pytest.raises(ImproperlyConfigured):
        call_command("load_demo", stdout=StringIO())

    assert not Center.objects.exists()
    assert get_user_model().objects.count() == users_before
