"""The demo page tree of one center, called by governance.demo (the one demo loader).

Idempotent: a page whose slug exists under the center's home is left as it is, so a second run
writes nothing. The shared content is fixtures/demo_pages.json; each center's staff, contacts
and sign come from its "pages" entry in fixtures/demo_county.json.
"""

import json
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from pages import editors
from pages.models import (
    ArticleIndexPage,
    ArticlePage,
    CenterHomePage,
    ContactEntry,
    ContactsPage,
    ContentPage,
    DutiesPage,
    NoticeIndexPage,
    NoticePage,
    OnlineRequestField,
    OnlineRequestPage,
    ProcedureChartPage,
    ProgressLookupPage,
    ResultsBoardPage,
    ServiceCommitmentPage,
    StaffMember,
    StaffPage,
    VisitorNoticePage,
    WarningsPage,
)

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


class _Values(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _fill(value, values):
    """Put the center's own values into the shared demo text (strings in nested lists and dicts)."""
    if isinstance(value, str):
        return value.format_map(values)
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items()}
    return value


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _stream(pairs):
    return [(kind, value) for kind, value in pairs]


def _build(spec, center_data, today):
    kind = spec["type"]
    common = {"title": spec["title"], "slug": spec["slug"], "show_in_menus": spec.get("menu", False)}
    if kind == "duties":
        return DutiesPage(**common, intro=spec["intro"], duties=[("duty", {"title": t, "text": x}) for t, x in spec["duties"]])
    if kind == "procedure":
        return ProcedureChartPage(
            **common, intro=spec["intro"], stage_notes=[("stage_note", {"stage": s, "text": x}) for s, x in spec["stage_notes"]]
        )
    if kind == "visitor_notice":
        return VisitorNoticePage(**common, intro=spec["intro"], rules=[("rule", {"title": t, "text": x}) for t, x in spec["rules"]])
    if kind == "commitment":
        return ServiceCommitmentPage(
            **common,
            intro=spec["intro"],
            signed_by=spec["signed_by"],
            commitments=[("commitment", {"title": t, "text": x, "time_limit": limit}) for t, x, limit in spec["commitments"]],
        )
    if kind == "staff":
        page = StaffPage(**common, intro=spec["intro"])
        page.members = [
            StaffMember(name=name, role=role, department=dept, duties=duties, sort_order=n)
            for n, (name, role, dept, duties) in enumerate(center_data["staff"])
        ]
        return page
    if kind == "contacts":
        page = ContactsPage(**common, intro=spec["intro"])
        page.contacts = [
            ContactEntry(kind=k, label=label, department=dept, phone=phone, hours=hours, in_footer=footer, sort_order=n)
            for n, (k, label, dept, phone, hours, footer) in enumerate(center_data["contacts"])
        ]
        return page
    if kind == "notices":
        return NoticeIndexPage(**common, intro=spec["intro"])
    if kind == "articles":
        return ArticleIndexPage(**common, kind=spec["kind"], intro=spec["intro"])
    if kind == "board":
        return ResultsBoardPage(**common, intro=spec["intro"])
    if kind == "online_request":
        page = OnlineRequestPage(**common, intro=spec["intro"], privacy_note=spec["privacy_note"], thank_you_text=spec["thank_you_text"])
        page.form_fields = [
            OnlineRequestField(
                label=q["label"],
                field_type=q["field_type"],
                required=q["required"],
                choices=q["choices"],
                help_text=q["help_text"],
                sort_order=n,
            )
            for n, q in enumerate(spec["questions"])
        ]
        return page
    if kind == "lookup":
        return ProgressLookupPage(**common, intro=spec["intro"])
    if kind == "warnings":
        return WarningsPage(**common, intro=spec["intro"])
    if kind == "content":
        return ContentPage(**common, body=_stream(spec["body"]))
    raise ValueError(f"unknown demo page type {kind!r}")


def _children(index, spec, today):
    created = 0
    for child in spec.get("children", []):
        if index.get_children().filter(slug=child["slug"]).exists():
            continue
        fields = {"title": child["title"], "slug": child["slug"], "body": _stream(child["body"])}
        if spec["type"] == "notices":
            page = NoticePage(**fields, issued_by=child.get("issued_by", ""), date=today - timedelta(days=child.get("days_ago", 0)))
            go_live_in = child.get("go_live_in_days")
            if go_live_in:
                # Scheduled publishing: the revision is approved now and goes live on the day.
                go_live = timezone.make_aware(datetime.combine(today + timedelta(days=go_live_in), time(8, 0)))
                page.date, page.go_live_at, page.live = today + timedelta(days=go_live_in), go_live, False
                index.add_child(instance=page)
                page.save_revision().publish()
                created += 1
                continue
        else:
            page = ArticlePage(**fields, summary=child.get("summary", ""), date=today - timedelta(days=child.get("days_ago", 0)))
            page.tags.add(*child.get("tags", []))
        _publish(index, page)
        created += 1
    return created


def ensure_center_pages(portal, center, data):
    """The center's home and its demo page tree; returns (home, number of records created)."""
    spec = json.loads((FIXTURES / data["content"]).read_text(encoding="utf-8"))
    values = _Values(
        name=center.name,
        short_name=center.short_name,
        address=center.address,
        office_hours=center.office_hours,
        phone=center.phone,
        supervision_phone=center.supervision_phone,
    )
    spec = _fill(spec, values)
    today = timezone.localdate()
    created = 0
    home = CenterHomePage.objects.filter(center=center).first()
    new_home = home is None
    if new_home:
        home = _publish(
            portal,
            CenterHomePage(
                title=center.name,
                slug=center.slug,
                center=center,
                intro=data.get("intro", ""),
                sign_text=data.get("sign_text", ""),
                rooms=[("room", {"name": n, "purpose": p, "location": loc}) for n, p, loc in spec["home"]["rooms"]],
            ),
        )
        created += 1
    for page_spec in spec["pages"]:
        page = home.get_children().filter(slug=page_spec["slug"]).first()
        if page is None:
            page = _publish(home, _build(page_spec, data, today))
            created += 1
        if page_spec["type"] in ("notices", "articles"):
            created += _children(page, page_spec, today)
        if page_spec["type"] == "notices":
            editors.ensure_notice_workflow(page)
    if new_home:
        links = []
        for slug, label, description in spec["home"]["quick_links"]:
            target = home.get_children().filter(slug=slug).first()
            if target is not None:
                links.append(("link", {"page": target, "label": label, "description": description}))
        home.quick_links = links
        home.save_revision().publish()
    editors.ensure_center_editor_group(home)
    editors.ensure_center_reviewer_group(home)
    return home, created
