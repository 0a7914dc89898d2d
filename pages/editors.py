"""Per-center editor groups: an editor may edit only the pages under their own center's home."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def editor_group_name(center):
    return f"网站编辑·{center.short_name}"


def ensure_center_editor_group(center_home):
    """Create (idempotently) the group that may edit and publish below this center's home page."""
    group, _ = Group.objects.get_or_create(name=editor_group_name(center_home.center))
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=center_home, permission=permission)
    return group
