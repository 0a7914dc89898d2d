"""Users who appear in the audit trail are deactivated, never deleted: Wagtail's user delete view
and the users' bulk delete are refused for them with a message that offers deactivation. The
model keeps the rule too: the audit rows' actor is PROTECT (deleting such a user raises
ProtectedError) and each row keeps the actor's username and name as they were."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.models import AuditEvent, CaseEvent


def audited_user_ids(user_ids):
    """Which of these users are named as the actor of an audit or timeline entry."""
    ids = set(AuditEvent.objects.filter(actor_id__in=user_ids).values_list("actor_id", flat=True))
    return ids | set(CaseEvent.objects.filter(actor_id__in=user_ids).values_list("actor_id", flat=True))


def _refuse(request, users, back):
    names = "、".join(user.get_username() for user in users)
    messages.error(
        request,
        _("%(users)s cannot be deleted: the audit trail records what they did. Deactivate the account instead (untick “Active” on the user's page).")
        % {"users": names},
    )
    return redirect(back)


def before_delete_user(request, user):
    """Wagtail's `before_delete_user` hook: refuse (GET and POST) when the user is in the audit."""
    if audited_user_ids([user.pk]):
        return _refuse(request, [user], reverse("wagtailusers_users:edit", args=[user.pk]))
    return None


def before_bulk_action(request, action_type, objects, action_class_instance):
    """Wagtail's `before_bulk_action` hook: the users' bulk delete, same rule."""
    if action_type != "delete" or not objects or not isinstance(objects[0], get_user_model()):
        return None
    audited = audited_user_ids([obj.pk for obj in objects])
    if audited:
        return _refuse(request, [obj for obj in objects if obj.pk in audited], reverse("wagtailusers_users:index"))
    return None
