"""Audit rows for events that have no service of ours to go through: logins (Django's auth
signals) and changes to who holds which permission (group and permission memberships)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed

from governance import scoping
from governance.services.audit import audit


def _ip(request):
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def on_login(sender, request, user, **kwargs):
    audit("login", actor=user, center_id=scoping.center_id_of(user), obj=user, ip=_ip(request))


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit("logout", actor=user, center_id=scoping.center_id_of(user), obj=user, ip=_ip(request))


def on_login_failed(sender, credentials, request=None, **kwargs):
    audit("login_failed", username=str(credentials.get("username", ""))[:150], ip=_ip(request))


def on_membership_changed(sender, instance, action, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if action != "post_clear" and not pk_set:
        return  # nothing actually changed (e.g. adding a membership that was already there)
    audit(
        "permission_change",
        obj=instance,
        relation=sender._meta.model_name,
        change=action.removeprefix("post_"),
        related=model._meta.model_name,
        ids=sorted(pk_set or []),
    )


def connect():
    user_logged_in.connect(on_login, dispatch_uid="zongzhi_audit_login")
    user_logged_out.connect(on_logout, dispatch_uid="zongzhi_audit_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="zongzhi_audit_login_failed")
    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(on_membership_changed, sender=through, dispatch_uid=f"zongzhi_audit_{through._meta.label}")
