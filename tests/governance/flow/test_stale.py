"""governance.flow.stale: the signed snapshot (what it holds, whose it is), which forms it guards,
and what a refusal does to a form."""

import pytest
from django import forms
from django.core import signing

from governance.flow import stale
from governance.flow.table import StaleEdit
from governance.forms.cases import CaseDetailsForm, ReasonForm
from governance.models import Case
from governance.services import cases as services
from tests.factories import VALID_ID_NUMBER, VALID_PHONE, make_staff, reference, register  # noqa: F401  (fixtures)
from tests.governance.org import director, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(town, director, reference):
    return register(town, director, reference, summary="原来的摘要", place="村西")


def payload(token):
    return signing.loads(token, salt="governance.flow.stale")


def test_the_snapshot_holds_the_watched_fields_of_that_record(case):
    token = stale.snapshot(case)

    values = payload(token)["values"]
    assert (values["summary"], values["place"], values["status"], values["category"]) == ("原来的摘要", "村西", "registered", case.category_id)
    assert "query_code" not in values
    assert payload(token)["record"] == f"governance.case:{case.pk}"


def test_id_numbers_and_phones_are_kept_masked_with_a_digest_that_tells_a_change():
    phone = stale._encode("phone", VALID_PHONE)
    id_number = stale._encode("id_number", VALID_ID_NUMBER)

    assert VALID_PHONE not in str(phone) and VALID_ID_NUMBER not in str(id_number)
    assert phone["masked"] == "138****5678"
    assert stale._encode("phone", VALID_PHONE) == phone
    assert stale._encode("phone", "13900001111") != phone


def test_a_form_without_a_version_is_left_alone(case):
    class NoVersion(forms.Form):
        text = forms.CharField()

    form = stale.protect(NoVersion(), case)

    assert stale.SNAPSHOT not in form.fields


def test_a_bound_form_keeps_the_snapshot_it_was_submitted_with(case):
    opened = stale.snapshot(case)

    form = stale.protect(ReasonForm({"version": case.version, "reason": "x", stale.SNAPSHOT: opened}, case=case), case)

    assert form[stale.SNAPSHOT].value() == opened


def test_a_snapshot_of_another_record_lists_nothing(case, town, director, reference):
    other = register(town, director, reference)
    form = stale.protect(CaseDetailsForm({"version": case.version, stale.SNAPSHOT: stale.snapshot(other)}, instance=case), case, edits=True)
    form.is_valid()
    services.case_update_details(case_id=case.pk, actor=director, expected_version=case.version, summary="新的摘要")

    stale.refused(form, StaleEdit("stale"))

    assert form.stale.changes == ()
    assert form.data["version"] == str(Case.objects.get(pk=case.pk).version)
    assert form.non_field_errors() == ["stale"]


def test_an_unguarded_form_only_gets_the_message(case):
    form = ReasonForm({"version": case.version, "reason": "x"}, case=case)
    form.is_valid()

    stale.refused(form, StaleEdit("stale"))

    assert (form.non_field_errors(), getattr(form, "stale", None)) == (["stale"], None)
