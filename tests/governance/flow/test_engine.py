"""governance.flow.engine: what every move gets, whichever record it moves."""

import pytest
from django.core.exceptions import ValidationError

from governance.flow import engine
from governance.models import Case
from governance.services.case_lifecycle import CASE
from tests.factories import clock, reference  # noqa: F401  (fixtures)
from tests.governance.org import director, handler, justice, town  # noqa: F401  (fixtures)
from tests.governance.services.test_cases import flow  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_a_move_that_requires_a_reason_is_refused_without_one_whoever_calls(flow, director):
    case = flow.handling()
    with pytest.raises(ValidationError) as error:
        engine.perform(CASE, case.pk, "suspend", director, reason="  ")
    assert "reason" in error.value.message_dict
    assert Case.objects.get(pk=case.pk).status == "handling"


def test_the_batch_form_refuses_a_required_reason_too_and_writes_nothing(flow, director):
    case = flow.handling()
    with pytest.raises(ValidationError):
        engine.perform_batch(CASE, [case.pk], "supervise", director, prepare=lambda records: {r.pk: engine.Step() for r in records})
    assert not Case.objects.get(pk=case.pk).events.filter(action="supervise").exists()


def test_a_stale_version_is_refused_before_anything_is_checked_or_written(flow, director):
    case = flow.handling()
    with pytest.raises(engine.StaleEdit):
        engine.perform(CASE, case.pk, "urge", director, reason="请加快", expected_version=case.version - 1)
    assert Case.objects.get(pk=case.pk).version == case.version
