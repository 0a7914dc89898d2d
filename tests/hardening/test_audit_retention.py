"""Audit events are kept at least six months: nothing in the code purges them, and the user they
name cannot be deleted (deactivated instead: the row keeps who it was, governance.admin.users)."""

import re
from pathlib import Path

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from governance.models import AuditEvent
from governance.services.audit import audit

ROOT = Path(__file__).resolve().parents[2]
MIN_RETENTION_DAYS = 183
AUDIT_MODELS = ("AuditEvent", "CaseEvent")


def _source_files():
    for folder in ("governance", "pages", "site", "deploy"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def test_no_code_deletes_audit_rows():
    deleting = re.compile(rf"\b({'|'.join(AUDIT_MODELS)})\.objects\b[^\n]*\.delete\(", re.S)
    offenders = [str(path.relative_to(ROOT)) for path in _source_files() if deleting.search(path.read_text(encoding="utf-8"))]
    assert offenders == [], f"{offenders} delete audit rows: a purge must keep at least {MIN_RETENTION_DAYS} days of them (README, Security)"


@pytest.mark.django_db
def test_audit_rows_outlive_the_user_they_name(center, make_user):
    user = make_user(None, center)  # no role: nothing that a flushing test elsewhere could have removed
    event = audit("export", actor=user, center_id=center.pk, rows=3)
    with pytest.raises(ProtectedError), transaction.atomic():
        user.delete()
    user.is_active = False
    user.save()
    event.refresh_from_db()
    assert (event.actor_id, event.actor_username, event.data) == (user.pk, user.username, {"rows": 3})
    assert AuditEvent.objects.filter(pk=event.pk).exists()
