"""governance.views.case_documents: the registration receipt (also as a window-envelope letter), the
notices of acceptance and of non-acceptance, who may print them, the timeline entry of each print,
and the query code on the case page (governance.access.may_see_query_code).

The PDFs are read back with pdftotext (tests.governance.institutions.test_pdf's helpers and its
check that weasyprint and poppler-utils are there; the fonts are the project's own).
"""

import re
import subprocess
from datetime import date

import pytest
from wagtail.models import Page, Site

from governance import access
from governance.models import CaseEvent
from governance.services import cases as services
from pages.models import CenterHomePage, PortalHomePage, ProgressLookupPage
from tests.factories import (  # noqa: F401  (fixtures)
    WorkstationFactory,
    clock,
    make_staff,
    party,
    reference,
    register,
)
from tests.governance.institutions.test_pdf import assert_project_fonts_only, pdf_text, pdf_tools  # noqa: F401  (pdf_tools: autouse fixture)
from tests.governance.org import director, handler, justice, other_town, police, staff, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 28)
REMEDY = "依照《信访工作条例》，所反映事项依法应当通过诉讼、仲裁、行政复议等法定途径解决的"
MM = 72 / 25.4  # PDF points per millimetre


def document_url(case, kind):
    return f"/admin/governance/cases/{case.pk}/print/{kind}/"


def inspect_url(case):
    return f"/admin/governance/cases/{case.pk}/"


def prints(case):
    return list(CaseEvent.objects.filter(case=case, action="print").values_list("data", flat=True))


@pytest.fixture
def frozen(clock):
    clock.today = TODAY
    return clock


@pytest.fixture
def case(town, director, reference, frozen):
    town.phone, town.address = "0571-88886666", "示范镇人民路1号"
    town.save()
    applicant = party("张三", address="示范镇东村3组12号")
    return register(town, director, reference, source="letter", received_on=TODAY, parties=[applicant, party("李四", role="respondent")])


@pytest.fixture
def accepted(case, director):
    return services.case_accept(case_id=case.pk, actor=director, notice_date=TODAY)


@pytest.fixture
def rejected(case, director):
    return services.case_reject(case_id=case.pk, actor=director, reason="所反映事项已由人民法院立案审理。", notice_date=TODAY)


@pytest.fixture
def lookup_page(town):
    """示范镇's public site with its progress lookup page."""
    root = Page.get_first_root_node()
    portal = root.add_child(instance=PortalHomePage(title="测试县综治中心门户", slug="portal"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "zongzhi.example.cn", "port": 80, "root_page": portal})
    home = portal.add_child(instance=CenterHomePage(title=town.name, slug=town.slug, center=town))
    return home.add_child(instance=ProgressLookupPage(title="进度查询", slug="progress"))


def download(client, user, case, kind, tmp_path):
    client.force_login(user)
    response = client.get(document_url(case, kind))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert_project_fonts_only(response.content, tmp_path, expected=("Zongzhi-Song", "Zongzhi-Hei"))
    return pdf_text(response.content, tmp_path)


# --- who sees the query code ------------------------------------------------------------------


def test_query_code_is_for_the_front_desk_of_the_cases_own_center(case, director, staff, handler, other_town, town):
    case.lead_department = handler.staff_profile.department
    reception = make_staff("reception", town)
    assert access.may_see_query_code(director, case)
    assert access.may_see_query_code(staff, case)
    assert access.may_see_query_code(reception, case)
    assert not access.may_see_query_code(handler, case)  # the lead department's officer
    assert not access.may_see_query_code(make_staff("director", other_town), case)
    assert not access.may_see_query_code(make_staff("county"), case)
    assert not access.may_see_query_code(make_staff("workstation", workstation=_workstation(town)), case)
    assert not access.may_see_query_code(make_staff(None, town), case)  # center profile, no permissions


def _workstation(center):
    return WorkstationFactory(center=center)


def test_inspect_page_shows_the_query_code_and_print_buttons_to_center_staff(client, staff, accepted):
    client.force_login(staff)
    html = client.get(inspect_url(accepted)).content.decode()

    assert accepted.query_code in html
    assert document_url(accepted, "receipt") in html
    assert document_url(accepted, "receipt-letter") in html
    assert document_url(accepted, "acceptance") in html
    assert document_url(accepted, "non-acceptance") not in html


