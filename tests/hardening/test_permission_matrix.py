"""Every role sees exactly what it should: every URL pattern of the project, requested as every demo
role on its own record, a record of the same center but another department, and another center's
record, compared with the one expected-access table (tests/hardening/access_table.py).

GET first; a pattern that answers 405 (POST only) gets a POST without data, inside a savepoint that
is rolled back, and must not change a record unless the table says so. An answer of 200 must not
show a case code the role may not see. The demo county is shared with the other modules that need it
(tests/demo_county.py).

Two economies, neither of which changes what is decided: documents are not set as PDF here (the view
decides access before it renders; the document's HTML is still rendered and is what the answer
carries, so a code it may not show is caught; the PDFs themselves are tested in
tests/governance/institutions/test_pdf.py), and an anonymous visitor asks for one target only (A, B
and C differ by their relation to the user's center and department, and a visitor has neither).
"""

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client

from governance.institutions import pdf
from pages.models import CenterHomePage, OnlineRequestPage
from tests.hardening import access_table as table
from tests.hardening.matrix_targets import TARGETS, Records, demo_user, parameters, project_patterns, url_of

pytestmark = pytest.mark.django_db

# Records whose rows may be written by a refused request (the security audit, sessions, rate limits).
UNWATCHED = {"auditevent", "caseview"}
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(scope="module")
def demo(_demo_county_load, django_db_blocker):
    # On the shared demo county (tests/demo_county.py); the targets are rolled back after the module.
    with django_db_blocker.unblock(), transaction.atomic():
        records = Records()
        records.pages = {
            "A": OnlineRequestPage.objects.descendant_of(CenterHomePage.objects.get(center=records.shifan)).first().pk,
            "C": OnlineRequestPage.objects.descendant_of(CenterHomePage.objects.get(center=records.heping)).first().pk,
        }
        records.pages["B"] = records.pages["A"]
        records.kinds["page"] = records.pages
        yield records
        transaction.set_rollback(True)


def test_every_url_pattern_has_an_entry_in_the_access_table():
    patterns = project_patterns()
    missing = sorted(key for key in patterns if key not in table.RULES)
    assert not missing, "URL patterns with no entry in tests/hardening/access_table.py:\n  " + "\n  ".join(missing)
    stale = sorted(key for key in table.RULES if key not in patterns)
    assert not stale, "access_table.py entries for URL patterns that no longer exist:\n  " + "\n  ".join(stale)


def _values(rule, records, target):
    values = dict(rule.params)
    kind = rule.kind
    records_of = records.kinds.get(kind) if kind else None
    if kind and records_of is None:
        records_of = records.model_targets(*kind.split(".")) if "." in kind else None
    for name in ("pk", "instance_pk"):
        if records_of is not None:
            values.setdefault(name, records_of[target])
    values.setdefault("service_id", records.model_targets("governance", "queueservice")[target])
    values.setdefault("window_id", records.model_targets("governance", "receptionwindow")[target])
    values.setdefault("evidence_pk", records.kinds["evidence"][target])
    values.setdefault("page_id", records.pages[target])
    values.setdefault("parent_page_id", records.pages[target])
    return values


def _watched_models():
    """Every concrete model of the project's record apps (everything under governance/)."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("governance.") and model._meta.model_name not in UNWATCHED and not model._meta.proxy
    ]


def _fingerprint():
    """Counts, largest ids and version sums of every project record: a change shows in one. One
    query (a UNION ALL over the tables): it runs twice for every POST of the matrix."""
    quote = connection.ops.quote_name
    parts, labels = [], []
    for model in _watched_models():
        has_version = any(field.column == "version" for field in model._meta.concrete_fields)
        version = f"SUM({quote('version')})" if has_version else "0"
        parts.append(f"SELECT %s, COUNT(*), MAX({quote(model._meta.pk.column)}), {version} FROM {quote(model._meta.db_table)}")
        labels.append(model._meta.label)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), labels)
        return sorted(cursor.fetchall())


def _refused(response, role, url):
    """403, 404, or a redirect elsewhere: Wagtail sends a refused user back (to the login page, the
    dashboard or the record's page) with a message. A refused POST must not change anything: the
    caller checks that."""
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        location = response.headers.get("Location", "")
        return location.split("?")[0] != url.split("?")[0] and (role != "anonymous" or "login" in location)
    return False


def _request(client, rule, url, role):
    """One request; POST (rolled back) when the pattern refuses GET. Returns (response, method, changed)."""
    response = client.get(url)
    if response.status_code != 405:
        return response, "GET", False
    with transaction.atomic():
        before = _fingerprint()
        response = client.post(url)
        changed = _fingerprint() != before
        transaction.set_rollback(True)
    return response, "POST", changed


@pytest.fixture
def documents_as_html(monkeypatch):
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: html.encode("utf-8"))


@pytest.mark.parametrize("role", table.ROLES)
def test_each_role_reaches_exactly_its_records(demo, role, documents_as_html):
    client = Client()
    if role != "anonymous":
        client.force_login(demo_user(table.USERNAMES[role]))
    forbidden = demo.forbidden_codes(role)
    problems = []
    for key, pattern in sorted(project_patterns().items()):
        rule = table.RULES[key]
        targets = ("A" if role == "anonymous" else TARGETS) if rule.kind else "-"
        for target in targets:
            values = _values(rule, demo, target if target != "-" else "A")
            url = (
                rule.path(demo, target) if callable(rule.path) else url_of(pattern.route, {name: values[name] for name in parameters(pattern.route)})
            )
            response, method, changed = _request(client, rule, url, role)
            allowed = rule.allows(role, target)
            status = response.status_code
            where = f"{key} [{target}] {method} {url} as {role}: {status}"
            if status >= 500:
                problems.append(f"{where}: server error")
            elif allowed and status not in rule.ok:
                problems.append(f"{where}: expected one of {sorted(rule.ok)}")
            elif not allowed and not _refused(response, role, url):
                problems.append(f"{where}: expected a refusal")
            if changed and not (allowed and rule.post_changes):
                problems.append(f"{where}: a POST without data changed a record")
            if status == 200 and url.startswith("/admin/") and forbidden and not getattr(response, "streaming", False):
                text = response.content.decode("utf-8", "replace")
                leaked = [code for code in forbidden if code and code in text]
                if leaked:
                    problems.append(f"{where}: shows case codes it may not see: {leaked[:3]}")
    assert not problems, f"{len(problems)} mismatches with tests/hardening/access_table.py:\n" + "\n".join(problems)
