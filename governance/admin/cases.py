"""The case list in the admin (wagtail-modeladmin); the other case screens are in governance.views."""

from django.contrib.admin import SimpleListFilter
from django.db.models import OuterRef, Q, QuerySet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from governance import access, scoping
from governance.institutions.filters import SpecialWorkFilter
from governance.models import OPEN_STATUSES, Case, Department, Party
from governance.rules.identity import mask_name
from governance.selectors.cases import case_list_queryset
from governance.views import cases as case_views
from governance.workflow import REGISTERED

COLOUR_LABELS = {"green": _("On time"), "yellow": _("Due soon"), "red": _("Overdue")}


class WarningFilter(SimpleListFilter):
    title = _("warning")
    parameter_name = "warning"

    def lookups(self, request, model_admin):
        return [*COLOUR_LABELS.items(), ("provisional", _("Provisional (holidays not entered)"))]

    def queryset(self, request, queryset):
        # The deadline that applies now: the acceptance decision (受理告知) while the case is only
        # registered, the handling deadline after that.
        today = timezone.localdate()
        undecided = Q(status=REGISTERED, acceptance_due__isnull=False)
        handling = Q(status__in=OPEN_STATUSES, due_date__isnull=False) & ~Q(status=REGISTERED)
        if self.value() == "red":
            return queryset.filter((undecided & Q(acceptance_due__lt=today)) | (handling & Q(due_date__lt=today)))
        if self.value() == "yellow":
            return queryset.filter(
                (undecided & Q(acceptance_due__gte=today, acceptance_warn_on__lte=today)) | (handling & Q(due_date__gte=today, warn_on__lte=today))
            )
        if self.value() == "green":
            return queryset.filter((undecided & Q(acceptance_warn_on__gt=today)) | (handling & Q(warn_on__gt=today)))
        if self.value() == "provisional":
            return queryset.filter((undecided & Q(acceptance_provisional=True)) | (handling & Q(due_provisional=True)))
        return queryset


class DepartmentFilter(SimpleListFilter):
    title = _("lead department")
    parameter_name = "department"

    def lookups(self, request, model_admin):
        departments = scoping.scope_to_user(Department.objects.select_related("center"), request.user)
        many_centers = scoping.sees_all_centers(request.user)
        return [(d.pk, f"{d.center.short_name}·{d.name}" if many_centers else d.name) for d in departments]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(lead_department_id=self.value())
        return queryset


class CountedQuerySet(QuerySet):
    """A QuerySet that runs its COUNT once: count() keeps the number. Only this instance keeps it (a
    filtered, ordered or sliced copy counts again), as a QuerySet keeps its rows once evaluated."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = None

    @classmethod
    def of(cls, queryset, count=None):
        """`queryset` as a CountedQuerySet (its query: filters, annotations, ordering and
        select_related; the case list uses no prefetch_related), optionally with its count known."""
        counted = cls(model=queryset.model, using=queryset.db)
        # Handing a query to another QuerySet is the documented use of QuerySet.query (pickling
        # QuerySets: "qs.query = query"); .all() gives this one a copy of its own.
        counted.query = queryset.all().query
        counted.known_count = count
        return counted

    def count(self):
        if self.known_count is None:
            self.known_count = super().count()
        return self.known_count


class CaseIndexView(IndexView):
    """The case list. Searches codes, summaries and party names, and counts the (large) case table
    once per page where wagtail-modeladmin's get_context_data() would count it three times (all
    cases, the listed cases, and the paginator again) and build the list a second time. Only public
    extension points of IndexView are overridden: get_queryset() and get_base_queryset(), which
    get_context_data() asks for the listed and the unfiltered cases."""

    def get_search_results(self, request, queryset, search_term):
        term = (search_term or "").strip()
        if not term:
            return queryset
        party_match = Q(pk__in=Party.objects.filter(name__icontains=term).values("case_id"))
        return queryset.filter(Q(code__icontains=term) | Q(summary__icontains=term) | party_match)

    def narrowed(self):
        """Whether a search or a filter narrows the list (else it lists every case of the base)."""
        return bool(self.query.strip()) or bool(self.get_filters_params())

    def built(self):
        """The list dispatch() built (self.queryset), or None before that."""
        return getattr(self, "queryset", None)

    def get_queryset(self, request=None):
        # dispatch() builds the list with the request; get_context_data() asks again without one,
        # and gets the same queryset (counted once, for the result count and the paginator).
        if request is None and self.built() is not None:
            return self.built()
        return CountedQuerySet.of(super().get_queryset(request))

    def get_base_queryset(self, request=None):
        base = super().get_base_queryset(request)
        if request is None and self.built() is not None and not self.narrowed():
            # get_context_data()'s count of all cases: nothing narrows the list, so it is the list's.
            return CountedQuerySet.of(base, count=self.built().count())
        return base


class CasePermissionHelper(PermissionHelper):
    def user_can_create(self, user):
        return "register_case" in access.case_permissions(user) and scoping.center_id_of(user) is not None

    def user_can_edit_obj(self, user, obj):
        return False  # edits go through the inspect page's own form (stale-edit check, audit)

    def user_can_delete_obj(self, user, obj):
        return False  # cases are never deleted; they are archived


class CaseButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        return [
            {
                "url": reverse("governance_case_inspect", args=[obj.pk]),
                "label": _("Open"),
                "classname": "button button-small button-secondary",
                "title": _("Open case %(code)s") % {"code": obj.code},
            }
        ]


class CaseAdmin(ModelAdmin):
    model = Case
    menu_label = _("Cases")
    menu_icon = "clipboard-list"
    menu_order = 100
    add_to_admin_menu = True
    index_view_class = CaseIndexView
    history_view_enabled = False  # the case's own route map (路线图) is its history
    permission_helper_class = CasePermissionHelper
    button_helper_class = CaseButtonHelper
    list_display = ("code", "kind", "category", "applicant", "status", "lead_department", "due_date", "warning", "received_on")
    list_filter = ("status", "kind", "category", DepartmentFilter, WarningFilter, SpecialWorkFilter, "received_on")
    search_fields = ("code", "summary")
    list_per_page = 50
    ordering = ("-received_on", "-pk")

    def get_queryset(self, request):
        applicant = Party.objects.filter(case=OuterRef("pk"), role=Party.Role.APPLICANT).order_by("pk").values("name")[:1]
        return case_list_queryset(request.user).annotate(first_applicant=applicant[:1])

    @staticmethod
    def _today():
        return timezone.localdate()

    def applicant(self, obj):
        return mask_name(obj.first_applicant or "")

    applicant.short_description = _("applicant")

    def warning(self, obj):
        if obj.status == REGISTERED:
            due, warn_on, what = obj.acceptance_due, obj.acceptance_warn_on, _("acceptance")
        else:
            due, warn_on, what = obj.due_date, obj.warn_on, ""
        if not due or obj.status not in OPEN_STATUSES:
            return ""
        today = self._today()
        colour = "red" if due < today else "yellow" if warn_on and warn_on <= today else "green"
        label = f"{what}·{COLOUR_LABELS[colour]}" if what else COLOUR_LABELS[colour]
        return format_html('<span class="zz-badge zz-{}" title="{}">{}</span>', colour, due, label)

    warning.short_description = _("warning")

    def create_view(self, request):
        return case_views.register_case(request)

    def inspect_view(self, request, instance_pk):
        return redirect("governance_case_inspect", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("governance_case_edit", pk=instance_pk)
