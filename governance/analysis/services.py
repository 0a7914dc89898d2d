"""Security situation analyses: one service per change, every move through the engine.

Staff generate the draft from the records (the figures are a snapshot: the approved text never
changes afterwards), edit its text and its work opinions, put it on a joint meeting's agenda and
submit it. The director approves it or sends it back. On approval each opinion becomes a task of
that meeting through the meetings service (its owner department is told, the task is tracked and
urged like every meeting task); a meeting takes decisions once it has been held.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from governance.analysis import draft, figures, flow, periods, sources
from governance.analysis.models import Opinion, SituationAnalysis
from governance.flow import engine, relations
from governance.flow.engine import Lifecycle
from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.services import audit, clock

SUBJECT = "analysis"
LIVE_REASON = "analysis"
FLOW = flow.ANALYSIS_FLOW


def _relations(actor, analysis):
    return relations.relations_to(actor, analysis.center_id)


ANALYSIS = Lifecycle(
    model=SituationAnalysis,
    flow=FLOW,
    relations=_relations,
    subject=SUBJECT,
    live_reason=LIVE_REASON,
    public=False,  # an internal document: no public page shows it
    watched=("status", "overview", "features", "meeting", "generated_at"),
)


@dataclass
class OpinionData:
    text: str
    owner_id: int
    deadline: date


@dataclass
class DraftData:
    overview: str
    features: str
    opinions: list = field(default_factory=list)  # [OpinionData]


def _require_center_staff(actor, center_id, permission):
    if actor is None:
        return
    if not actor.has_perm(permission):
        raise MoveNotAllowed(_("You do not have permission for this action."))
    if flow.CENTER not in relations.relations_to(actor, center_id):
        raise MoveNotAllowed(_("Only the center's own staff can do this."))


# --- the figures -----------------------------------------------------------------------------------


def snapshot(center, period, figure_sources=None):
    """The figures of `period` for `center` as they are now (Chinese labels, plain JSON)."""
    with translation.override("zh-hans"):
        facts = sources.collect(center.pk, period.same_last_year().start, period.end, figure_sources)
        labels = sources.record_labels(figure_sources)
        result = figures.tables(facts, period, record_keys=list(labels))
        result.update(
            period=period.as_dict(),
            previous=period.previous().as_dict(),
            last_year=period.same_last_year().as_dict(),
            record_labels=labels,
            taken_on=clock.today().isoformat(),
        )
    return result


def _texts(center, data):
    with translation.override("zh-hans"):
        return draft.overview(data, center.short_name), draft.features(data)


# --- drafting --------------------------------------------------------------------------------------


@transaction.atomic
def analysis_create(*, center, actor, kind, day):
    """Generate the draft of the month or quarter containing `day` from the records."""
    _require_center_staff(actor, center.pk, flow.ADD)
    if kind not in periods.MONTHS:
        raise ValidationError({"period_kind": _("Choose monthly or quarterly.")})
    if not isinstance(day, date):
        raise ValidationError({"day": _("Enter a valid date.")})
    period = periods.period_of(kind, day)
    if period.start > clock.today():
        raise ValidationError({"day": _("The period has not begun yet.")})
    if SituationAnalysis.objects.filter(center=center, period_kind=kind, period_start=period.start).exists():
        raise ValidationError({"day": _("The analysis of this period already exists.")})
    data = snapshot(center, period)
    overview, features = _texts(center, data)
    with translation.override("zh-hans"):
        title = draft.title(center.short_name, period.label())
    try:
        with transaction.atomic():  # a savepoint: a concurrent draft of the same period loses cleanly
            analysis = SituationAnalysis.objects.create(
                center=center,
                period_kind=kind,
                period_start=period.start,
                period_end=period.end,
                title=title,
                figures=data,
                generated_at=timezone.now(),
                overview=overview,
                features=features,
                created_by=actor,
            )
    except IntegrityError:
        raise ValidationError({"day": _("The analysis of this period already exists.")}) from None
    engine.note(ANALYSIS, analysis, "create", actor, from_status="", data={"period": period.as_dict()}, changed=False)
    return analysis


@transaction.atomic
def analysis_regenerate(*, pk, actor, rewrite_text=False, expected_version=None):
    """Take the figures again from the records as they are now (a draft only); the text is
    rewritten from them only when asked, so the staff's edits stay."""

    def apply(analysis):
        analysis.figures = snapshot(analysis.center, analysis.period)
        analysis.generated_at = timezone.now()
        changed = ["figures", "generated_at"]
        if rewrite_text:
            analysis.overview, analysis.features = _texts(analysis.center, analysis.figures)
            changed += ["overview", "features"]
        return changed

    return engine.perform(ANALYSIS, pk, "regenerate", actor, apply=apply, expected_version=expected_version)


