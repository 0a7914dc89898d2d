"""New registrations tell the center's staff as InstitutionSettings.notify_new_cases says: nobody, the
staff who accept cases, or all the center's own staff; never the clerk who registered the case.
Desk registrations, online requests and workstation reports all go through case_register."""

from datetime import date

import pytest

from governance.institutions.models import InstitutionSettings
from governance.institutions.services import screening
from governance.models import Notification
from tests.factories import DepartmentFactory, WorkstationFactory, clock, make_intake, make_staff, reference, register  # noqa: F401  (fixtures)
from tests.governance.org import director, other_town, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

ALL = {"director", "staff", "reception"}
ACCEPTORS = {"director", "staff"}


@pytest.fixture
def people(town, other_town, director):
    """The center's director, staff and reception clerk; a department handler, a workstation
    reporter and another center's director, who are never told."""
    return {
        "director": director,
        "staff": make_staff("staff", town, username="staff"),
        "reception": make_staff("reception", town, username="reception"),
        "handler": make_staff("department", department=DepartmentFactory(center=town), username="handler"),
        "reporter": make_staff("workstation", workstation=WorkstationFactory(center=town), username="reporter"),
        "outsider": make_staff("director", other_town, username="outsider"),
    }


def told(case):
    return set(Notification.objects.filter(case=case, kind="new_case").values_list("recipient__username", flat=True))


def configure(center, choice):
    if choice is not None:
        InstitutionSettings.objects.create(center=center, notify_new_cases=choice)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (None, ACCEPTORS),  # no settings row: the default (staff who accept cases)
        ("acceptors", ACCEPTORS),
        ("all_staff", ALL),
        ("nobody", set()),
    ],
)
@pytest.mark.parametrize("clerk", ["reception", "staff"])
def test_desk_registration_tells_whom_the_setting_says_but_not_the_clerk(town, people, reference, clock, choice, expected, clerk):
    configure(town, choice)

    case = register(town, people[clerk], reference)

    assert told(case) == expected - {clerk}


@pytest.mark.parametrize(("choice", "expected"), [("acceptors", ACCEPTORS), ("all_staff", ALL), ("nobody", set())])
def test_a_registration_without_a_clerk_online_tells_whom_the_setting_says(town, people, reference, clock, choice, expected):
    from governance.services import cases as services

    configure(town, choice)

    case = services.case_register(center=town, actor=None, intake=make_intake(reference, source="online"), source_note="Submitted online")

    assert told(case) == expected
    note = Notification.objects.filter(case=case, kind="new_case").first()
    if note is not None:
        assert case.code in note.title
        assert "张三" not in note.title + note.body  # no personal data in the notice


@pytest.mark.parametrize(("choice", "expected"), [("acceptors", ACCEPTORS), ("all_staff", ALL), ("nobody", set())])
def test_workstation_report_items_tell_whom_the_setting_says(town, people, reference, clock, choice, expected):
    configure(town, choice)
    clock.today = date(2026, 9, 28)

    report = screening.screening_file(
        workstation=people["reporter"].staff_profile.workstation,
        actor=people["reporter"],
        period_start=date(2026, 9, 16),
        items=[screening.ItemData(kind="dispute", category_id=reference.pk("category", "neighbour"), summary="两户因排水沟堵塞发生口角。")],
    )

    (case,) = [item.case for item in report.items.all()]
    assert told(case) == expected
