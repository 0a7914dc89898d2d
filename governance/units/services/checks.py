"""The center's checks of units (单位内部安全检查): a check is drafted with a result per checklist item
(符合 / 不符合 / 不适用, with a note) and the findings, completed or cancelled through the engine; a
non-compliant item of a completed check is turned, once, into a rectification notice through the
notice services (governance.institutions.services.notices), and keeps it (the unit page lists them)."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.flow import engine
from governance.flow.engine import Lifecycle
from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.institutions.services import notices
from governance.units import flows
from governance.units.models import ChecklistItem, CheckResult, Unit, UnitCheck
from governance.units.services import common

CONVERT_PERMISSION = "units.convert_checkresult"
NOTICE_PERMISSIONS = ("institutions.add_rectificationnotice",)
ISSUE_PERMISSION = "institutions.issue_rectificationnotice"


def _relations(actor, check):
    return common.relations_to(actor, check.center_id)


CHECK = Lifecycle(
    model=UnitCheck,
    flow=flows.CHECK_FLOW,
    relations=_relations,
    subject="unitcheck",
    live_reason=common.LIVE_REASON,
    public=False,
    watched=("status", "check_date", "inspectors", "findings"),
)


@dataclass
class ResultData:
    item_id: int
    result: str
    note: str = ""


@dataclass
class CheckData:
    unit_id: int
    check_date: date
    inspectors: str
    findings: str = ""
    results: list = field(default_factory=list)


def _clean_results(results):
    errors, cleaned, seen = {}, [], set()
    items = {item.pk: item for item in ChecklistItem.objects.filter(pk__in=[r.item_id for r in results])}
    for row in results:
        item = items.get(row.item_id)
        key = f"result_{row.item_id}"
        if item is None or row.item_id in seen:
            errors[key] = _("Unknown checklist item.")
        elif row.result not in CheckResult.Result.values:
            errors[key] = _("%(item)s: choose a result.") % {"item": item.name}
        elif row.result == CheckResult.Result.NON_COMPLIANT and not (row.note or "").strip():
            errors[f"note_{row.item_id}"] = _("%(item)s: say what is not compliant.") % {"item": item.name}
        else:
            cleaned.append(ResultData(row.item_id, row.result, (row.note or "").strip()))
        seen.add(row.item_id)
    return cleaned, errors


def _clean(center, data):
    errors = {}
    unit = Unit.objects.filter(pk=data.unit_id, center=center).first()
    if unit is None or unit.status != flows.ACTIVE:
        errors["unit"] = _("Choose an active unit of this center.")
    if not isinstance(data.check_date, date):
        errors["check_date"] = _("Enter a valid date.")
    elif data.check_date > common.today():
        errors["check_date"] = _("The date cannot be in the future.")
    inspectors = common.required(data.inspectors, "inspectors", errors)
    results, result_errors = _clean_results(data.results)
    errors.update(result_errors)
    if errors:
        raise ValidationError(errors)
    return unit, inspectors, results


def _save_results(check, results):
    CheckResult.objects.filter(check_record=check).exclude(item_id__in=[r.item_id for r in results]).delete()
    existing = {r.item_id: r for r in CheckResult.objects.filter(check_record=check)}
    for row in results:
        found = existing.get(row.item_id)
        if found is None:
            CheckResult.objects.create(check_record=check, item_id=row.item_id, result=row.result, note=row.note)
        elif (found.result, found.note) != (row.result, row.note):
            CheckResult.objects.filter(pk=found.pk).update(result=row.result, note=row.note)


def _counts(results):
    return {value: sum(1 for r in results if r.result == value) for value in CheckResult.Result.values}


@transaction.atomic
def check_create(*, center, actor, data):
    """Record a check of a unit with its checklist results (state: draft)."""
    common.require_center_staff(actor, center.pk, flows.ADD_CHECK)
    unit, inspectors, results = _clean(center, data)
    check = UnitCheck.objects.create(
        center=center, unit=unit, check_date=data.check_date, inspectors=inspectors, findings=(data.findings or "").strip(), recorded_by=actor
    )
    _save_results(check, results)
    engine.note(CHECK, check, "create", actor, from_status="", data={"results": _counts(results)})
    return check


@transaction.atomic
def check_update(*, pk, actor, data, expected_version):
    """Edit a draft check (date, inspectors, findings, results); completed checks are final."""
    check = UnitCheck.objects.select_for_update().select_related("center").get(pk=pk)
    if check.version != expected_version:
        raise StaleEdit(flows.CHECK_FLOW.message("stale"))
    common.require_center_staff(actor, check.center_id, flows.CHANGE_CHECK)
    if check.status != flows.DRAFT:
        raise MoveNotAllowed(_("Only a draft check can be edited."))
    data.unit_id = check.unit_id
    _unit, inspectors, results = _clean(check.center, data)
    values = {"check_date": data.check_date, "inspectors": inspectors, "findings": (data.findings or "").strip()}
    changed = {name: [str(getattr(check, name)), str(value)] for name, value in values.items() if getattr(check, name) != value}
    for name in changed:
        setattr(check, name, values[name])
    check.version += 1
    check.save(update_fields=sorted(set(changed) | {"version", "updated_at"}))
    _save_results(check, results)
    engine.note(CHECK, check, "edit", actor, data={"changed": changed, "results": _counts(results)})
    return check


def check_move(*, pk, action, actor, reason="", expected_version=None):
    """Complete or cancel a draft check (flows.CHECK_FLOW); a check completes with its results."""
    reason = (reason or "").strip()
    found = flows.CHECK_FLOW.moves.get(action)
    if found is not None and "reason" in found.requires and not reason:
        raise ValidationError({"reason": _("Give the reason.")})

    def apply(check):
        if action == "complete" and not check.results.exists():
            raise ValidationError({"reason": _("Record the checklist results before completing the check.")})
        return []

    return engine.perform(CHECK, pk, action, actor, reason=reason, expected_version=expected_version, apply=apply)


# --- a finding becomes a rectification notice -------------------------------------------------------


def notice_defaults(result):
    """What the notice form starts with, from the check result, its item and the unit."""
    check, unit = result.check_record, result.check_record.unit
    problem = _("%(unit)s, check of %(date)s: %(item)s is not compliant. %(note)s") % {
        "unit": unit.name,
        "date": f"{check.check_date:%Y-%m-%d}",
        "item": result.item.name,
        "note": result.note,
    }
    return {
        "problem": problem.strip(),
        "place": unit.address[:120],
        "basis": result.item.basis or result.item.requirement or "",
        "measures": result.item.requirement or "",
        "responsible_person": unit.lead_name,
    }


def may_convert_in(user, check):
    """Whether the user may turn findings of the check's center into notices (whatever the state)."""
    relations = common.relations_to(user, check.center_id)
    return flows.CENTER in relations and user.has_perm(CONVERT_PERMISSION) and all(user.has_perm(p) for p in NOTICE_PERMISSIONS)


