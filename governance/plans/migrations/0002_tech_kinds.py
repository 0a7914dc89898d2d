"""The starter kinds of technical prevention points: edited afterwards in the admin."""

from django.db import migrations

KINDS = [
    ("camera", "视频监控"),
    ("alarm", "一键报警"),
    ("intrusion", "入侵报警"),
    ("face_gate", "人脸识别卡口"),
    ("fire_sensor", "烟感报警"),
]


def add_kinds(apps, schema_editor):
    TechKind = apps.get_model("plans", "TechKind")
    for order, (code, name) in enumerate(KINDS):
        TechKind.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
