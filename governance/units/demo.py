"""Demo data of unit internal security in each demo center: eight units (schools, a health centre, a
bank branch, enterprises, a market, a filling station…) with their security leads' phones, and three
checks: one all compliant, one with findings of which one became an issued rectification notice to
the 派出所, and a draft.

Everything goes through the services (timeline rows, notice numbering). Idempotent: a center that
already has units is skipped.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model

from governance.institutions.services.notices import NoticeData
from governance.models import Center
from governance.rules.credit_code import make_credit_code
from governance.units.models import ChecklistItem, CheckResult, UnitKind
from governance.units.services import checks, common, units

COMPLIANT, NOT_COMPLIANT, NOT_APPLICABLE = CheckResult.Result.COMPLIANT, CheckResult.Result.NON_COMPLIANT, CheckResult.Result.NOT_APPLICABLE

# center slug → (director username, inspectors, units: (kind code, name, village or "", address, lead, phone, key unit, code prefix))
DEMO = {
    "shifan": (
        "shifan_director",
        "刘志强、陈海军",
        [
            ("school", "示范镇中心小学", "新华社区", "示范镇新华路18号", "高文军", "13904596101", True, "12230602"),
            ("hospital", "示范镇卫生院", "新华社区", "示范镇健康街6号", "邵丽娟", "13904596102", True, "12230602"),
            ("finance", "示范镇农村信用社营业部", "", "示范镇人民大街32号", "钱志远", "13904596103", True, "91230602"),
            ("kindergarten", "示范镇中心幼儿园", "新华社区", "示范镇新华路22号", "田春梅", "13904596104", True, "52230602"),
            ("hazardous", "示范镇新华加油站", "新华社区", "示范镇环城路3号", "韩立新", "13904596105", True, "91230602"),
            ("enterprise", "东村粮食加工厂", "东村", "东村二组", "郑大勇", "13904596106", False, "91230602"),
            ("enterprise", "西村建材有限公司", "西村", "西村村委会东200米", "冯宝山", "", False, "91230602"),
            ("market", "示范镇集贸市场", "", "示范镇商业街", "何玉兰", "13904596108", False, "91230602"),
        ],
    ),
    "heping": (
        "heping_director",
        "孙国庆、赵永刚",
        [
            ("school", "和平乡中心学校", "和平社区", "和平乡文化路1号", "曹志明", "13804597101", True, "12230603"),
            ("hospital", "和平乡卫生院", "和平社区", "和平乡卫生路5号", "彭秀云", "13804597102", True, "12230603"),
            ("finance", "和平乡邮政储蓄网点", "和平社区", "和平乡正阳街12号", "于海波", "13804597103", True, "91230603"),
            ("hazardous", "和平乡液化气站", "北坡村", "北坡村东侧公路旁", "潘建国", "13804597104", True, "91230603"),
            ("enterprise", "南岭村米业合作社", "南岭村", "南岭村三组", "袁德胜", "13804597105", False, "93230603"),
            ("enterprise", "北坡村砖厂", "北坡村", "北坡村北山脚", "蒋富贵", "", False, "91230603"),
            ("government", "和平乡敬老院", "和平社区", "和平乡福寿路8号", "沈桂琴", "13804597107", False, "12230603"),
            ("market", "和平乡农贸市场", "和平社区", "和平乡正阳街", "韦长林", "13804597108", False, "91230603"),
        ],
    ),
}

# (days ago, unit index, findings, {item code: (result, note)}, complete?, the item turned into a notice)
CHECKS = [
    (20, 0, "各项内部治安保卫制度落实到位。", {}, True, None),
    (
        9,
        1,
        "消防器材部分过期，监控录像保存时间不足。",
        {"fire": (NOT_COMPLIANT, "药房走廊灭火器3具已过期"), "tech": (NOT_COMPLIANT, "监控录像仅保存7天"), "cash_goods": (NOT_APPLICABLE, "")},
        True,
        "fire",
    ),
    (
        2,
        7,
        "市场夜间无人值守，门卫登记缺失。",
        {"gate": (NOT_COMPLIANT, "夜间无门卫，外来车辆未登记"), "key_parts": (NOT_APPLICABLE, "")},
        False,
        None,
    ),
]


def _code(prefix, seed):
    return make_credit_code(f"{prefix}{seed:08d}X"[:17])


def load_demo_units():
    created = 0
    for slug, (username, inspectors, unit_rows) in DEMO.items():
        center = Center.objects.filter(slug=slug).first()
        director = get_user_model().objects.filter(username=username).first()
        if center is None or director is None or center.security_units.exists():
            continue
        created += _load_center(center, director, inspectors, unit_rows)
    return created


def _load_center(center, director, inspectors, unit_rows):
    kinds = {k.code: k.pk for k in UnitKind.objects.all()}
    villages = {w.name: w.pk for w in center.workstations.all()}
    made = []
    for seed, (kind, name, village, address, lead, phone, key, prefix) in enumerate(unit_rows, start=center.pk * 100 + 1):
        data = units.UnitData(
            kind_id=kinds[kind],
            name=name,
            address=address,
            lead_name=lead,
            lead_phone=phone,
            credit_code=_code(prefix, seed * 7919),
            village_id=villages.get(village),
            is_key=key,
        )
        made.append(units.unit_create(center=center, actor=director, data=data))
    items = list(ChecklistItem.objects.filter(is_active=True))
    today = common.today()
    police = center.departments.filter(name="派出所").first()
    for days, index, findings, special, complete, to_notice in CHECKS:
        results = [checks.ResultData(item.pk, *special.get(item.code, (COMPLIANT, ""))) for item in items]
        data = checks.CheckData(
            unit_id=made[index].pk, check_date=today - timedelta(days=days), inspectors=inspectors, findings=findings, results=results
        )
        check = checks.check_create(center=center, actor=director, data=data)
        if complete:
            checks.check_move(pk=check.pk, action="complete", actor=director)
        if to_notice and police is not None:
            result = check.results.get(item__code=to_notice)
            notice = NoticeData(
                recipient_id=police.pk,
                deadline=today + timedelta(days=20),
                funds="单位自筹，约600元",
                contingency_plan="整改完成前每日专人巡查，临时调配备用灭火器。",
                **checks.notice_defaults(result),
            )
            checks.result_to_notice(result_id=result.pk, actor=director, data=notice)
    return len(made) + len(CHECKS)
