"""Who may publish notices: the page's own center reviews them (通知公告发布审批).

A reviewer of a center is a superuser, a member of the center's site-reviewer group
(pages.editors.reviewer_group_name), or a director (中心主任) whose membership is in that center.
Editors may draft and submit notices; publishing them goes through CenterReviewTask.
"""

from wagtail.models import PagePermissionTester


def reviewer_center_ids(user):
    """The ids of the centers whose notices the user may approve ("all" for superusers)."""
    from governance.models import Center
    from governance.roles import ROLES
    from pages.editors import REVIEWER_GROUP_PREFIX

    if not (user and user.is_active and user.is_authenticated):
        return set()
    if user.is_superuser:
        return "all"
    cache = getattr(user, "_reviewer_center_ids", None)
    if cache is not None:
        return cache
    group_names = set(user.groups.values_list("name", flat=True))
    ids = set(
        Center.objects.filter(
            short_name__in=[name.removeprefix(REVIEWER_GROUP_PREFIX) for name in group_names if name.startswith(REVIEWER_GROUP_PREFIX)]
        ).values_list("pk", flat=True)
    )
    profile = getattr(user, "staff_profile", None)
    if profile is not None and profile.center_id and ROLES["director"][0] in group_names:
        ids.add(profile.center_id)
    user._reviewer_center_ids = ids
    return ids


def can_review(user, page):
    """Whether the user may approve and publish the page (a notice or the notice index)."""
    from pages.models.base import center_home_for

    centers = reviewer_center_ids(user)
    if centers == "all":
        return True
    home = center_home_for(page)
    return home is not None and home.center_id in centers


class ReviewedPermissionTester(PagePermissionTester):
    """Notice permissions: publishing is the center's review right, and only that.

    Editors (who publish the rest of the site) may not publish notices; the center's reviewers
    may, even without page permissions of their own, since approving in the workflow publishes.
    """

    def _reviews(self):
        return self.user.is_active and not self.page_is_root and can_review(self.user, self.page)

    def can_publish(self):
        return self._reviews()

    def can_publish_subpage(self):
        return self._reviews() and bool(self.page.specific_class and self.page.specific_class.creatable_subpage_models())

    def can_unpublish(self):
        return self._reviews() and self.page.live and not self.page_locked()
