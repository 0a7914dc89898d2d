"""The situation analysis page, the cases behind a warning, and the special-work tags."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from governance import workflow
from governance.institutions import charts, forms
from governance.institutions.models import CaseTag, SpecialWork
from governance.institutions.selectors.situation import situation
from governance.institutions.services import tags as tag_services
from governance.institutions.views.common import call_service
from governance.models import Party
from governance.rules.identity import mask_name
from governance.selectors.cases import cases_visible_to
from governance.selectors.joint_work import joint_work

SITUATION_PERMISSION = "institutions.view_situation"
WARNING_TITLES = {
    "village": gettext_lazy("Cases behind the warning: a village rising sharply"),
    "category": gettext_lazy("Cases behind the warning: a category rising sharply"),
    "repeat": gettext_lazy("Cases behind the warning: the same person filing repeatedly"),
    "group": gettext_lazy("Cases behind the warning: group case"),
    "overdue": gettext_lazy("Overdue cases of the department"),
}
MAX_IDS = 500


def situation_context(user, today=None):
    """Figures, charts and warnings for the dashboard panel and the full page."""
    today = today or timezone.localdate()
    data = situation(user, today)
    labels, series = data["trend"]
    empty = _("No records in this period.")
    return {
        "today": today,
        "warnings": data["warnings"],
        "joint_work": joint_work(user, today),
        "window_days": data["window_days"],
        "trend_chart": charts.line_chart(_("Cases per month by kind"), labels, series),
        "category_chart": charts.bar_chart(_("Share by category, last 12 months"), data["categories"], colour="#1f6feb", empty_text=empty),
        "village_chart": charts.bar_chart(_("Cases by village, last 12 months"), data["villages"], colour="#2b8a3e", empty_text=empty),
        "overdue_chart": charts.bar_chart(
            _("Overdue open cases by lead department"), data["overdue"], colour="#c92a2a", empty_text=_("No overdue cases.")
        ),
        "satisfaction_chart": charts.share_bar(_("Follow-up results, last 12 months"), data["satisfaction"], empty_text=empty),
        "trend": (labels, series),
    }


def situation_page(request):
    if not request.user.has_perm(SITUATION_PERMISSION):
        raise PermissionDenied
    return render(request, "institutions/admin/situation.html", situation_context(request.user))


def warning_cases(request):
    """The cases behind a warning (only those the user may see)."""
    if not request.user.has_perm(SITUATION_PERMISSION):
        raise PermissionDenied
    ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.strip().isdigit()][:MAX_IDS]
    applicant = Party.objects.filter(case=OuterRef("pk"), role=Party.Role.APPLICANT).order_by("pk").values("name")[:1]
    cases = (
        cases_visible_to(request.user)
        .filter(pk__in=ids)
        .select_related("category", "lead_department", "workstation")
        .annotate(first_applicant=Subquery(applicant))
        .order_by("-received_on", "-pk")
    )
    return render(
        request,
        "institutions/admin/warning_cases.html",
        {
            "title": WARNING_TITLES.get(request.GET.get("kind"), _("Cases behind the warning")),
            "cases": [(case, mask_name(case.first_applicant or "")) for case in cases],
        },
    )


def special_work(request):
    """Cases tagged for special work, by tag; center staff tag a case by its code."""
    user = request.user
    if not user.has_perm("institutions.view_casetag"):
        raise PermissionDenied
    chosen = request.GET.get("tag") if request.GET.get("tag") in SpecialWork.values else ""
    tags = CaseTag.objects.filter(case__in=cases_visible_to(user)).select_related("case", "case__category", "case__lead_department")
    counts = {value: 0 for value in SpecialWork.values}
    for value in tags.values_list("tag", flat=True):
        counts[value] += 1
    if chosen:
        tags = tags.filter(tag=chosen)
    form = forms.TagForm(request.POST or None)
    if request.method == "POST":
        if not user.has_perm("institutions.add_casetag"):
            raise PermissionDenied
        if form.is_valid():
            case = cases_visible_to(user).filter(code=form.cleaned_data["code"].strip()).first()
            if case is None:
                form.add_error("code", _("No case with this code in your records."))
            else:
                ok, _tag = call_service(form, lambda: tag_services.case_tag_add(case_id=case.pk, actor=user, tag=form.cleaned_data["tag"]))
                if ok:
                    messages.success(request, _("Case %(code)s tagged.") % {"code": case.code})
                    return redirect(request.get_full_path())
    return render(
        request,
        "institutions/admin/special_work.html",
        {
            "form": form,
            "may_tag": user.has_perm("institutions.add_casetag"),
            "may_untag": user.has_perm("institutions.delete_casetag"),
            "tags": tags.order_by("tag", "-case__received_on")[:500],
            "chosen": chosen,
            "choices": [(value, label, counts[value]) for value, label in SpecialWork.choices],
        },
    )


@require_POST
def special_work_remove(request, pk):
    tag = CaseTag.objects.filter(pk=pk, case__in=cases_visible_to(request.user)).select_related("case").first()
    if tag is None:
        raise PermissionDenied
    try:
        tag_services.case_tag_remove(case_id=tag.case_id, actor=request.user, tag=tag.tag)
    except workflow.MoveNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Tag removed from case %(code)s.") % {"code": tag.case.code})
    return redirect("institutions_special_work")
