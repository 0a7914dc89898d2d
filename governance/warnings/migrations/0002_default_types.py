"""The county-wide starter list of warning types (editable in the admin afterwards)."""

from django.db import migrations

DEFAULT_TYPES = ["电信网络诈骗", "盗窃", "火灾", "汛期", "防溺水", "道路交通", "极端天气", "其他"]


def add_types(apps, schema_editor):
    WarningType = apps.get_model("warnings", "WarningType")
    for order, name in enumerate(DEFAULT_TYPES):
        if not WarningType.objects.filter(name=name, center__isnull=True).exists():
            WarningType.objects.create(name=name, sort_order=(order + 1) * 10)


class Migration(migrations.Migration):
    dependencies = [("warnings", "0001_initial")]

    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
