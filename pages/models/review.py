"""The workflow task that approves notices: done by the page's own center (see pages.review)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Task, TaskState

from pages.review import can_review, reviewer_center_ids


class CenterReviewTask(Task):
    """Approval by the reviewers of the page's own center (its directors and site reviewers)."""

    class Meta:
        verbose_name = _("center review task")
        verbose_name_plural = _("center review tasks")

    def user_can_access_editor(self, obj, user):
        return can_review(user, obj)

    def locked_for_user(self, obj, user):
        return not can_review(user, obj)

    def user_can_lock(self, obj, user):
        return can_review(user, obj)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if not can_review(user, obj):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve and publish"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from pages.models.home import CenterHomePage

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        centers = reviewer_center_ids(user)
        if centers == "all":
            return states
        if not centers:
            return TaskState.objects.none()
        page_ids = set()
        for home in CenterHomePage.objects.filter(center_id__in=centers):
            page_ids.update(Page.objects.descendant_of(home, inclusive=True).values_list("pk", flat=True))
        return states.filter(workflow_state__object_id__in=[str(pk) for pk in page_ids])

    @classmethod
    def get_description(cls):
        return _("The directors and site reviewers of the page's own center approve it")
