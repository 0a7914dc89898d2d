"""The starter unit kinds and the checklist of the internal security system (plan, section 三(二)):
edited afterwards in the admin."""

from django.db import migrations

KINDS = [
    ("enterprise", "企业"),
    ("school", "学校"),
    ("kindergarten", "幼儿园"),
    ("hospital", "医院"),
    ("government", "机关事业单位"),
    ("finance", "金融网点"),
    ("market", "集贸市场"),
    ("hazardous", "危化品单位"),
    ("other", "其他"),
]

ITEMS = [
    ("gate", "门卫制度", "门卫值守，外来人员、车辆登记核查", "《企业事业单位内部治安保卫条例》第六条"),
    ("duty", "值班巡逻", "落实值班制度，定时巡查并有记录", "《企业事业单位内部治安保卫条例》第六条"),
    ("fire", "消防设施", "消防器材配置齐全、在有效期内，疏散通道和安全出口畅通", "《中华人民共和国消防法》第十六条"),
    ("key_parts", "重点部位", "确定治安保卫重点部位，设置必要的技防物防设施", "《企业事业单位内部治安保卫条例》第十三条"),
    ("organisation", "治安保卫组织", "设立治安保卫机构或配备专（兼）职治安保卫人员", "《企业事业单位内部治安保卫条例》第七条"),
    ("cash_goods", "财物与危险物品管理", "现金、票据、危险物品的存放和领用有制度、有台账", "《企业事业单位内部治安保卫条例》第六条"),
    ("tech", "技防设施", "视频监控、报警装置运行正常，录像保存不少于30日", "《企业事业单位内部治安保卫条例》第十三条"),
    ("training", "安全教育与演练", "定期开展治安防范教育和应急演练", "《企业事业单位内部治安保卫条例》第六条"),
    ("records", "检查台账", "内部治安保卫检查有记录，隐患整改有跟踪", "《企业事业单位内部治安保卫条例》第六条"),
]


def add_defaults(apps, schema_editor):
    UnitKind = apps.get_model("units", "UnitKind")
    ChecklistItem = apps.get_model("units", "ChecklistItem")
    for order, (code, name) in enumerate(KINDS):
        UnitKind.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    for order, (code, name, requirement, basis) in enumerate(ITEMS):
        ChecklistItem.objects.get_or_create(code=code, defaults={"name": name, "requirement": requirement, "basis": basis, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
