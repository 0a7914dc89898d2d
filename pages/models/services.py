"""The public services of a center's site: the results board, online requests and progress lookup.

All three read and write cases only through governance (selectors.public, services.cases) and
only for the page's own center.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.contrib.forms.models import AbstractFormField, FormMixin
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from governance.rules.identity import mask_phone
from governance.selectors import public
from pages import ratelimit
from pages.forms import LookupForm, OnlineRequestForm
from pages.models.base import PublicPage

SERVICE_PARENTS = ["pages.CenterHomePage"]
DONE_SESSION_KEY = "zongzhi_online_request_done"


def parse_month(value):
    """ "2026-11" → date(2026, 11, 1); anything else → None."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return None


def _no_store(response):
    add_never_cache_headers(response)
    return response


class ResultsBoardPage(RoutablePageMixin, PublicPage):
    """The mediation-result board (调解反馈公示牌): resolved cases cleared for publication, anonymised."""

    intro = RichTextField(_("introduction"), blank=True)
    per_page = models.PositiveSmallIntegerField(_("results per page"), default=20)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]
    api_fields = [APIField("intro"), APIField("results_url")]
    parent_page_types = SERVICE_PARENTS
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("results board page")

    def search_parts(self):
        return [self.intro]

    @property
    def results_url(self):
        """Where the board's JSON lives (for the API)."""
        return self.url + self.reverse_subpage("json") if self.url else ""

    def _filtered(self, request):
        month = parse_month(request.GET.get("month"))
        category = request.GET.get("category", "").strip()[:40]
        outcome = request.GET.get("outcome", "").strip()[:40]
        cases = public.board_cases(self.center_home.center_id, month=month, category=category, outcome=outcome)
        paginator = Paginator(cases, max(1, min(self.per_page, 100)))
        page_obj = paginator.get_page(request.GET.get("page"))
        items = public.board_items(page_obj.object_list, self.center_home.center)
        filters = {"month": month.strftime("%Y-%m") if month else "", "category": category, "outcome": outcome}
        return page_obj, items, filters

    @path("", name="index")
    def board_view(self, request):
        page_obj, items, filters = self._filtered(request)
        options = public.board_filter_options(self.center_home.center_id)
        return self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "items": items,
                "filters": filters,
                "months": [f"{y:04d}-{m:02d}" for y, m in options["months"]],
                "categories": options["categories"],
                "outcomes": options["outcomes"],
                "query_string": "&".join(f"{k}={v}" for k, v in filters.items() if v),
            },
        )

    @path("json/", name="json")
    def board_json(self, request):
        page_obj, items, filters = self._filtered(request)
        return JsonResponse(
            {
                "center": self.center_home.center.name,
                "filters": filters,
                "count": page_obj.paginator.count,
                "page": page_obj.number,
                "num_pages": page_obj.paginator.num_pages,
                "items": items,
            },
            json_dumps_params={"ensure_ascii": False},
        )


class OnlineRequestField(AbstractFormField):
    """An extra question an editor adds to the online request form."""

    page = ParentalKey("pages.OnlineRequestPage", on_delete=models.CASCADE, related_name="form_fields")


