"""Per-center editor and reviewer groups, and the approval workflow for notices.

An editor may edit and publish the pages under their own center's home, except notices: those
go through the center's review (pages.review), by its directors or its site-reviewer group.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
EDITOR_GROUP_PREFIX = "网站编辑·"
REVIEWER_GROUP_PREFIX = "网站审核·"
# Group and workflow names are records shown to users as they are, hence Chinese.
NOTICE_WORKFLOW_NAME = "通知公告发布审批"
NOTICE_TASK_NAME = "本中心审核"


def editor_group_name(center):
    return f"{EDITOR_GROUP_PREFIX}{center.short_name}"


def reviewer_group_name(center):
    return f"{REVIEWER_GROUP_PREFIX}{center.short_name}"


def _grant(group, page):
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def ensure_center_editor_group(center_home):
    """Create (idempotently) the group that may edit and publish below this center's home page."""
    group, _ = Group.objects.get_or_create(name=editor_group_name(center_home.center))
    _grant(group, center_home)
    return group


def ensure_center_reviewer_group(center_home):
    """Create (idempotently) the group whose members approve this center's notices."""
    group, _ = Group.objects.get_or_create(name=reviewer_group_name(center_home.center))
    _grant(group, center_home)
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    if not group.permissions.filter(pk=access_admin.pk).exists():
        group.permissions.add(access_admin)
    return group


def ensure_notice_workflow(notice_index):
    """The notice approval workflow (one for the county; its task checks the page's center), on this index."""
    from pages.models import CenterReviewTask

    workflow, _ = Workflow.objects.get_or_create(name=NOTICE_WORKFLOW_NAME)
    task = CenterReviewTask.objects.filter(name=NOTICE_TASK_NAME).first()
    if task is None:
        task = CenterReviewTask.objects.create(name=NOTICE_TASK_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=notice_index, defaults={"workflow": workflow})
    return workflow
