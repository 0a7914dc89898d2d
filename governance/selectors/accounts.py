"""The user accounts a manager reaches on the center accounts screens (governance.views.accounts).

A center's accounts are the users whose staff profile names the center. A director reaches their
own center's, a superuser every center's (governance.scoping, record kind "account"); nobody here
reaches a superuser or a county account (no center, or the county role): those stay with the
system administrator in Wagtail's own user admin.
"""

from django.contrib.auth import get_user_model

from governance import roles, scoping

PERMISSION = "governance.manage_center_accounts"


def may_manage(user):
    """The screens are for who holds governance.manage_center_accounts (the director role)."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(PERMISSION)


def center_accounts():
    """Every account a center manages: a non-superuser with a center, not in the county role."""
    county_group = roles.ROLES["county"][0]
    return get_user_model().objects.filter(is_superuser=False, staff_profile__center__isnull=False).exclude(groups__name=county_group)


def accounts_managed_by(user):
    """The accounts `user` may list, edit, deactivate and reactivate."""
    related = ("staff_profile__center", "staff_profile__department", "staff_profile__workstation")
    queryset = scoping.visible("account", user, center_accounts()).select_related(*related).prefetch_related("groups")
    return queryset.order_by("staff_profile__center__name", "username")


def held_roles(user):
    """Every role code (county included) the user's groups give: what governance.rules.accounts
    grants from. Reads the prefetched groups when there are some."""
    names = {group.name for group in user.groups.all()}
    return [code for code, (name, _perms) in roles.ROLES.items() if name in names]