class OnlineRequestPage(RoutablePageMixin, FormMixin, PublicPage):
    """Online request (网上反映): registers a case through the reception desk's own service."""

    intro = RichTextField(_("introduction"), blank=True)
    privacy_note = RichTextField(
        _("privacy note"),
        blank=True,
        help_text=_("Shown above the personal details: how the center keeps and uses them."),
    )
    thank_you_text = RichTextField(_("text after sending"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("privacy_note"),
        InlinePanel("form_fields", heading=_("Extra questions"), label=_("Extra question")),
        FieldPanel("thank_you_text"),
    ]
    api_fields = [APIField("intro"), APIField("privacy_note"), APIField("thank_you_text")]
    parent_page_types = SERVICE_PARENTS
    subpage_types = []
    max_count_per_parent = 1
    landing_page_template = "pages/online_request_page_landing.html"

    class Meta:
        verbose_name = _("online request page")

    def search_parts(self):
        return [self.intro]

    def get_form_class(self):
        builder = self.form_builder(self.get_form_fields())
        extra = {f"extra_{name}": field for name, field in builder.formfields.items()}
        return type("OnlineRequestPageForm", (OnlineRequestForm,), extra)

    def get_form(self, *args, **kwargs):
        kwargs.setdefault("page", self)
        kwargs.setdefault("center", self.center)
        return self.get_form_class()(*args, **kwargs)

    def process_form_submission(self, form):
        # Never stored as a Wagtail form submission: personal data lives only in the case.
        raise NotImplementedError

    def _render_form(self, request, form, status=200, error=""):
        context = self.get_context(request)
        context.update(form=form, form_error=error, lookup_page=self.center_home.section(ProgressLookupPage))
        return _no_store(TemplateResponse(request, self.get_template(request), context, status=status))

    @path("", name="index")
    def form_view(self, request):
        from pages.intake import register_online_request

        if request.method != "POST":
            return self._render_form(request, self.get_form(user=request.user))
        form = self.get_form(request.POST, user=request.user)
        too_many = gettext("Too many requests have been sent from your network. Please try again later, or call the center on %(phone)s.") % {
            "phone": self.center.phone or self.center.supervision_phone
        }
        if not ratelimit.hit("online_request_attempt", request):
            return self._render_form(request, form, status=429, error=too_many)
        if form.is_bot:
            ratelimit.hit("online_request", request)
            return self._render_form(
                request, self.get_form(user=request.user), status=400, error=gettext("The form could not be sent. Please try again.")
            )
        if not form.is_valid():
            return self._render_form(request, form, status=400, error=gettext("Some answers need correcting: see the messages next to the fields."))
        if ratelimit.is_limited("online_request", request):
            return self._render_form(request, form, status=429, error=too_many)
        try:
            case, created = register_online_request(self.center, form)
        except ValidationError as exc:
            _add_service_errors(form, exc)
            return self._render_form(request, form, status=400, error=gettext("Some answers need correcting: see the messages next to the fields."))
        if created:
            ratelimit.hit("online_request", request)
        request.session[DONE_SESSION_KEY] = {
            "page": self.pk,
            "code": case.code,
            "query_code": case.query_code,
            "phone": mask_phone(form.cleaned_data["phone"]),
        }
        return redirect(self.url + self.reverse_subpage("done"))

    @path("done/", name="done")
    def done_view(self, request):
        from pages.intake import codes_were_texted

        done = request.session.get(DONE_SESSION_KEY)
        if not done or done.get("page") != self.pk:
            return redirect(self.url)
        context = self.get_context(request)
        context.update(done=done, texted=codes_were_texted(done.get("code")), lookup_page=self.center_home.section(ProgressLookupPage))
        return _no_store(TemplateResponse(request, self.get_landing_page_template(request), context))


# The service's error keys → the form's fields.
SERVICE_FIELD_MAP = {
    "party_1_name": "name",
    "party_1_id_number": "id_number",
    "party_1_phone": "phone",
    "summary": "summary",
    "people_count": "people_count",
    "category": "category",
    "petition_kind": "request_type",
    "workstation": "workstation",
}


def _add_service_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            field = SERVICE_FIELD_MAP.get(key)
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class ProgressLookupPage(RoutablePageMixin, PublicPage):
    """Progress lookup (进度查询): case code + query code → stage, dates, deadline colour, public steps."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = SERVICE_PARENTS
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("progress lookup page")

    def search_parts(self):
        return [self.intro]

    @path("", name="index")
    def lookup_view(self, request):
        context = self.get_context(request)
        status = 200
        if request.method == "POST":
            form = LookupForm(request.POST)
            if ratelimit.is_limited("lookup_failure", request) or not ratelimit.hit("lookup", request):
                status = 429
                context["lookup_error"] = gettext("Too many lookups from your network. Please wait a quarter of an hour and try again.")
            elif form.is_valid():
                result = public.public_progress(self.center.pk, form.cleaned_data["code"], form.cleaned_data["query_code"])
                if result is None:
                    ratelimit.hit("lookup_failure", request)
                    context["lookup_error"] = NOT_FOUND_MESSAGE
                else:
                    context["result"] = result
            else:
                status = 400
        else:
            form = LookupForm()
        context["form"] = form
        return _no_store(TemplateResponse(request, self.get_template(request), context, status=status))


NOT_FOUND_MESSAGE = _(
    "No matter was found for this case code and query code at this center. Check both and try again; "
    "after several wrong tries lookups are paused for a while."
)
