"""Abuse: script payloads in free text stay inert on the public site, in the admin and on lobby
screens; CSRF is enforced; the public forms are rate limited and a forged X-Forwarded-For does not
help; a department user cannot reach another department's (or center's) case by URL, list,
search, export, API or WebSocket."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.test import Client

from governance.models import AuditEvent, Case, Center, Department, LobbyScreen, Party, ReferenceItem, Workstation
from governance.selectors import lobby as lobby_selectors
from governance.services import cases as services
from pages.models import CenterHomePage, ContactEntry, StaffMember, StaffPage
from tests.factories import make_intake, make_staff, party, reference  # noqa: F401
from tests.pages.conftest import _fresh_cache, build_center_site, cases, director, portal, publish, site  # noqa: F401

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = """"'><script>alert(1)</script><img src=x onerror=alert(2)>"""
# What a browser would run if the payload reached the page unescaped.
ACTIVE = re.compile(r"<script>alert|<img src=x onerror", re.I)
ESCAPED = "&lt;script&gt;alert("


def fit(model, field, text):
    """`text` cut to the field's length (PostgreSQL refuses longer values), still with its script."""
    cut = text[: model._meta.get_field(field).max_length]
    assert "<script>alert(1)</script>" in cut
    return cut


def assert_inert(response_or_text, *, shown=True):
    text = response_or_text if isinstance(response_or_text, str) else response_or_text.content.decode()
    assert not ACTIVE.search(text), ACTIVE.search(text).group(0)
    if shown:
        assert ESCAPED in text, "the payload should be shown, as text"


# --- XSS ------------------------------------------------------------------------------------------------