def _clean_opinions(center, opinions):
    from governance.models import Department

    errors, cleaned = [], []
    owners = set(Department.objects.filter(center=center, is_active=True).values_list("pk", flat=True))
    for number, opinion in enumerate(opinions, start=1):
        text = (opinion.text or "").strip()
        if not text:
            errors.append(_("Opinion %(number)s: write what should be done.") % {"number": number})
        if opinion.owner_id not in owners:
            errors.append(_("Opinion %(number)s: choose a department of this center.") % {"number": number})
        if not isinstance(opinion.deadline, date):
            errors.append(_("Opinion %(number)s: enter a valid deadline.") % {"number": number})
        elif opinion.deadline < clock.today():
            errors.append(_("Opinion %(number)s: the deadline cannot be in the past.") % {"number": number})
        cleaned.append(OpinionData(text, opinion.owner_id, opinion.deadline))
    if errors:
        raise ValidationError({"opinions": errors})
    return cleaned


@transaction.atomic
def analysis_update_draft(*, pk, actor, data, expected_version):
    """Edit the draft's text and its work opinions (the opinions are replaced as a whole)."""
    analysis = SituationAnalysis.objects.select_for_update().select_related("center").get(pk=pk)
    if analysis.version != expected_version:
        raise StaleEdit(FLOW.message("stale"))
    if analysis.status not in flow.EDITABLE_STATES:
        raise MoveNotAllowed(_("Only a draft can be edited."))
    _require_center_staff(actor, analysis.center_id, flow.CHANGE)
    overview = (data.overview or "").strip()
    if not overview:
        raise ValidationError({"overview": _("This field is required.")})
    opinions = _clean_opinions(analysis.center, data.opinions)
    values = {"overview": overview, "features": (data.features or "").strip()}
    changed = audit.changes_of(analysis, values)
    for name in changed:
        setattr(analysis, name, values[name])
    old = [(o.text, o.owner_id, o.deadline.isoformat()) for o in analysis.opinions.order_by("number", "pk")]
    new = [(o.text, o.owner_id, o.deadline.isoformat()) for o in opinions]
    if old != new:
        analysis.opinions.all().delete()
        Opinion.objects.bulk_create(
            [Opinion(analysis=analysis, number=n, text=o.text, owner_id=o.owner_id, deadline=o.deadline) for n, o in enumerate(opinions, start=1)]
        )
        changed["opinions"] = [len(old), len(new)]
    analysis.version += 1
    analysis.save(update_fields=sorted(set(changed) - {"opinions"} | {"version", "updated_at"}))
    engine.note(ANALYSIS, analysis, "edit", actor, data={"changed": changed}, changed=False)
    return analysis


# --- the joint meeting and the lifecycle ------------------------------------------------------------


def meetings_for(center_id):
    """The joint meetings an analysis may be put before: the center's, not yet closed or cancelled."""
    from governance.institutions.models import JointMeeting
    from governance.institutions.rules import flows as meeting_flows

    return JointMeeting.objects.filter(center_id=center_id, status__in=(meeting_flows.PLANNED, meeting_flows.HELD)).order_by("-scheduled_on", "-pk")


def agenda_title(analysis):
    return _("Security situation analysis: %(title)s") % {"title": analysis.title}


