"""The working-day calendar as the admin has entered it, for the pure deadline rules."""

from governance.models import HolidayOverride, HolidayYear
from governance.rules.deadlines import WorkCalendar


def load_work_calendar():
    """chinesecalendar plus the admin-entered overrides and entered years (two small queries)."""
    overrides = dict(HolidayOverride.objects.values_list("date", "is_workday"))
    years = frozenset(HolidayYear.objects.values_list("year", flat=True))
    return WorkCalendar(overrides=overrides, entered_years=years)