def test_inspect_page_offers_the_notice_of_non_acceptance_for_a_rejected_case(client, director, rejected):
    client.force_login(director)
    html = client.get(inspect_url(rejected)).content.decode()

    assert document_url(rejected, "non-acceptance") in html
    assert document_url(rejected, "acceptance") not in html


def test_inspect_page_hides_the_query_code_and_buttons_from_the_lead_department(client, director, handler, justice, accepted):
    routed = services.case_route(case_id=accepted.pk, actor=director, lead_department=justice)
    client.force_login(handler)
    response = client.get(inspect_url(routed))

    assert response.status_code == 200
    html = response.content.decode()
    assert routed.code in html
    assert routed.query_code not in html
    assert "/print/" not in html


def test_registration_message_links_to_the_receipt(client, director, reference, frozen):
    from tests.governance.views.test_case_views import registration_data

    client.force_login(director)
    response = client.post("/admin/governance/cases/register/", registration_data(reference, received_on=TODAY.isoformat()), follow=True)

    case = response.context["case"]
    html = response.content.decode()
    assert f'href="{document_url(case, "receipt")}"' in html.split('class="messages"', 1)[1].split("</ul>", 1)[0]


# --- the documents ------------------------------------------------------------------------------


def test_receipt_has_the_codes_the_center_and_where_to_look_progress_up(client, staff, case, lookup_page, tmp_path):
    text = download(client, staff, case, "receipt", tmp_path)

    for expected in ("登记回执", case.code, case.query_code, "示范镇综治中心", "0571-88886666", "2026年9月28日", "来信", "张三", "盖章处"):
        assert expected in text, expected
    # On the host the clerk reached the portal by (the Site record says zongzhi.example.cn).
    assert "http://testserver/shifan/progress/" in text
    assert "进度查询页面" in text


def test_receipt_without_a_lookup_page_names_the_site_and_the_lookup_section(client, staff, case, tmp_path):
    text = download(client, staff, case, "receipt", tmp_path)

    assert case.code in text and case.query_code in text
    assert "http://testserver/" in text and "“进度查询”栏目" in text


def test_receipt_is_there_for_every_intake_channel(client, director, town, reference, frozen, tmp_path):
    for source in ("walk_in", "phone", "online", "assigned"):
        case = register(town, director, reference, source=source, received_on=TODAY)
        text = download(client, director, case, "receipt", tmp_path)
        assert case.code in text and case.query_code in text, source


def test_letter_receipt_puts_the_applicant_in_the_envelope_window(client, staff, case, tmp_path):
    client.force_login(staff)
    response = client.get(document_url(case, "receipt-letter"))
    assert response.status_code == 200
    assert_project_fonts_only(response.content, tmp_path, expected=("Zongzhi-Song", "Zongzhi-Hei"))
    text = pdf_text(response.content, tmp_path)
    for expected in ("登记回执", case.code, case.query_code, "示范镇综治中心", "盖章处"):
        assert expected in text, expected

    # ISO/DIN window: 20 mm from the left edge, 45–90 mm from the top, 85 mm wide.
    words = word_boxes(response.content, tmp_path)
    for word in ("示范镇东村3组12号", "张三"):
        x_min, y_min, x_max, y_max = next(box for text, box in words if text.startswith(word))
        assert 19 * MM <= x_min <= 25 * MM, (word, x_min / MM)
        assert 45 * MM <= y_min and y_max <= 90 * MM, (word, y_min / MM, y_max / MM)
        assert x_max <= 105 * MM, (word, x_max / MM)
    page_width, page_height = page_size(response.content, tmp_path)
    assert round(page_width / MM) == 210 and round(page_height / MM) == 297


def word_boxes(data, tmp_path):
    """[(word, (xMin, yMin, xMax, yMax))] of the first page, in points from the top-left corner."""
    path = tmp_path / "boxes.pdf"
    path.write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, check=True).stdout.decode()
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(word, tuple(float(v) for v in box)) for *box, word in re.findall(pattern, html)]


