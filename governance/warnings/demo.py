"""Demo security warnings for every center: current, awaiting publication, a draft, an expired and a
withdrawn one. Everything goes through the services (audit rows, notifications, lobby deltas), each
step "as of" a past day so dates agree. Idempotent: a center that has warnings is skipped."""

from datetime import timedelta

from django.utils import timezone

from governance.models import Center
from governance.services import notifications
from governance.warnings import flow, services
from governance.warnings.models import SecurityWarning, WarningType

# (type, level, title, content, advice, days from today: valid from, valid until, published; final state, villages taken)
DEMO = [
    (
        "电信网络诈骗",
        flow.Level.SERIOUS,
        "警惕冒充客服退款类电信网络诈骗",
        "近期辖区连续发生冒充电商客服、以“商品质量问题退款”为由诱导群众下载会议软件、开启屏幕共享的诈骗案件，已有群众受骗。",
        "凡是自称客服主动联系退款、要求下载陌生软件或共享屏幕的，一律是诈骗；不向任何人透露银行卡密码和短信验证码；拿不准时拨打 96110 或 110 咨询。",
        (-3, 27, -3),
        flow.PUBLISHED,
        0,
    ),
    (
        "防溺水",
        flow.Level.SEVERE,
        "汛后河塘水位上涨，严防中小学生溺水",
        "连日降雨后辖区河道、鱼塘、水库水位明显上涨，部分岸坡松软湿滑，周末和放学后中小学生结伴玩水风险突出。",
        "家长切实履行监护责任，做到“六不”：不私自下水游泳，不擅自与他人结伴游泳，不在无家长或教师带领的情况下游泳，不到无安全设施、无救援人员的水域游泳，不到不熟悉的水域游泳，不熟悉水性的学生不擅自下水施救。各村在危险水域设置警示牌并安排巡查。",
        (-1, 60, -1),
        flow.PUBLISHED,
        2,
    ),
    (
        "火灾",
        flow.Level.GENERAL,
        "秋冬季节农村火灾防范提示",
        "秋冬季节天干物燥，秸秆焚烧、电动车违规充电、取暖用火用电引发的火灾多发。",
        "严禁焚烧秸秆和野外用火；电动自行车不进楼道、不进屋充电；取暖设备远离可燃物，人走断电。",
        (1, 90, None),
        flow.APPROVED,
        0,
    ),
    (
        "盗窃",
        flow.Level.GENERAL,
        "年底防盗提示（草稿）",
        "年底外出务工人员返乡，入室盗窃、盗窃农用物资案件易发。",
        "外出锁好门窗，贵重物品不放家中，发现可疑人员及时报告。",
        (0, 45, None),
        flow.DRAFT,
        1,
    ),
    (
        "汛期",
        flow.Level.SEVERE,
        "主汛期强降雨防范预警",
        "气象部门预报近期有持续强降雨，沿河低洼地段可能发生内涝，山区村组存在山洪和地质灾害风险。",
        "低洼地带群众提前转移贵重物品；不在河道、沟渠边停留；发现险情立即向村委会和中心报告。",
        (-45, -10, -45),
        flow.EXPIRED,
        2,
    ),
    (
        "极端天气",
        flow.Level.SERIOUS,
        "大风降温天气安全提示",
        "预计未来三天有大风降温天气，最低气温降至零下。",
        "加固大棚和临时搭建物，关好门窗，注意取暖安全。",
        (-20, -5, -20),
        flow.WITHDRAWN,
        0,
    ),
]


def _as_of(day):
    from governance.institutions.demo import as_of

    return as_of(day)


def _actors(center):
    directors = notifications.center_directors(center.pk)
    staff = [u for u in notifications.center_staff_with(center.pk, flow.ADD) if u not in directors]
    director = directors[0] if directors else None
    return (staff[0] if staff else director), director


def load_center(center):
    if SecurityWarning.objects.filter(center=center).exists():
        return 0
    drafter, director = _actors(center)
    if drafter is None or director is None:
        return 0
    today = timezone.localdate()
    villages = list(center.workstations.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    created = 0
    for type_name, level, title, content, advice, (start, end, published), state, village_count in DEMO:
        kind = WarningType.objects.get(name=type_name, center__isnull=True)
        day = today + timedelta(days=min(start, published if published is not None else start, 0) - 1)
        data = services.WarningData(
            kind.pk, level, title, content, advice, today + timedelta(days=start), today + timedelta(days=end), villages[:village_count]
        )
        with _as_of(day):
            warning = services.warning_create(center=center, actor=drafter, data=data)
        created += 1
        if state == flow.DRAFT:
            continue
        with _as_of(day):
            services.warning_approve(pk=warning.pk, actor=director)
        if state == flow.APPROVED:
            continue
        with _as_of(today + timedelta(days=published)):
            services.warning_publish(pk=warning.pk, actor=director)
        if state == flow.WITHDRAWN:
            with _as_of(today + timedelta(days=published + 1)):
                services.warning_withdraw(pk=warning.pk, actor=director, reason="气象部门已解除大风预警。")
    services.expire_due(today)
    return created


def load_demo_warnings():
    return sum(load_center(center) for center in Center.objects.order_by("pk"))
