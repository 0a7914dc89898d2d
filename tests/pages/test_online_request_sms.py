"""The online request's confirmation says the codes were texted only when the SMS backend reports
them sent; otherwise it tells the person to keep them and offers to print them. Earlier cases of
the same person are linked silently."""

import pytest

from governance.models import Case
from governance.services import cases as services
from governance.services import notifications
from pages.intake import send_codes
from tests.factories import VALID_ID_NUMBER, make_intake, make_staff, party
from tests.pages.test_online_request import form_data

pytestmark = pytest.mark.django_db

SENT_WORDING = "这两个号码也已通过短信发送到"
KEEP_WORDING = "未能通过短信发送以上两个编码"


def backend(result):
    class Backend:
        def send(self, phone, text):
            if isinstance(result, Exception):
                raise result
            return result

    return lambda: Backend()


def submit(client, site, reference, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(site.request.url, form_data(client, site, reference))
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_a_sent_text_is_announced_with_the_masked_phone(client, site, reference, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(notifications, "sms_backend", backend(True))

    text = submit(client, site, reference, django_capture_on_commit_callbacks)

    case = Case.objects.get()
    assert case.code in text and case.query_code in text
    assert SENT_WORDING in text and "139****0001" in text
    assert KEEP_WORDING not in text and "data-print" not in text


@pytest.mark.parametrize("result", [False, None, RuntimeError("gateway down")])
def test_an_unsent_text_is_not_claimed_and_the_codes_can_be_printed(client, site, reference, monkeypatch, django_capture_on_commit_callbacks, result):
    monkeypatch.setattr(notifications, "sms_backend", backend(result))

    text = submit(client, site, reference, django_capture_on_commit_callbacks)

    case = Case.objects.get()
    assert case.code in text and case.query_code in text
    assert SENT_WORDING not in text
    assert KEEP_WORDING in text
    assert "data-print" in text and "打印编码" in text and "js/print-button.js" in text
    assert "13912340001" not in text and "139****0001" not in text  # no phone at all then


def test_the_default_logging_backend_reports_nothing_sent(client, site, reference, django_capture_on_commit_callbacks):
    assert notifications.LoggingSmsBackend().send("13912340001", "text") is False

    text = submit(client, site, reference, django_capture_on_commit_callbacks)

    assert KEEP_WORDING in text and SENT_WORDING not in text


def test_send_codes_returns_what_the_backend_reports(center, monkeypatch):
    monkeypatch.setattr(notifications, "sms_backend", backend(True))
    assert send_codes("13912340001", "code", "query", center) is True
    monkeypatch.setattr(notifications, "sms_backend", backend(RuntimeError("down")))
    assert send_codes("13912340001", "code", "query", center) is False


def test_earlier_cases_of_the_same_person_are_linked_without_telling_the_public(
    client, site, center, reference, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(notifications, "sms_backend", backend(True))
    clerk = make_staff("reception", center=center)
    earlier = services.case_register(
        center=center, actor=clerk, intake=make_intake(reference, parties=[party("欧阳翠花", VALID_ID_NUMBER, "13700000000")])
    )

    text = submit(client, site, reference, django_capture_on_commit_callbacks)

    case = Case.objects.exclude(pk=earlier.pk).get()
    assert list(case.earlier_cases.all()) == [earlier]
    assert earlier.code not in text
