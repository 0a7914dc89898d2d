"""Aliases: the names a ledger uses for a department, a village (community) workstation or a reference
entry besides its own (former names such as 国土所 for 自然资源所), county-wide or per center. Imports read an alias as its entry;
the preview's mapping step saves a new one. Names, not keys, on both sides: a county-wide alias
applies in every center that has a department of that name."""

from __future__ import annotations

from governance.ledgers import parsing

# Former and common names across the county, the list new installations start from (migration 0002).
COUNTY_ALIASES = {
    "department": {
        "国土所": "自然资源所",
        "国土资源所": "自然资源所",
        "国土资源管理所": "自然资源所",
        "规划国土所": "自然资源所",
        "农办": "农业农村办",
        "农业办": "农业农村办",
        "农业服务中心": "农业农村办",
        "劳动所": "劳动保障所",
        "劳保所": "劳动保障所",
        "人社所": "劳动保障所",
        "综治委": "综治办",
        "综治维稳办": "综治办",
        "维稳办": "综治办",
        "信访室": "信访办",
        "民政所": "民政办",
        "公安派出所": "派出所",
    },
    "category": {
        "婚姻纠纷": "婚姻家庭",
        "家庭纠纷": "婚姻家庭",
        "婚姻家庭纠纷": "婚姻家庭",
        "宅基地纠纷": "房屋宅基地",
        "房屋纠纷": "房屋宅基地",
        "土地纠纷": "山林土地",
        "山林纠纷": "山林土地",
        "劳资纠纷": "劳动争议",
        "拖欠工资": "劳动争议",
        "交通事故": "道路交通事故",
        "征地纠纷": "征地拆迁",
        "拆迁纠纷": "征地拆迁",
        "医患纠纷": "医疗纠纷",
    },
    "outcome": {
        "已调解": "调解成功",
        "调解结案": "调解成功",
        "达成协议": "调解成功",
        "调解不成": "调解不成，引导诉讼",
        "已答复": "已答复办结",
        "整改到位": "已整改",
        "已销号": "已整改",
    },
    "source": {
        "群众来访": "来访",
        "电话": "来电",
        "12345热线": "来电",
        "上级转办": "上级交办",
        "网络": "网上",
        "排查": "排查发现",
        "村（社区）上报": "工作站上报",
    },
    # The three kinds of the 信访工作条例, as ledgers shorten them (migration 0003).
    "petition_kind": {
        "建议": "建议意见",
        "意见建议": "建议意见",
        "检举": "检举控告",
        "控告": "检举控告",
        "举报": "检举控告",
        "申诉": "申诉求决",
        "求决": "申诉求决",
    },
}

# The import columns whose values aliases name, and the alias kind of each.
ALIAS_KIND_OF = {
    "departments": "department",
    "category": "category",
    "outcome": "outcome",
    "source": "source",
    "workstation": "workstation",
    "petition_kind": "petition_kind",
}


def aliases_for(kind, center_id):
    """{alias: target name} that apply in a center: county-wide ones, then the center's own over them."""
    from django.db.models import Q

    from governance.ledgers.models import ImportAlias

    rows = ImportAlias.objects.filter(Q(center__isnull=True) | Q(center_id=center_id), kind=kind).values_list("center_id", "alias", "target")
    # County-wide first, so that a center's own alias wins.
    return {parsing.normalise_header(alias): target for _center, alias, target in sorted(rows, key=lambda row: row[0] is not None)}


def save_alias(*, center, kind, alias, target, actor):
    """Save (or change) a center's alias, with an audit row; returns it."""
    from django.db import transaction

    from governance.ledgers.models import ImportAlias
    from governance.services.audit import audit

    with transaction.atomic():
        saved, _created = ImportAlias.objects.update_or_create(
            center=center, kind=kind, alias=alias.strip(), defaults={"target": target, "created_by": actor}
        )
        audit("import_alias", actor=actor, center_id=center.pk, kind=kind, alias=saved.alias, target=target)
    return saved
