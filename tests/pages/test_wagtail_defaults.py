"""pages.wagtail_defaults: Wagtail's default groups, workflow, task, root page and collection in Chinese."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, Page, Task, Workflow

from pages.wagtail_defaults import rename_wagtail_defaults

pytestmark = pytest.mark.django_db


def test_after_migrate_the_defaults_carry_chinese_names():
    # The test database was migrated: the post_migrate handler has run.
    names = set(Group.objects.values_list("name", flat=True))
    assert {"默认编辑组", "默认审核组"} <= names
    assert not {"Editors", "Moderators"} & names
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert Collection.get_first_root_node().name == "根收藏集"


def test_renames_only_the_default_names_and_only_once():
    Group.objects.filter(name="默认编辑组").update(name="Editors")
    Group.objects.create(name="Moderators copy")
    root = Page.objects.get(depth=1)
    Page.objects.filter(pk=root.pk).update(title="Root", draft_title="Root")

    assert rename_wagtail_defaults() == 2
    assert rename_wagtail_defaults() == 0

    assert Group.objects.filter(name="默认编辑组").exists()
    assert Group.objects.filter(name="Moderators copy").exists()  # not Wagtail's: left alone
    root.refresh_from_db()
    assert (root.title, root.draft_title) == ("根页面", "根页面")


def test_a_name_an_administrator_gave_is_kept():
    Group.objects.filter(name="默认审核组").update(name="审核员")

    rename_wagtail_defaults()

    assert Group.objects.filter(name="审核员").exists()
