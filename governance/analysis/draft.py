"""The generated draft: the title, the overview (形势概述) and the main features (主要特点) written
from a figures snapshot. Pure: the snapshot in, text out (in the language active when called; the
services call it in Chinese). The director edits the text before approving it."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from governance.analysis.figures import NONE


def title(center_name, period_label):
    return _("%(center)s security situation analysis, %(period)s") % {"center": center_name, "period": period_label}


def key_label(dimension, key):
    """What a table row is called: the village, category or source name; the empty key named."""
    if key != NONE:
        return key
    return _("Township (no village)") if dimension == "village" else _("Not given")


def change_text(change):
    if change > 0:
        return _("up %(count)s") % {"count": change}
    if change < 0:
        return _("down %(count)s") % {"count": -change}
    return _("unchanged")


def _listing(items):
    return "、".join(items)


def overview(snapshot, center_name):
    total = snapshot["total"]
    first = _(
        "%(period)s, %(center)s registered %(total)s matters (disputes, petitions, hazards, screening and patrol findings), "
        "%(change)s on the previous period and %(year_change)s on the same period last year."
    ) % {
        "period": snapshot["period"]["label"],
        "center": center_name,
        "total": total["current"],
        "change": change_text(total["change"]),
        "year_change": change_text(total["year_change"]),
    }
    labels = snapshot.get("record_labels", {})
    records = [
        _("%(label)s %(count)s") % {"label": labels.get(row["key"], row["key"]), "count": row["current"]} for row in snapshot["tables"]["record"]
    ]
    second = _("By record: %(items)s.") % {"items": _listing(records)} if records else ""
    return "\n".join(part for part in (first, second) if part)


RISING_TEXT = {
    ("village", "previous"): (N_("Villages that rose most on the previous period: %(items)s."), N_("No village rose on the previous period.")),
    ("category", "previous"): (N_("Categories that rose most on the previous period: %(items)s."), N_("No category rose on the previous period.")),
    ("village", "last_year"): (
        N_("Villages that rose most on the same period last year: %(items)s."),
        N_("No village rose on the same period last year."),
    ),
    ("category", "last_year"): (
        N_("Categories that rose most on the same period last year: %(items)s."),
        N_("No category rose on the same period last year."),
    ),
}


def _rising_line(snapshot, dimension, against):
    rows = snapshot["rising"][dimension][against]
    found, empty = RISING_TEXT[(dimension, against)]
    if not rows:
        return _(empty)
    field = "change" if against == "previous" else "year_change"
    items = [_("%(name)s (+%(count)s)") % {"name": key_label(dimension, row["key"]), "count": row[field]} for row in rows]
    return _(found) % {"items": _listing(items)}


def features(snapshot):
    lines = [_rising_line(snapshot, dimension, against) for dimension, against in RISING_TEXT]
    sources = [row for row in snapshot["tables"]["source"] if row["current"]][:3]
    if sources:
        items = [_("%(label)s %(count)s") % {"label": key_label("source", row["key"]), "count": row["current"]} for row in sources]
        lines.append(_("Main sources: %(items)s.") % {"items": _listing(items)})
    return "\n".join(lines)