def test_payloads_sent_through_the_online_form_are_inert_in_the_admin_and_the_lookup(site, reference, director, monkeypatch):
    from governance.services import notifications

    monkeypatch.setattr(notifications, "sms_backend", lambda: type("Quiet", (), {"send": lambda self, phone, text: True})())
    visitor = Client()
    form = visitor.get(site.request.url).context["form"]
    data = {
        "request_type": "dispute",
        "category": str(reference.pk("category", "neighbour")),
        "workstation": "",
        "summary": f"邻里纠纷 {PAYLOAD}",
        "people_count": "1",
        "name": f"张{PAYLOAD}"[:30],
        "phone": "13912340001",
        "address": f"幸福路{PAYLOAD}",
        "confirm": "on",
        "website": "",
        "token": form.initial["token"],
    }
    response = visitor.post(site.request.url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    case = Case.objects.get()
    assert PAYLOAD in case.summary  # stored as typed: escaping happens on output

    admin = Client()
    admin.force_login(director)
    assert_inert(admin.get("/admin/governance/case/"), shown=False)
    assert_inert(admin.get(f"/admin/governance/cases/{case.pk}/"))
    assert_inert(admin.get(f"/admin/governance/cases/{case.pk}/edit/"))
    done = visitor.get(response["Location"])
    assert_inert(done, shown=False)
    lookup = Client().post(site.lookup.url, {"code": case.code, "query_code": case.query_code})
    assert_inert(lookup, shown=False)


def test_payloads_in_cms_and_reference_text_are_inert_on_every_public_page(site, cases, center, reference):
    center.name = fit(Center, "name", f"甲镇{PAYLOAD}")
    center.save()
    village = Workstation.objects.create(center=center, name=fit(Workstation, "name", f"村{PAYLOAD}"))
    category = ReferenceItem.objects.create(
        kind="category", code="xss", name=fit(ReferenceItem, "name", f"类别{PAYLOAD}"), center=center, is_active=True
    )
    case = cases.make("钱多多", workstation=village)
    Case.objects.filter(pk=case.pk).update(category=category)
    staff = publish(site.home, StaffPage(title=f"工作人员{PAYLOAD}", slug="staff"))
    StaffMember.objects.create(
        page=staff, name=fit(StaffMember, "name", f"李{PAYLOAD}"), role=fit(StaffMember, "role", f"调解员{PAYLOAD}"), duties=PAYLOAD
    )
    ContactEntry.objects.create(page=site.contacts, label=fit(ContactEntry, "label", f"窗口{PAYLOAD}"), phone="0000-5551234", in_footer=True)
    site.home.sign_text = fit(CenterHomePage, "sign_text", PAYLOAD)
    site.home.save_revision().publish()

    for url in (site.home.url, site.board.url, staff.url, site.contacts.url, site.request.url, site.lookup.url):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert_inert(response, shown=False)
    assert_inert(Client().get(staff.url))
    assert_inert(Client().get(site.board.url))
    search = Client().get(site.home.url + "search/", {"q": PAYLOAD})
    assert search.status_code == 200
    assert_inert(search)
    # The board's JSON carries the text as data, as JSON that no browser renders as a page.
    board_json = Client().get(site.board.url + "json/")
    assert board_json["Content-Type"].startswith("application/json") and board_json["X-Content-Type-Options"] == "nosniff"
    assert any(PAYLOAD[:20] in item.get("category", "") for item in board_json.json()["items"])


def test_payloads_on_lobby_screens_stay_text(center, reference):
    center.name = fit(Center, "name", f"甲镇{PAYLOAD}")
    center.save()
    screen = LobbyScreen.objects.create(
        center=center,
        name=fit(LobbyScreen, "name", f"大厅{PAYLOAD}"),
        slug="hall",
        layout=[("text", {"title": PAYLOAD, "text": PAYLOAD}), ("notices", {"notices": [PAYLOAD]})],
    )
    shell = Client().get("/lobby/hall/")
    assert shell.status_code == 200
    assert_inert(shell)
    snapshot = lobby_selectors.snapshot(LobbyScreen.objects.get(pk=screen.pk))
    assert PAYLOAD in json.dumps(snapshot, ensure_ascii=False)  # carried as data...
    # ...and drawn with textContent only: the client has no way to turn data into markup.
    script = (ROOT / "static" / "lobby" / "lobby.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", script)


def test_payloads_in_case_fields_typed_at_the_desk_are_inert_in_the_admin(center, reference, make_user):
    desk = make_user("director", center)
    Department.objects.filter(center=center, name="派出所").update(name=fit(Department, "name", f"派出所{PAYLOAD}"))
    case = services.case_register(
        center=center,
        actor=desk,
        intake=make_intake(
            reference, summary=PAYLOAD, place=fit(Case, "place", PAYLOAD), parties=[party(fit(Party, "name", f"王{PAYLOAD}"), address=PAYLOAD)]
        ),
    )
    client = Client()
    client.force_login(desk)
    assert_inert(client.get(f"/admin/governance/cases/{case.pk}/"))
    assert_inert(client.get("/admin/governance/case/", {"q": "alert"}), shown=False)


def test_public_pages_and_screens_forbid_inline_scripts_and_framing(site, center):
    LobbyScreen.objects.create(center=center, name="大厅", slug="hall", layout=[("clock", {})])
    for url in (site.home.url, site.request.url, "/lobby/hall/"):
        response = Client().get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0], url
        assert "frame-ancestors 'none'" in csp and response["X-Frame-Options"] == "DENY", url


# --- CSRF ------------------------------------------------------------------------------------------------


def test_state_changing_posts_without_a_csrf_token_are_refused(site, reference, cases, director):
    strict = Client(enforce_csrf_checks=True)
    strict.get(site.request.url)
    case = cases.make("周五", stage="registered")
    assert strict.post(site.request.url, {"summary": "无令牌的提交，应当被拒绝。"}).status_code == 403
    assert strict.post(site.lookup.url, {"code": case.code, "query_code": case.query_code}).status_code == 403
    assert strict.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 403
    strict.force_login(director)
    response = strict.post(f"/admin/governance/cases/{case.pk}/do/accept/", {"notice_date": "2026-01-01"})
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).status == case.status


