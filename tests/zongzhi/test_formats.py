"""zongzhi/formats: every <input type="date"> in the project renders its value as ISO and accepts it."""

import re
from datetime import date

import pytest
from django import forms
from django.utils import translation

from governance.forms import cases as case_forms
from governance.institutions import forms as institution_forms
from governance.views.audit import AuditFilterForm

DAY = date(2026, 12, 7)
DATE_INPUT = re.compile(r'<input type="date"[^>]*>')


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _date_inputs(html):
    return DATE_INPUT.findall(html)


@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (institution_forms.HoldForm, "held_on"),  # meeting held
        (institution_forms.ReceiptForm, "received_on"),  # notice received
        (institution_forms.RectifiedForm, "rectified_on"),  # rectified
        (institution_forms.ReinspectForm, "reinspected_on"),  # re-inspection
    ],
)
def test_the_four_institution_forms_show_their_default_date_as_iso(form_class, field, monkeypatch):
    monkeypatch.setattr(institution_forms, "_today", lambda: DAY)
    form = form_class(initial={field: DAY})
    html = str(form[field])
    assert 'value="2026-12-07"' in html, html
    assert "2026/12/07" not in html
    # What the browser sends back is the value it showed.
    bound = form_class(data={field: "2026-12-07"})
    bound.is_valid()
    assert field not in bound.errors
    assert bound.cleaned_data[field] == DAY


def test_a_plain_date_input_without_its_own_format_renders_iso():
    class Any(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), initial=DAY)

    (tag,) = _date_inputs(str(Any()["day"]))
    assert 'value="2026-12-07"' in tag


@pytest.mark.parametrize("typed", ["2026-12-07", "2026/12/07", "2026年12月7日"])
def test_the_other_ways_of_typing_a_date_are_still_accepted(typed):
    field = forms.DateField()
    assert field.clean(typed) == DAY


def test_the_audit_filter_dates_render_iso():
    form = AuditFilterForm(initial={"date_from": DAY, "date_to": DAY})
    inputs = _date_inputs(str(form["date_from"]) + str(form["date_to"]))
    assert len(inputs) == 2
    assert all('value="2026-12-07"' in tag for tag in inputs)


def test_case_form_dates_render_iso():
    field = case_forms.RegistrationForm.base_fields["received_on"]
    assert 'value="2026-12-07"' in field.widget.render("received_on", DAY)
