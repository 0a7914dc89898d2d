"""The audit screen's rows: AuditEvent and CaseEvent (a case's timeline) read as one list, scoped
by governance.scoping (a center's director sees the center's rows, county staff every row), filtered
by person, action, record and dates, newest first. A case's timeline entries are shown with the
action "case.<action>", as every other record's entries are named in AuditEvent."""

from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from governance import scoping
from governance.models import AuditEvent, Case, CaseEvent

CASE_PREFIX = "case."
# The columns of one row, in the order both tables select them.
COLUMNS = ("row_kind", "row_id", "at", "act", "who_username", "who_name", "center_name", "otype", "oid", "case_code", "details")

SECURITY_LABELS = {
    "login": gettext_lazy("Logged in"),
    "logout": gettext_lazy("Logged out"),
    "login_failed": gettext_lazy("Failed login"),
    "permission_change": gettext_lazy("Permission change"),
    "export": gettext_lazy("Export"),
    # The center accounts screens (governance.services.accounts).
    "account.create": gettext_lazy("Account created"),
    "account.update": gettext_lazy("Account edited"),
    "account.deactivate": gettext_lazy("Account deactivated"),
    "account.reactivate": gettext_lazy("Account reactivated"),
}
# Notes: events on a record's timeline that move nothing (not in its lifecycle's moves), by their
# part after the dot, so each record type's "create" is named once.
NOTE_LABELS = {
    "create": pgettext_lazy("audit note", "Created"),
    "edit": pgettext_lazy("audit note", "Edited"),
    "register": pgettext_lazy("audit note", "Registered"),
    "file": pgettext_lazy("audit note", "Report filed"),
    "urgent": pgettext_lazy("audit note", "Urgent report"),
    "member_add": pgettext_lazy("audit note", "Member added"),
    "member_leave": pgettext_lazy("audit note", "Member left the team"),
    "reveal": pgettext_lazy("audit note", "Personal data revealed"),
    "finding": pgettext_lazy("audit note", "Finding recorded"),
    "finding_case": pgettext_lazy("audit note", "Finding registered as a case"),
    "notice": pgettext_lazy("audit note", "Finding turned into a rectification notice"),  # a unit check (governance.units)
}


@dataclass(frozen=True)
class AuditFilter:
    person: str = ""
    action: str = ""
    record_type: str = ""
    record_id: str = ""
    case_code: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_dict(self):
        return {name: str(value) for name, value in self.__dict__.items() if value not in ("", None)}


def may_view(user):
    """The screen is for who holds governance.view_auditevent (the director and county roles)."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("governance.view_auditevent")


def scoped(user):
    """(AuditEvent rows, CaseEvent rows) the user may read."""
    return (
        scoping.scope_to_user(AuditEvent.objects.all(), user),
        scoping.scope_to_user(CaseEvent.objects.all(), user, center_field="case__center"),
    )


def action_choices(user):
    audit_rows, case_rows = scoped(user)
    actions = set(audit_rows.order_by().values_list("action", flat=True).distinct())
    actions |= {CASE_PREFIX + action for action in case_rows.order_by().values_list("action", flat=True).distinct()}
    return [(action, action_label(action)) for action in sorted(actions)]


def action_label(action):
    """The action's name for people: the move's label from its lifecycle, else the security word."""
    from governance.flow.engine import registered

    subject, _dot, move = action.partition(".")
    if move:
        for lifecycle in registered().values():
            if lifecycle.subject == subject and move in lifecycle.flow.moves:
                return f"{action} · {lifecycle.flow.label(move)}"
    label = SECURITY_LABELS.get(action) or (NOTE_LABELS.get(move) if move else None)
    return f"{action} · {label}" if label else action


def _filter_audit(rows, flt, case_ids):
    if flt.person:
        rows = rows.filter(Q(actor_username__icontains=flt.person) | Q(actor_name__icontains=flt.person))
    if flt.action:
        rows = rows.filter(action=flt.action)
    if flt.record_type:
        rows = rows.filter(object_type=flt.record_type)
    if flt.record_id:
        rows = rows.filter(object_id=flt.record_id)
    if case_ids is not None:
        rows = rows.filter(object_type="case", object_id__in=[str(pk) for pk in case_ids])
    return _dates(rows, flt)


def _filter_cases(rows, flt):
    if flt.person:
        rows = rows.filter(Q(actor_username__icontains=flt.person) | Q(actor_name__icontains=flt.person))
    if flt.action:
        if not flt.action.startswith(CASE_PREFIX):
            return rows.none()
        rows = rows.filter(action=flt.action.removeprefix(CASE_PREFIX))
    if flt.record_type and flt.record_type != "case":
        return rows.none()
    if flt.record_id:
        rows = rows.filter(case_id=int(flt.record_id)) if flt.record_id.isdigit() else rows.none()
    if flt.case_code:
        rows = rows.filter(case__code__icontains=flt.case_code)
    return _dates(rows, flt)


def _dates(rows, flt):
    if flt.date_from:
        rows = rows.filter(created_at__date__gte=flt.date_from)
    if flt.date_to:
        rows = rows.filter(created_at__date__lte=flt.date_to)
    return rows


def rows(user, flt):
    """The filtered rows as dicts (COLUMNS), newest first: one UNION ALL query, sliceable and countable."""
    audit_rows, case_rows = scoped(user)
    case_ids = None
    if flt.case_code:
        case_ids = list(scoping.scope_to_user(Case.objects.filter(code__icontains=flt.case_code), user).values_list("pk", flat=True))
    text = CharField()
    audit_part = (
        _filter_audit(audit_rows, flt, case_ids)
        .order_by()  # no ORDER BY inside a UNION
        .annotate(
            row_kind=Value("audit", output_field=text),
            row_id=F("pk"),
            at=F("created_at"),
            act=F("action"),
            who_username=F("actor_username"),
            who_name=F("actor_name"),
            center_name=F("center__name"),
            otype=F("object_type"),
            oid=F("object_id"),
            case_code=Value("", output_field=text),
            details=F("data"),
        )
        .values(*COLUMNS)
    )
    case_part = (
        _filter_cases(case_rows, flt)
        .order_by()
        .annotate(
            row_kind=Value("case", output_field=text),
            row_id=F("pk"),
            at=F("created_at"),
            act=Concat(Value(CASE_PREFIX), F("action"), output_field=text),
            who_username=F("actor_username"),
            who_name=F("actor_name"),
            center_name=F("case__center__name"),
            otype=Value("case", output_field=text),
            oid=Cast("case_id", output_field=text),
            case_code=F("case__code"),
            details=F("data"),
        )
        .values(*COLUMNS)
    )
    return audit_part.union(case_part, all=True).order_by("-at", "-row_id")


def who(row):
    return row["who_name"] or row["who_username"] or _("the system")