def test_a_csrf_token_of_another_visitor_is_refused(site):
    alice, mallory = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    alice_page = alice.get(site.lookup.url).content.decode()
    alice_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', alice_page).group(1)
    mallory.get(site.lookup.url)
    assert mallory.post(site.lookup.url, {"csrfmiddlewaretoken": alice_token, "code": "x", "query_code": "y"}).status_code == 403


# --- rate limits -------------------------------------------------------------------------------------------


def test_lookups_are_rate_limited_and_a_forged_forwarded_for_does_not_reset_the_count(site, cases, settings):
    settings.ZONGZHI_PUBLIC_RATE_LIMITS = {"lookup": (3, 600), "lookup_failure": (50, 900)}
    settings.ZONGZHI_TRUSTED_PROXY_COUNT = 0
    case = cases.make("吴六", stage="registered")
    attacker = Client()
    for n in range(3):
        response = attacker.post(site.lookup.url, {"code": case.code, "query_code": "WRONG000"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        assert response.status_code == 200
    for n in range(3, 6):
        response = attacker.post(site.lookup.url, {"code": case.code, "query_code": case.query_code}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        assert response.status_code == 429
        assert response.context.get("result") is None


def test_behind_one_trusted_proxy_only_the_address_it_appended_counts(site, cases, settings):
    settings.ZONGZHI_PUBLIC_RATE_LIMITS = {"lookup": (2, 600), "lookup_failure": (50, 900)}
    settings.ZONGZHI_TRUSTED_PROXY_COUNT = 1
    case = cases.make("郑七", stage="registered")
    data = {"code": case.code, "query_code": "WRONG000"}
    for forged in ("1.1.1.1", "2.2.2.2"):  # the client's own X-Forwarded-For entries come first
        assert Client().post(site.lookup.url, data, HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.9").status_code == 200
    assert Client().post(site.lookup.url, data, HTTP_X_FORWARDED_FOR="3.3.3.3, 203.0.113.9").status_code == 429
    assert Client().post(site.lookup.url, data, HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 200


def test_guessing_query_codes_locks_the_lookup_even_for_the_right_pair(site, cases, settings):
    settings.ZONGZHI_PUBLIC_RATE_LIMITS = {"lookup": (100, 600), "lookup_failure": (3, 900)}
    case = cases.make("冯八", stage="registered")
    guesser = Client()
    for n in range(3):
        guesser.post(site.lookup.url, {"code": case.code, "query_code": f"GUESS00{n}"})
    response = guesser.post(site.lookup.url, {"code": case.code, "query_code": case.query_code})
    assert response.status_code == 429
    assert response.context.get("result") is None


def test_online_form_posts_are_rate_limited(site, reference, settings):
    settings.ZONGZHI_PUBLIC_RATE_LIMITS = {"online_request_attempt": (3, 3600)}
    flooder = Client()
    statuses = [flooder.post(site.request.url, {"summary": "x"}).status_code for _ in range(5)]
    assert statuses[:3] == [400, 400, 400] and statuses[3:] == [429, 429]


# --- one department cannot reach another's cases --------------------------------------------------------


@pytest.fixture
def departments(center, other_center, reference):
    """甲镇: a case led by 派出所 (police) and one led by 综治办 (office); 乙乡: one case."""
    director = make_staff("director", center=center)
    police = center.departments.get(name="派出所")
    office = center.departments.get(name="综治办")

    def routed(department, summary, who):
        case = services.case_register(
            center=department.center,
            actor=director if department.center == center else other_director,
            intake=make_intake(reference, summary=summary, parties=[party(who)]),
        )
        actor = director if department.center == center else other_director
        services.case_accept(case_id=case.pk, actor=actor, notice_date=services._today())
        services.case_route(case_id=case.pk, actor=actor, lead_department=department)
        return Case.objects.get(pk=case.pk)

    other_director = make_staff("director", center=other_center)
    mine = routed(police, "派出所负责的邻里纠纷", "派出所当事人")
    theirs = routed(office, "综治办负责的机密事项", "综治办当事人")
    elsewhere = routed(other_center.departments.get(name="派出所"), "乙乡的案件", "乙乡当事人")
    officer = make_staff("department", department=police)
    client = Client()
    client.force_login(officer)
    return {"client": client, "officer": officer, "mine": mine, "theirs": theirs, "elsewhere": elsewhere}


def _not_reachable(response, case):
    return response.status_code in (302, 403, 404) and case.summary not in response.content.decode()


def test_guessed_case_urls_of_another_department_or_center_are_not_found(departments):
    client, mine = departments["client"], departments["mine"]
    assert client.get(f"/admin/governance/cases/{mine.pk}/").status_code == 200
    for case in (departments["theirs"], departments["elsewhere"]):
        party_pk = case.parties.first().pk
        for url in (
            f"/admin/governance/cases/{case.pk}/",
            f"/admin/governance/cases/{case.pk}/edit/",
            f"/admin/governance/case/edit/{case.pk}/",
            f"/admin/governance/case/inspect/{case.pk}/",
            f"/admin/governance/case/delete/{case.pk}/",
        ):
            assert _not_reachable(client.get(url), case), url
        for action in ("start", "return", "resolve", "mediate"):
            response = client.post(f"/admin/governance/cases/{case.pk}/do/{action}/", {"reason": "x"})
            assert _not_reachable(response, case), action
        assert client.post(f"/admin/governance/cases/party/{party_pk}/reveal/").status_code in (403, 404)
        assert Case.objects.get(pk=case.pk).version == case.version


def test_the_case_list_and_its_search_show_only_the_departments_cases(departments):
    client = departments["client"]
    listed = list(client.get("/admin/governance/case/").context["object_list"])
    assert listed == [departments["mine"]]
    for case in (departments["theirs"], departments["elsewhere"]):
        for query in (case.code, case.summary[:6]):
            found = client.get("/admin/governance/case/", {"q": query})
            assert list(found.context["object_list"]) == []


def test_an_export_holds_only_the_departments_cases_and_is_audited(departments, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.LEDGER_JOB_RUNNER = "inline"
    client = departments["client"]
    response = client.get("/admin/ledgers/disputes/export/", {"go": "1", "resource": "0", "format": "1"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    body = "\n".join(",".join(row) for row in rows)
    assert departments["mine"].summary in body
    assert departments["theirs"].summary not in body and departments["elsewhere"].summary not in body
    event = AuditEvent.objects.filter(action="export").latest("pk")
    assert event.actor == departments["officer"] and event.data["rows"] == 1


def test_the_api_serves_no_case_data(departments, site):
    client = departments["client"]  # even logged in
    assert client.get("/api/v2/cases/").status_code == 404
    for url in ("/api/v2/pages/?limit=20", "/api/v2/documents/", "/api/v2/images/", f"/api/v2/pages/{site.board.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for case in (departments["mine"], departments["theirs"], departments["elsewhere"]):
            assert case.summary not in body and case.code not in body, url


def test_the_lobby_socket_carries_no_case_of_any_department(departments, center):
    screen = LobbyScreen.objects.create(center=center, name="大厅", slug="hall", layout=[("figures", {}), ("results", {"count": 6})])
    payload = json.dumps(lobby_selectors.snapshot(screen), ensure_ascii=False)
    for case in (departments["mine"], departments["theirs"], departments["elsewhere"]):
        assert case.summary not in payload and case.code not in payload
        assert case.parties.first().name not in payload
    # The consumer never looks at who is connected: it serves the same public snapshot to anyone.
    consumer = (ROOT / "governance" / "consumers.py").read_text(encoding="utf-8")
    assert 'scope["user"]' not in consumer and 'scope.get("user")' not in consumer
