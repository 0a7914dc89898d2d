"""On PostgreSQL, the audit tables refuse UPDATE and DELETE (governance.audit_guard); nothing on SQLite."""

from django.db import migrations

TABLES = ("governance_caseevent", "governance_auditevent")

FUNCTION = """
CREATE OR REPLACE FUNCTION zongzhi_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('zongzhi.audit_rewrite', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # no placeholders: RAISE uses % itself
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION zongzhi_audit_append_only()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS zongzhi_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("governance", "0006_audit_actor_snapshot")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
