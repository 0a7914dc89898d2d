"""Screening reports (矛盾隐患排查报告): the half-monthly report of a workstation (a zero report when
nothing was found) and the urgent report, which becomes an incident case and reaches the center
director within the same request (边处理、边稳控、边报告)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from governance import scoping
from governance.flow import effects
from governance.institutions.models import ScreeningItem, ScreeningReport, settings_for
from governance.institutions.rules import flows, periods
from governance.institutions.services import common
from governance.models import CaseKind, ReferenceItem, ReferenceKind
from governance.services import cases as case_services
from governance.services import notifications
from governance.services.audit import audit
from governance.services.notifications import notify

SUBJECT = "screening"
FILE_PERMISSION = "institutions.file_screeningreport"


@dataclass
class ItemData:
    kind: str
    category_id: int
    summary: str
    place: str = ""
    people_count: int = 1
    party_name: str = ""


def _check_filer(actor, workstation):
    """The workstation's own reporter, or the center's staff filing on its behalf."""
    if actor is None:
        return
    if not actor.has_perm(FILE_PERMISSION):
        raise flows.MoveNotAllowed(_("You do not have permission for this action."))
    profile = scoping.profile_of(actor)
    if profile is not None and profile.workstation_id is not None:
        if profile.workstation_id != workstation.pk:
            raise flows.MoveNotAllowed(_("You can only report for your own workstation."))
        return
    if flows.CENTER not in common.relations_to(actor, workstation.center_id):
        raise flows.MoveNotAllowed(_("You can only report for your own workstation."))


def _reference_id(kind, code):
    return ReferenceItem.objects.filter(kind=kind, code=code, center__isnull=True).values_list("pk", flat=True).first()


def _reporter_party(workstation, name=""):
    return case_services.PartyData(name=(name or "").strip() or _("%(workstation)s workstation") % {"workstation": workstation.name})


def _clean_items(items, center):
    errors = {}
    for index, item in enumerate(items, start=1):
        if item.kind not in ScreeningItem.Kind.values:
            errors[f"item_{index}_kind"] = _("Item %(n)s: unknown kind.") % {"n": index}
        if not (item.summary or "").strip():
            errors[f"item_{index}_summary"] = _("Item %(n)s: describe what was found.") % {"n": index}
        if not item.people_count or item.people_count < 1:
            errors[f"item_{index}_people_count"] = _("Item %(n)s: at least one person.") % {"n": index}
        category = ReferenceItem.objects.filter(pk=item.category_id, kind=ReferenceKind.CATEGORY, is_active=True).first()
        if category is None or category.center_id not in (None, center.pk):
            errors[f"item_{index}_category"] = _("Item %(n)s: choose a category.") % {"n": index}
    if errors:
        raise ValidationError(errors)


def _register(report, workstation, *, kind, category_id, summary, place, people_count, party_name="", risk_id=None, note="", notify_center=True):
    intake = case_services.Intake(
        kind=kind,
        source_id=_reference_id(ReferenceKind.SOURCE, "workstation"),
        category_id=category_id,
        petition_kind_id=_reference_id(ReferenceKind.PETITION_KIND, "claim") if kind == CaseKind.PETITION else None,
        risk_id=risk_id,
        summary=summary.strip(),
        place=(place or "").strip(),
        people_count=people_count,
        workstation_id=workstation.pk,
        received_on=report.filed_on,
        parties=[_reporter_party(workstation, party_name)],
    )
    # Registered by the system on the report's behalf: the workstation reporter holds no case
    # permissions; the case event says which report it came from and the center still accepts it.
    return case_services.case_register(center=workstation.center, actor=None, intake=intake, source_note=note, notify_center=notify_center)


@transaction.atomic
def screening_file(*, workstation, actor, period_start, items=(), summary="", zero=False):
    """File the half-monthly report for the period starting `period_start`; each item becomes a case."""
    _check_filer(actor, workstation)
    today = common.today()
    try:
        period = periods.half_month_starting(period_start)
    except (ValueError, AttributeError):
        raise ValidationError({"period": _("Choose a half-month period.")}) from None
    if period.start > today:
        raise ValidationError({"period": _("This period has not started yet.")})
    items = list(items)
    if zero and items:
        raise ValidationError({"zero": _("A zero report has no items.")})
    if not zero and not items:
        raise ValidationError({"zero": _("Add what was found, or file a zero report.")})
    _clean_items(items, workstation.center)
    grace = settings_for(workstation.center_id).screening_grace_days
    report = ScreeningReport(
        center_id=workstation.center_id,
        workstation=workstation,
        kind=ScreeningReport.Kind.REGULAR,
        period_start=period.start,
        period_end=period.end,
        is_zero=zero,
        summary=(summary or "").strip(),
        people_count=sum(item.people_count for item in items),
        filed_by=actor,
        filed_on=today,
        on_time=today <= period.due_on(grace),
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(
            {"period": _("%(workstation)s has already reported for %(period)s.") % {"workstation": workstation.name, "period": period.label}}
        ) from None
    note = _("From the screening report of %(workstation)s for %(period)s") % {"workstation": workstation.name, "period": period.label}
    for item in items:
        case = _register(
            report,
            workstation,
            kind=item.kind,
            category_id=item.category_id,
            summary=item.summary,
            place=item.place,
            people_count=item.people_count,
            party_name=item.party_name,
            note=note,
        )
        ScreeningItem.objects.create(
            report=report,
            kind=item.kind,
            category_id=item.category_id,
            summary=item.summary.strip(),
            place=(item.place or "").strip(),
            people_count=item.people_count,
            party_name=(item.party_name or "").strip(),
            case=case,
        )
    audit(
        f"{SUBJECT}.file",
        actor=actor,
        center_id=workstation.center_id,
        obj=report,
        to="zero" if zero else "filed",
        period=period.key,
        items=len(items),
        on_time=report.on_time,
    )
    effects.record_changed(workstation.center_id, common.LIVE_REASON)
    if items:
        notify(
            notifications.center_staff_with(workstation.center_id, "governance.accept_case"),
            kind="screening",
            title=_("%(count)s new matters in the screening report of %(workstation)s") % {"count": len(items), "workstation": workstation.name},
            body=report.summary,
            center_id=workstation.center_id,
        )
    return report


@transaction.atomic
def screening_file_urgent(*, workstation, actor, summary, category_id, people_count, place=""):
    """An urgent report (突发/群体性): an incident case at once, and the director is alerted now."""
    _check_filer(actor, workstation)
    summary = common.required_text(summary, "summary", _("Describe what is happening."))
    if not people_count or people_count < 1:
        raise ValidationError({"people_count": _("At least one person must be involved.")})
    category = ReferenceItem.objects.filter(pk=category_id, kind=ReferenceKind.CATEGORY, is_active=True).first()
    if category is None or category.center_id not in (None, workstation.center_id):
        raise ValidationError({"category": _("Choose a category.")})
    today = common.today()
    period = periods.half_month_of(today)
    report = ScreeningReport.objects.create(
        center_id=workstation.center_id,
        workstation=workstation,
        kind=ScreeningReport.Kind.URGENT,
        period_start=period.start,
        period_end=period.end,
        summary=summary,
        people_count=people_count,
        filed_by=actor,
        filed_on=today,
        on_time=True,
    )
    case = _register(
        report,
        workstation,
        kind=CaseKind.INCIDENT,
        category_id=category_id,
        summary=summary,
        place=place,
        people_count=people_count,
        risk_id=_reference_id(ReferenceKind.RISK, "high"),
        note=_("Urgent report of %(workstation)s") % {"workstation": workstation.name},
        notify_center=False,  # the 紧急 notice below is the center's one notice of it
    )
    report.incident_case = case
    report.save(update_fields=["incident_case"])
    audit(f"{SUBJECT}.urgent", actor=actor, center_id=workstation.center_id, obj=report, to="filed", case=case.code, people=people_count)
    effects.record_changed(workstation.center_id, common.LIVE_REASON)
    group = _(" (group event: %(n)s people)") % {"n": people_count} if people_count >= settings_for(workstation.center_id).group_size else ""
    title = _("URGENT from %(workstation)s%(group)s: %(summary)s") % {"workstation": workstation.name, "group": group, "summary": summary[:60]}
    body = _("Case %(code)s. Place: %(place)s. Reported by %(who)s.") % {
        "code": case.code,
        "place": place or "—",
        "who": (actor.get_full_name() or actor.get_username()) if actor else _("the system"),
    }
    # Notification rows are written now, in this request's transaction; email and SMS
    # ("urgent_report" is an SMS kind) go out as soon as it commits.
    recipients = notifications.center_directors(workstation.center_id) + notifications.center_staff_with(
        workstation.center_id, "governance.accept_case"
    )
    notify(recipients, kind="urgent_report", title=title, body=body, case=case, center_id=workstation.center_id)
    return report
