"""The analysis screens per role: the list, generating a draft, editing, the moves, the PDF; another
center's analysis answers 404; the county reads every center's but has no move."""

import pytest
from django.urls import reverse

from governance.analysis.models import SituationAnalysis
from governance.institutions import pdf
from governance.institutions.models import MeetingTask
from tests.governance.analysis.conftest import TODAY

pytestmark = pytest.mark.django_db

INDEX = reverse("analysis_situationanalysis_modeladmin_index")
CREATE = reverse("analysis_situationanalysis_modeladmin_create")


def _refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def _page(pk, name="analysis_analysis", *args):
    return reverse(name, args=[pk, *args])


def test_staff_generate_edit_attach_and_submit_then_the_director_approves(client, staff, director, town, meeting, records):
    client.force_login(staff)
    response = client.post(CREATE, {"period_kind": "month", "day": TODAY.isoformat()})
    analysis = SituationAnalysis.objects.get()
    assert response.status_code == 302 and response.url == _page(analysis.pk)
    page = client.get(response.url).content.decode()
    assert "甲镇2026年11月治安形势分析" in page and "甲村" in page
    assert _page(analysis.pk, "analysis_analysis_move", "approve") not in page

    police = town.departments.get(name="派出所")
    form = {
        "overview": "本月治安形势总体平稳。",
        "features": "纠纷集中在甲村。",
        "version": analysis.version,
        "opinions-TOTAL_FORMS": "2",
        "opinions-INITIAL_FORMS": "0",
        "opinions-0-text": "在甲村组织夜间巡逻。",
        "opinions-0-owner": police.pk,
        "opinions-0-deadline": "2026-12-10",
    }
    assert client.post(_page(analysis.pk, "analysis_analysis_edit"), form).status_code == 302
    analysis.refresh_from_db()
    assert analysis.overview == "本月治安形势总体平稳。" and analysis.opinions.count() == 1
    move = _page(analysis.pk, "analysis_analysis_move", "attach")
    assert meeting.title in client.get(move).content.decode()
    assert client.post(move, {"meeting": meeting.pk, "version": analysis.version}).status_code == 302
    analysis.refresh_from_db()
    assert client.post(_page(analysis.pk, "analysis_analysis_move", "submit"), {"version": analysis.version}).status_code == 302
    analysis.refresh_from_db()
    assert _refused(client.get(_page(analysis.pk, "analysis_analysis_move", "approve")))

    client.force_login(director)
    assert client.post(_page(analysis.pk, "analysis_analysis_move", "approve"), {"version": analysis.version}).status_code == 302
    assert SituationAnalysis.objects.get().status == "approved"
    assert MeetingTask.objects.get(meeting=meeting).decision == "在甲村组织夜间巡逻。"
    assert "在甲村组织夜间巡逻。" in client.get(_page(analysis.pk)).content.decode()


def test_the_edit_form_shows_chinese_errors(client, staff, make_analysis):
    analysis = make_analysis("draft")
    client.force_login(staff)
    form = {"overview": "", "version": analysis.version, "opinions-TOTAL_FORMS": "0", "opinions-INITIAL_FORMS": "0"}
    response = client.post(_page(analysis.pk, "analysis_analysis_edit"), form)
    assert response.status_code == 200 and "必需字段" in response.content.decode()


def test_who_sees_the_list_and_the_page(client, make_analysis, director, staff, police, reporter, county_user, other_director):
    analysis = make_analysis("draft")
    for user in (director, staff, county_user):
        client.force_login(user)
        assert analysis.title in client.get(INDEX).content.decode()
        assert client.get(_page(analysis.pk)).status_code == 200
    for user in (police, reporter):
        client.force_login(user)
        assert _refused(client.get(INDEX))
        assert client.get(_page(analysis.pk)).status_code == 404
    client.force_login(other_director)
    assert analysis.title not in client.get(INDEX).content.decode()
    for name, args in (
        ("analysis_analysis", ()),
        ("analysis_analysis_edit", ()),
        ("analysis_analysis_pdf", ()),
        ("analysis_analysis_move", ("submit",)),
    ):
        assert client.get(_page(analysis.pk, name, *args)).status_code == 404


def test_the_county_reads_but_cannot_act(client, make_analysis, county_user):
    analysis = make_analysis("submitted")
    client.force_login(county_user)
    page = client.get(_page(analysis.pk)).content.decode()
    assert _page(analysis.pk, "analysis_analysis_move", "approve") not in page
    assert _refused(client.get(_page(analysis.pk, "analysis_analysis_move", "approve")))
    assert _refused(client.get(_page(analysis.pk, "analysis_analysis_edit")))
    assert _refused(client.get(CREATE))


def test_an_approved_analysis_is_no_longer_edited(client, make_analysis, staff):
    analysis = make_analysis("approved")
    client.force_login(staff)
    assert _refused(client.get(_page(analysis.pk, "analysis_analysis_edit")))
    response = client.get(_page(analysis.pk, "analysis_analysis_move", "submit"))
    assert response.status_code == 302 and response.url == _page(analysis.pk)
    assert client.get(_page(analysis.pk, "analysis_analysis_move", "nonsense")).status_code == 404


def test_the_pdf_is_a_pdf_with_the_figures(client, make_analysis, director, monkeypatch):
    analysis = make_analysis("approved")
    client.force_login(director)
    response = client.get(_page(analysis.pk, "analysis_analysis_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: html.encode("utf-8"))
    html = client.get(_page(analysis.pk, "analysis_analysis_pdf")).content.decode()
    assert "形势概述" in html and "针对性工作意见" in html and "按村（社区）" in html and "甲村" in html and "在甲村组织夜间巡逻。" in html
    assert "未定稿" not in html
