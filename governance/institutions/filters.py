"""List filters other apps' lists can use without importing the working-system screens."""

from django.contrib.admin import SimpleListFilter
from django.utils.translation import gettext_lazy as _

from governance.institutions.models import CaseTag, SpecialWork


class SpecialWorkFilter(SimpleListFilter):
    """Cases by special-work tag (专项工作). For the case list: add it to CaseAdmin.list_filter."""

    title = _("special work")
    parameter_name = "special_work"

    def lookups(self, request, model_admin):
        return SpecialWork.choices

    def queryset(self, request, queryset):
        if self.value() in SpecialWork.values:
            return queryset.filter(pk__in=CaseTag.objects.filter(tag=self.value()).values("case_id"))
        return queryset
