"""Supervision orders (督办) and urges (催办) on a case, by hand or from the sweep (services.sweep),
each through the engine like every other move."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.flow import engine
from governance.models import CaseOrder, DelayReport
from governance.services.case_lifecycle import CASE
from governance.services.notifications import Message, center_staff_with, department_users


def _step(case_id, action, actor, **kwargs):
    return engine.perform(CASE, case_id, action, actor, **kwargs)


@transaction.atomic
def case_supervise(*, case_id, actor, text):
    """A supervision order (督办) on the case, to its lead department."""
    if not (text or "").strip():
        raise ValidationError({"text": _("The supervision order needs content.")})

    def apply(case):
        CaseOrder.objects.create(
            case=case,
            kind=CaseOrder.Kind.SUPERVISE,
            department_id=case.lead_department_id,
            text=text.strip(),
            due_date=case.due_date,
            issued_by=actor,
        )

    def tell(case):
        recipients = department_users(case.lead_department_id) if case.lead_department_id else []
        recipients += center_staff_with(case.center_id, "governance.route_case")
        return [Message(recipients, "supervise", _("Supervision order on case %(code)s") % {"code": case.code}, text, case)]

    return _step(case_id, "supervise", actor, reason=text, apply=apply, notify=tell)


@transaction.atomic
def case_urge(*, case_id, actor, text, level=CaseOrder.Level.MANUAL):
    """An urge (催办); the sweep calls this with level due_soon/overdue and no actor."""

    def apply(case):
        CaseOrder.objects.create(
            case=case,
            kind=CaseOrder.Kind.URGE,
            level=level,
            department_id=case.lead_department_id,
            text=text,
            due_date=case.due_date,
            issued_by=actor,
        )
        if level == CaseOrder.Level.OVERDUE and case.lead_department_id:
            DelayReport.objects.get_or_create(case=case, due_date=case.due_date, defaults={"department_id": case.lead_department_id})

    return _step(case_id, "urge", actor, reason=text, apply=apply, data={"level": level}, notify=lambda case: [urge_message(case, text)])


def urge_message(case, text, recipients=None):
    """The urge to the lead department (to the center's acceptors while no department has it)."""
    if recipients is None:
        recipients = urge_recipients(case.center_id, case.lead_department_id)
    return Message(recipients, "urge", _("Urge: case %(code)s") % {"code": case.code}, text, case)


def urge_recipients(center_id, department_id):
    if department_id:
        return department_users(department_id)
    return center_staff_with(center_id, "governance.accept_case")
