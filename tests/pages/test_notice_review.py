"""Notices (通知公告) are published through the center's approval workflow: editors submit, the
center's directors or site reviewers approve; another center's director cannot."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import TaskState

from pages.editors import ensure_center_editor_group, ensure_center_reviewer_group, ensure_notice_workflow
from pages.models import CenterReviewTask, ContentPage, NoticeIndexPage, NoticePage
from tests.factories import UserFactory, make_staff
from tests.pages.conftest import build_center_site, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(site):
    index = publish(site.home, NoticeIndexPage(title="通知公告", slug="notices"))
    workflow = ensure_notice_workflow(index)
    return index, workflow


@pytest.fixture
def editor(site):
    user = make_staff("editor", center=site.home.center)
    user.groups.add(ensure_center_editor_group(site.home))
    return user


def draft_notice(index, editor):
    notice = NoticePage(title="停电检修公告", slug="power", live=False, owner=editor)
    index.add_child(instance=notice)
    return notice, notice.save_revision(user=editor)


def test_editor_may_publish_ordinary_pages_but_not_notices(site, notices, editor):
    index, _workflow = notices
    page = publish(site.home, ContentPage(title="办事指南", slug="guide"))
    notice, _revision = draft_notice(index, editor)

    assert page.permissions_for_user(editor).can_publish()
    assert not notice.permissions_for_user(editor).can_publish()
    assert not index.permissions_for_user(editor).can_publish_subpage()
    assert notice.permissions_for_user(editor).can_edit()
    assert notice.permissions_for_user(editor).can_submit_for_moderation()


def test_director_of_the_center_reviews_and_another_centers_director_cannot(site, notices, editor, portal, other_center):
    index, workflow = notices
    build_center_site(portal, other_center)
    director = make_staff("director", center=site.home.center)
    stranger = make_staff("director", center=other_center)
    notice, _revision = draft_notice(index, editor)

    assert notice.get_workflow() == workflow
    assert notice.permissions_for_user(director).can_publish()  # reviewing is the right to publish notices
    assert not notice.permissions_for_user(stranger).can_publish()
    task = CenterReviewTask.objects.get()
    assert task.get_actions(notice, director)
    assert task.get_actions(notice, stranger) == []
    assert task.user_can_access_editor(notice, director)
    assert not task.user_can_access_editor(notice, stranger)


def test_submitted_notice_goes_live_when_the_director_approves(site, notices, editor):
    index, workflow = notices
    director = make_staff("director", center=site.home.center)
    notice, _revision = draft_notice(index, editor)

    workflow.start(notice, editor)
    state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    assert list(CenterReviewTask.objects.get().get_task_states_user_can_moderate(director)) == [state]
    assert not CenterReviewTask.objects.get().get_task_states_user_can_moderate(editor).exists()
    state.specific.task.specific.on_action(state.specific, director, "approve")

    notice.refresh_from_db()
    assert notice.live


def test_reviewer_group_members_may_publish_notices(site, notices, editor):
    index, _workflow = notices
    reviewer = UserFactory()
    reviewer.groups.add(ensure_center_reviewer_group(site.home))
    notice, _revision = draft_notice(index, editor)

    assert notice.permissions_for_user(reviewer).can_publish()
    assert Group.objects.filter(name=f"网站审核·{site.home.center.short_name}").exists()


def test_notice_workflow_setup_is_idempotent(notices):
    index, workflow = notices

    assert ensure_notice_workflow(index) == workflow
    assert CenterReviewTask.objects.count() == 1
    assert workflow.workflow_tasks.count() == 1
