"""Panels on the admin dashboard."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from governance import scoping
from governance.calendar import load_work_calendar
from governance.models import OPEN_STATUSES, Case
from governance.selectors.cases import cases_visible_to


def may_enter_holiday_calendar(user):
    """Who may act on the holiday warning: add to the calendar (reference.CountyOnlyMixin's rule)."""
    return scoping.sees_all_centers(user) and user.has_perm("governance.add_holidayoverride")


class HolidayDataPanel(Component):
    """Warns until the holiday schedule of a year that deadlines reach has been entered. Only those who
    may enter it see the warning: its link is the calendar, which others cannot change."""

    name = "holiday_data"
    order = 10
    template_name = "governance/admin/panels/holiday_data.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        if not may_enter_holiday_calendar(self.request.user):
            return {"show": False}
        today = timezone.localdate()
        calendar = load_work_calendar()
        provisional = cases_visible_to(self.request.user, Case.objects.filter(due_provisional=True, status__in=OPEN_STATUSES))
        missing_years = [year for year in (today.year, today.year + 1) if not calendar.is_known(year)]
        # The next year matters once the State Council usually publishes it (November) or a deadline reaches it.
        count = provisional.count()
        if not count:
            missing_years = [y for y in missing_years if y == today.year or today.month >= 11]
        return {"missing_years": missing_years, "provisional_count": count, "show": bool(missing_years or count)}
