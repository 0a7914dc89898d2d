"""The starter team kinds (plan, section 三(二)): edited afterwards in the admin."""

from django.db import migrations

KINDS = [
    ("patrol", "专职巡控队伍", False),
    ("volunteer", "平安志愿者", True),
    ("village_guard", "护村队", False),
    ("unit_security", "单位治安防控队伍", False),
    ("campus_guard", "校园护卫", False),
]


def add_kinds(apps, schema_editor):
    TeamKind = apps.get_model("prevention", "TeamKind")
    for order, (code, name, volunteer) in enumerate(KINDS):
        TeamKind.objects.get_or_create(code=code, defaults={"name": name, "is_volunteer": volunteer, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("prevention", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
