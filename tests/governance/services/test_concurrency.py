"""Case codes under concurrent registration: the counter row lock gives consecutive, distinct codes."""

import threading
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from governance.models import Case, CaseCodeCounter
from governance.services import cases as services
from governance.services.cases import format_case_code
from tests.factories import CenterFactory, clock, make_intake, make_staff, reference  # noqa: F401  (fixtures)

TODAY = date(2026, 9, 28)


def register_concurrently(center, director, intakes):
    """Each thread registers one case on its own connection, all released at once by a barrier."""
    barrier = threading.Barrier(len(intakes))
    codes, errors = [], []
    lock = threading.Lock()

    def worker(intake):
        try:
            actor = get_user_model().objects.get(pk=director.pk)  # a user object per thread (permission cache)
            barrier.wait(timeout=30)
            case = services.case_register(center=center, actor=actor, intake=intake)
            with lock:
                codes.append(case.code)
        except Exception as exc:  # reported below, with the others
            with lock:
                errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(intake,)) for intake in intakes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a registration thread hung"
    return codes, errors


def assert_consecutive_codes(center, codes, errors, n):
    assert errors == []
    assert sorted(codes) == [format_case_code(center, 2026, i) for i in range(1, n + 1)]
    assert sorted(Case.objects.filter(center=center).values_list("sequence", flat=True)) == list(range(1, n + 1))
    assert CaseCodeCounter.objects.get(center=center, year=2026).last == n


@pytest.fixture
def setup(reference, clock):
    clock.today = TODAY
    center = CenterFactory(name="示范镇综治中心", short_name="示范镇", slug="shifan")
    director = make_staff("director", center)
    return center, director, reference


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_get_consecutive_codes_on_postgresql(setup):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of .ci/run")
    center, director, reference = setup
    intakes = [make_intake(reference, summary=f"并发登记 {i}") for i in range(50)]

    codes, errors = register_concurrently(center, director, intakes)

    assert_consecutive_codes(center, codes, errors, 50)


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_consecutive_codes_on_sqlite(setup):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant; PostgreSQL runs the fifty-thread test")
    center, director, reference = setup
    intakes = [make_intake(reference, summary=f"并发登记 {i}") for i in range(10)]

    codes, errors = register_concurrently(center, director, intakes)

    assert_consecutive_codes(center, codes, errors, 10)
