"""Usernames are unique whatever their letter case, in the database too: two managers creating
"Zhang" and "zhang" at the same moment both pass the form's check; the index refuses the second."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("governance", "0009_center_accounts_permission"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE UNIQUE INDEX governance_username_ci ON auth_user (lower(username))",
            reverse_sql="DROP INDEX governance_username_ci",
        ),
    ]
