"""Lobby screen pages: a shell served once; the live data arrives over the WebSocket."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from governance.models import LobbyScreen
from governance.selectors import lobby


def screen_list(request):
    screens = LobbyScreen.objects.filter(is_active=True).select_related("center").order_by("center__name", "name")
    return render(request, "lobby/screen_list.html", {"screens": screens})


@never_cache
def screen(request, slug):
    screen = lobby.active_screen(slug)
    if screen is None:
        raise Http404
    return render(
        request, "lobby/screen.html", {"screen": screen, "version": lobby.PAGE_VERSION, "labels": labels(), "time_zone": settings.TIME_ZONE}
    )


def labels():
    """The words the screen's script shows, translated on the server."""
    return {
        # The figures (defined in governance.models.lobby.FIGURE_DEFINITIONS): a label per period
        # and, where the number alone would mislead, a note under it.
        "registered_today": _("Registered today"),
        "registered_month": _("Registered this month"),
        "accepted_today": _("Accepted today"),
        "accepted_month": _("Accepted this month"),
        "accepted_note": _("including cases registered earlier"),
        "handling": _("Being handled now"),
        "handling_note": _("all open cases, any date"),
        "resolved_today": _("Resolved today"),
        "resolved_month": _("Resolved this month"),
        "resolved_note": _("including cases registered earlier"),
        "on_time_rate": _("On-time rate this month"),
        "on_time_rate_note": _("of cases resolved with a deadline"),
        "today": _("Today"),
        "month": _("This month"),
        "queue": _("Now calling"),
        "recent": _("Recent calls"),
        "waiting": _("Waiting"),
        "window": _("Window {n}"),
        "results": _("Mediation results"),
        "notices": _("Notices"),
        "supervision": _("Supervision phone"),
        "no_results": _("No published results yet"),
        "no_calls": _("No calls yet"),
        "warnings": _("Security warnings"),
        "no_warnings": _("No security warnings in force"),
        "advice": _("Prevention advice"),
        "whole_township": _("The whole township"),
        "valid_until": _("Valid until {date}"),
        "announce": _("Number {ticket}, please go to window {window}"),
    }
