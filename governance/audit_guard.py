"""The audit tables (CaseEvent, AuditEvent) are append-only. On PostgreSQL a trigger (migration
governance 0007) refuses every UPDATE and DELETE of their rows, from the application or anyone
else connected as its role, unless the transaction has set `zongzhi.audit_rewrite` to "on".

`rewriting_audit()` sets it for one transaction. It exists for test set-up (back-dating a row,
emptying a test database of cases) and a documented maintenance step; the application never calls
it (tests/governance/test_audit_trail.py fails if code outside this module does). It is a guard
against mistakes and casual tampering, not against the database owner, who can drop the trigger.
SQLite has no trigger: there the rule is kept by the code alone.
"""

from contextlib import contextmanager

from django.db import connections, transaction

SETTING = "zongzhi.audit_rewrite"


def _set(connection, value):
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, value])


@contextmanager
def rewriting_audit(using="default"):
    """Allow UPDATE and DELETE of audit rows inside this block (one transaction)."""
    connection = connections[using]
    with transaction.atomic(using=using):
        postgres = connection.vendor == "postgresql"
        if postgres:
            _set(connection, "on")
        try:
            yield
        finally:
            if postgres:
                _set(connection, "off")
