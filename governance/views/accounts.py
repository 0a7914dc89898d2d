"""The center accounts screens: a director lists, creates, edits, deactivates and reactivates their
own center's user accounts; a superuser any center's (the center chosen in the form). County
accounts and superusers are not here: they stay in Wagtail's own user admin, for superusers only.

Thin: the form validates, one service writes (governance.services.accounts). An account outside
the manager's reach (another center's, a county account, a superuser) answers 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import roles, scoping
from governance.forms.accounts import AccountForm
from governance.rules.accounts import grantable_roles
from governance.selectors import accounts as selector
from governance.services import accounts as services

PAGE_SIZE = 50
TEMPLATE = "governance/admin/account_form.html"


def _require_manager(request):
    if not selector.may_manage(request.user):
        raise PermissionDenied


def _account(request, pk):
    _require_manager(request)
    return get_object_or_404(selector.accounts_managed_by(request.user), pk=pk)


def _form(request, account=None):
    user = request.user
    return AccountForm(
        request.POST or None,
        initial=AccountForm.initial_of(account) if account is not None else None,
        centers=scoping.visible_centers(user),
        grantable=grantable_roles(selector.held_roles(user), user.is_superuser),
        account=account,
        own=account is not None and account.pk == user.pk,
    )


def _row(user):
    profile = user.staff_profile
    return {
        "user": user,
        "profile": profile,
        "roles": "、".join(roles.ROLES[code][0] for code in selector.held_roles(user)),
        "unit": profile.department or profile.workstation or "",
    }


def account_list(request):
    _require_manager(request)
    query = request.GET.get("q", "").strip()
    accounts = selector.accounts_managed_by(request.user)
    if query:
        accounts = accounts.filter(Q(username__icontains=query) | Q(first_name__icontains=query))
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "rows": [_row(user) for user in page], "query": query, "all_centers": scoping.sees_all_centers(request.user)}
    return render(request, "governance/admin/account_list.html", context)


def account_create(request):
    _require_manager(request)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_create(data=form.account_data(), actor=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Account %(username)s created.") % {"username": user.username})
            return redirect("governance_accounts")
    return render(request, TEMPLATE, {"form": form, "account": None})


def account_edit(request, pk):
    account = _account(request, pk)
    form = _form(request, account)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_update(user_id=account.pk, data=form.account_data(), actor=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Account %(username)s saved.") % {"username": user.username})
            return redirect("governance_accounts")
    return render(request, TEMPLATE, {"form": form, "account": account, "own": account.pk == request.user.pk})


def _set_active(request, pk, active):
    account = _account(request, pk)
    try:
        services.account_set_active(user_id=account.pk, active=active, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = _("Account %(username)s reactivated.") if active else _("Account %(username)s deactivated: it can no longer log in.")
        messages.success(request, done % {"username": account.username})
    return redirect("governance_accounts")


@require_POST
def account_deactivate(request, pk):
    return _set_active(request, pk, active=False)


@require_POST
def account_reactivate(request, pk):
    return _set_active(request, pk, active=True)


def account_admin_urls():
    from django.urls import path

    return [
        path("accounts/", account_list, name="governance_accounts"),
        path("accounts/new/", account_create, name="governance_account_create"),
        path("accounts/<int:pk>/", account_edit, name="governance_account_edit"),
        path("accounts/<int:pk>/deactivate/", account_deactivate, name="governance_account_deactivate"),
        path("accounts/<int:pk>/reactivate/", account_reactivate, name="governance_account_reactivate"),
    ]