def may_convert(user, check):
    return check.status == flows.COMPLETED and may_convert_in(user, check)


def conversion_refusal(result):
    """Why the result cannot become a notice now (a message), or ""."""
    if result.notice_id:
        return _("This finding already has rectification notice %(notice)s.") % {"notice": result.notice}
    if result.check_record.status != flows.COMPLETED:
        return _("Complete the check before issuing rectification notices.")
    if result.result != CheckResult.Result.NON_COMPLIANT:
        return _("Only a non-compliant item becomes a rectification notice.")
    return ""


@transaction.atomic
def result_to_notice(*, result_id, actor, data, issue=True):
    """Turn a non-compliant result of a completed check into a rectification notice, once: drafted
    with notices.notice_create and, when `issue`, issued with notices.notice_issue. Returns the notice."""
    result = CheckResult.objects.select_for_update().select_related("check_record__center", "check_record__unit", "item").get(pk=result_id)
    check = result.check_record
    permissions = (CONVERT_PERMISSION, *NOTICE_PERMISSIONS) + ((ISSUE_PERMISSION,) if issue else ())
    common.require_center_staff(actor, check.center_id, *permissions)
    refusal = conversion_refusal(result)
    if refusal:
        raise MoveNotAllowed(refusal)
    notice = notices.notice_create(center=check.center, actor=actor, data=data)
    if issue:
        notice = notices.notice_issue(pk=notice.pk, actor=actor)
    CheckResult.objects.filter(pk=result.pk).update(notice=notice)
    result.notice = notice
    engine.note(CHECK, check, "notice", actor, data={"result": result.pk, "item": result.item.name, "notice": notice.pk}, changed=False)
    return notice


def unit_notices(unit):
    """The rectification notices that came from the unit's checks, newest first."""
    from governance.institutions.models import RectificationNotice

    return RectificationNotice.objects.filter(unit_check_result__check_record__unit=unit).order_by("-created_at", "-pk")
