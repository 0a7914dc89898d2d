"""factory_boy factories and small builders shared by the governance tests.

Focused setup, not the demo fixture: each test builds the center, people and cases it needs.
Reference lists and statutory deadline rules come from `load_reference()` (the same defaults a
production install loads) through the `reference` fixture; tests look items up by their stable code.
Test modules import the fixtures they use from here (`from tests.factories import reference`).
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import factory
import pytest
from factory.django import DjangoModelFactory, Password

from governance.models import Center, DeadlineRule, Department, ReferenceItem, StaffProfile, Workstation
from governance.rules.identity import id_check_digit
from governance.services import cases as services

# GB 11643's own example number: 11010519491231002 has the check character X.
VALID_ID_NUMBER = "11010519491231002X"
BAD_CHECK_DIGIT_ID_NUMBER = "110105194912310021"
VALID_PHONE = "13812345678"


def valid_id_number(first17="11010519491231002"):
    return first17 + id_check_digit(first17)


# --- organisation -------------------------------------------------------------------------------


class CenterFactory(DjangoModelFactory):
    class Meta:
        model = Center

    name = factory.Sequence(lambda n: f"测试{n}镇综治中心")
    short_name = factory.Sequence(lambda n: f"测试{n}镇")
    slug = factory.Sequence(lambda n: f"test-center-{n}")
    phone = "0000-0000000"


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"部门{n}")
    role = Department.Role.LEAD
    sort_order = factory.Sequence(int)


class WorkstationFactory(DjangoModelFactory):
    class Meta:
        model = Workstation

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"测试{n}村")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user-{n}")
    password = Password("test-password")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")


def make_staff(role, center=None, department=None, workstation=None, **user_fields):
    """A user in the role's group with a StaffProfile.

    The center defaults to the department's or workstation's; with none of the three the user is
    county-level (a profile without a center). role=None gives no group.
    """
    from governance.roles import group_for

    if center is None:
        unit = department or workstation
        center = unit.center if unit is not None else None
    user = UserFactory(**user_fields)
    if role:
        user.groups.add(group_for(role))
    StaffProfile.objects.create(user=user, center=center, department=department, workstation=workstation)
    return user


# --- reference data -------------------------------------------------------------------------------


class Reference:
    """County-wide reference entries by code: `reference("category", "neighbour")`."""

    def __call__(self, kind, code):
        return ReferenceItem.objects.get(kind=kind, code=code, center__isnull=True)

    def pk(self, kind, code):
        return self(kind, code).pk

    def rule(self, name):
        return DeadlineRule.objects.get(name=name, center__isnull=True)


@pytest.fixture
def reference(db):
    """Loads the statutory defaults (fixtures/reference.json) and looks entries up by code."""
    from governance.reference_defaults import load_reference

    load_reference()
    return Reference()


# --- a frozen "today" for the services ------------------------------------------------------------


@dataclass
class Clock:
    today: date = date(2026, 9, 28)


@pytest.fixture
def clock(monkeypatch):
    """Freezes governance.services.clock.today; move it with `clock.today = date(...)`."""
    from governance.services import clock as service_clock

    frozen = Clock()
    monkeypatch.setattr(service_clock, "today", lambda: frozen.today)
    return frozen


@dataclass
class LiveSends:
    calls: list = field(default_factory=list)

    def __len__(self):
        return len(self.calls)


@pytest.fixture
def live_sends(monkeypatch):
    """Records governance.live.send_center_refresh(center_id, reason) instead of sending."""
    from governance import live

    sends = LiveSends()
    monkeypatch.setattr(live, "send_center_refresh", lambda center_id, reason: sends.calls.append((center_id, reason)))
    return sends


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """`with committing() as callbacks:` runs the block as if it were its own committed transaction.

    The test's wrapping transaction never commits; this runs the on_commit callbacks registered in
    the block at its end, as a commit would (pytest-django's
    django_capture_on_commit_callbacks(execute=True)). Callbacks registered before the block stay
    pending and never run, and live.schedule_center_refresh deduplicates among the callbacks that
    run, so earlier setup holds nothing back.
    """

    @contextmanager
    def commit():
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            yield callbacks

    return commit


# --- cases -------------------------------------------------------------------------------------------


def party(name="张三", id_number=VALID_ID_NUMBER, phone=VALID_PHONE, address="", role="applicant"):
    return services.PartyData(name=name, id_number=id_number, phone=phone, address=address, role=role)


def make_intake(
    reference,
    *,
    kind="dispute",
    category="neighbour",
    source="walk_in",
    petition_kind=None,
    tier=None,
    received_on=None,
    parties=None,
    summary="两户村民因院墙滴水问题发生争执。",
    **extra,
):
    """An Intake with valid defaults; petitions default to the claim (申诉求决) kind."""
    if kind == "petition" and petition_kind is None:
        petition_kind = "claim"
    return services.Intake(
        kind=kind,
        source_id=reference.pk("source", source),
        category_id=reference.pk("category", category),
        petition_kind_id=reference.pk("petition_kind", petition_kind) if petition_kind else None,
        tier_id=reference.pk("tier", tier) if tier else None,
        summary=summary,
        received_on=received_on or services._today(),
        parties=[party()] if parties is None else parties,
        **extra,
    )


def register(center, actor, reference, **intake_fields):
    return services.case_register(center=center, actor=actor, intake=make_intake(reference, **intake_fields))