@transaction.atomic
def analysis_attach(*, pk, actor, meeting_id, expected_version=None):
    """Put the analysis on a joint meeting's agenda (an agenda item of the meeting, and the meeting
    kept on the analysis). Once on an agenda it stays there, unless that meeting was cancelled."""
    from governance.institutions.models import AgendaItem
    from governance.institutions.rules import flows as meeting_flows
    from governance.institutions.services import meetings

    def apply(analysis):
        if analysis.meeting_id and analysis.meeting.status != meeting_flows.CANCELLED:
            raise ValidationError({"meeting": _("The analysis is already on the agenda of %(meeting)s.") % {"meeting": analysis.meeting.title}})
        meeting = meetings_for(analysis.center_id).filter(pk=meeting_id).first()
        if meeting is None:
            raise ValidationError({"meeting": _("Choose a planned or held joint meeting of this center.")})
        with translation.override("zh-hans"):
            title = agenda_title(analysis)
        meetings.meeting_add_agenda_item(pk=meeting.pk, actor=actor, title=title)
        analysis.meeting = meeting
        analysis.agenda_item = AgendaItem.objects.filter(meeting=meeting, source=AgendaItem.Source.MANUAL, title=title).order_by("-pk").first()
        return ["meeting", "agenda_item"]

    return engine.perform(ANALYSIS, pk, "attach", actor, apply=apply, data={"meeting": meeting_id}, expected_version=expected_version)


@transaction.atomic
def analysis_submit(*, pk, actor, expected_version=None):
    """Send the draft to the director: it needs its overview and at least one work opinion."""

    def apply(analysis):
        if not analysis.overview.strip():
            raise ValidationError({"overview": _("Write the overview before submitting.")})
        if not analysis.opinions.exists():
            raise ValidationError({"opinions": _("Add at least one work opinion before submitting.")})
        analysis.return_reason = ""
        return ["return_reason"]

    return engine.perform(ANALYSIS, pk, "submit", actor, apply=apply, expected_version=expected_version)


@transaction.atomic
def analysis_return(*, pk, actor, reason, expected_version=None):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what should be changed.")})

    def apply(analysis):
        analysis.return_reason = reason[:200]
        return ["return_reason"]

    return engine.perform(ANALYSIS, pk, "return", actor, apply=apply, reason=reason, expected_version=expected_version)


@transaction.atomic
def analysis_approve(*, pk, actor, expected_version=None):
    """The director approves; each work opinion becomes a task of the meeting the analysis is on
    (exactly once: an approved analysis has no move left, and an opinion keeps its task)."""
    from governance.institutions.rules import flows as meeting_flows
    from governance.institutions.services import meetings

    created = []

    def apply(analysis):
        meeting = analysis.meeting
        if meeting is None:
            raise ValidationError({"meeting": _("Put the analysis on a joint meeting's agenda first.")})
        if meeting.status != meeting_flows.HELD:
            raise ValidationError(
                {
                    "meeting": _("The work opinions become decisions of %(meeting)s: record that the meeting was held first.")
                    % {"meeting": meeting.title}
                }
            )
        opinions = list(analysis.opinions.select_related("owner").order_by("number", "pk"))
        if not opinions:
            raise ValidationError({"opinions": _("Add at least one work opinion before submitting.")})
        for opinion in opinions:
            if opinion.task_id is not None:
                continue
            opinion.task = meetings.meeting_add_decision(
                pk=meeting.pk, actor=actor, decision=opinion.text, owner=opinion.owner, deadline=opinion.deadline
            )
            opinion.save(update_fields=["task"])
            created.append(opinion.task_id)
        analysis.approved_on, analysis.approved_by = clock.today(), actor
        return ["approved_on", "approved_by"]

    # `created` is filled by `apply` before the timeline entry is written: the entry lists the tasks.
    return engine.perform(ANALYSIS, pk, "approve", actor, apply=apply, data={"tasks": created}, expected_version=expected_version)