def page_size(data, tmp_path):
    path = tmp_path / "size.pdf"
    path.write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, check=True).stdout.decode()
    width, height = re.search(r'<page width="([\d.]+)" height="([\d.]+)">', html).groups()
    return float(width), float(height)


def test_notice_of_acceptance_for_an_accepted_case(client, director, accepted, tmp_path):
    text = download(client, director, accepted, "acceptance", tmp_path)

    for expected in ("受理告知书", accepted.code, accepted.query_code, "示范镇综治中心", "决定予以受理", "张三", "盖章处"):
        assert expected in text, expected
    assert "不予受理" not in text


def test_notice_of_non_acceptance_gives_the_reason_and_the_remedy(client, director, rejected, tmp_path):
    text = download(client, director, rejected, "non-acceptance", tmp_path)

    for expected in ("不予受理告知书", rejected.code, rejected.query_code, "示范镇综治中心", "所反映事项已由人民法院立案审理。", REMEDY, "盖章处"):
        assert expected in text, expected


@pytest.mark.parametrize(
    ("state", "kind"),
    [("registered", "acceptance"), ("registered", "non-acceptance"), ("accepted", "non-acceptance"), ("rejected", "acceptance")],
)
def test_a_notice_that_does_not_fit_the_state_is_not_found(client, director, case, state, kind):
    if state == "accepted":
        services.case_accept(case_id=case.pk, actor=director, notice_date=TODAY)
    elif state == "rejected":
        services.case_reject(case_id=case.pk, actor=director, reason="不属于本中心职责。", notice_date=TODAY)
    client.force_login(director)

    assert client.get(document_url(case, kind)).status_code == 404
    assert prints(case) == []


def test_unknown_document_is_not_found(client, director, case):
    client.force_login(director)
    assert client.get(document_url(case, "certificate")).status_code == 404


# --- who may print, and the timeline ------------------------------------------------------------


def refused(response):
    """PermissionDenied (403): Wagtail's admin turns it into a redirect to the dashboard with its message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_each_download_writes_one_print_entry_on_the_timeline(client, director, accepted, tmp_path):
    download(client, director, accepted, "receipt", tmp_path)
    download(client, director, accepted, "acceptance", tmp_path)
    download(client, director, accepted, "receipt", tmp_path)

    events = CaseEvent.objects.filter(case=accepted, action="print").order_by("pk")
    assert [e.data for e in events] == [{"document": "receipt"}, {"document": "acceptance"}, {"document": "receipt"}]
    assert {e.actor for e in events} == {director}
    assert {e.to_status for e in events} == {"accepted"}
    assert [e.reason for e in events] == ["登记回执", "受理告知书", "登记回执"]


def test_lead_department_officer_may_see_the_case_but_not_print(client, director, handler, justice, accepted):
    routed = services.case_route(case_id=accepted.pk, actor=director, lead_department=justice)
    client.force_login(handler)

    for kind in ("receipt", "receipt-letter", "acceptance"):
        assert refused(client.get(document_url(routed, kind))), kind
    assert prints(routed) == []


def test_officer_of_another_department_and_another_center_get_not_found(client, director, police, other_town, justice, accepted):
    routed = services.case_route(case_id=accepted.pk, actor=director, lead_department=justice)
    for outsider in (make_staff("department", department=police), make_staff("director", other_town)):
        client.force_login(outsider)
        assert client.get(document_url(routed, "receipt")).status_code == 404
    assert prints(routed) == []


def test_workstation_user_may_not_print(client, director, town, reference, frozen):
    station = _workstation(town)
    case = register(town, director, reference, workstation_id=station.pk)
    client.force_login(make_staff("workstation", workstation=station))

    assert client.get(inspect_url(case)).status_code == 200
    assert refused(client.get(document_url(case, "receipt")))
    assert prints(case) == []


def test_missing_pdf_toolchain_is_told_in_chinese_and_not_logged(client, director, case, monkeypatch):
    from governance.institutions import pdf

    def unavailable(*args, **kwargs):
        raise pdf.PdfUnavailable("PDF 输出需要 weasyprint")

    monkeypatch.setattr("governance.institutions.views.common.render_pdf", unavailable)
    client.force_login(director)
    response = client.get(document_url(case, "receipt"))

    assert response.status_code == 302 and response["Location"] == inspect_url(case)
    assert prints(case) == []
