"""Demo cases at every stage of the lifecycle, created through the services (so with audit rows).

Idempotent: a center that already has cases gets none. The parties are fictional but carry names,
ID numbers and phones, so that a leak onto a public surface would show.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.models import Case, Department, FollowUp, Party, ReferenceItem, ReferenceKind
from governance.rules.identity import id_check_digit
from governance.services import cases as services

# (kind, category, source, how far along, summary, place, people, parties[, options]); options:
# "private" marks the case 不公开, "petition_kind" overrides the petitions' claim (申诉求决),
# "publish": False leaves a resolved case not cleared for the board.
DEMO_CASES = [
    (
        "dispute",
        "neighbour",
        "walk_in",
        "archived",
        "两户村民因院墙滴水问题发生争执，要求调解。",
        "东头组",
        2,
        [("张建华", "13800138001"), ("李国强", "13900139002")],
    ),
    (
        "dispute",
        "homestead",
        "walk_in",
        "visited",
        "宅基地界址不清，双方对围墙位置有争议。",
        "西头组",
        2,
        [("王秀英", "13700137003"), ("赵德明", "13600136004")],
    ),
    (
        "dispute",
        "marriage",
        "phone",
        "fed_back",
        "夫妻因子女抚养问题发生矛盾，女方请求调解。",
        "新华社区",
        2,
        [("刘芳", "13500135005"), ("陈伟", "13400134006")],
    ),
    ("petition", "labour", "letter", "handling", "十二名务工人员反映工程款拖欠，请求协调支付工资。", "镇工业园", 12, [("孙立军", "13300133007")]),
    (
        "dispute",
        "traffic",
        "referred",
        "routed",
        "农用车与电动车剐蹭，双方对赔偿金额有分歧。",
        "乡道路口",
        2,
        [("周强", "13200132008"), ("吴磊", "13100131009")],
    ),
    ("hazard", "safety", "screening", "accepted", "村口桥梁护栏缺失，存在安全隐患。", "村口桥", 1, [("郑小红", "15800158010")]),
    ("petition", "contract", "online", "registered", "反映土地流转合同到期后租金未按约定支付。", "北片", 3, [("冯春生", "15900159011")]),
    # Results for the public board (公示牌): the workstation is the index modulo the number of
    # workstations, so two villages get three published results each (shown by name) and the
    # first only two (shown as the township); an optional last element sets what must stay off it.
    (
        "dispute",
        "homestead",
        "walk_in",
        "resolved",
        "两户因翻建房屋占用宅基地界址发生争执，要求重新确认四至。",
        "后街组",
        2,
        [("何桂兰", "13800138012"), ("马永福", "13900139013")],
    ),
    ("dispute", "property", "phone", "fed_back", "业主与物业公司因停车收费标准发生纠纷。", "新华小区", 6, [("高志明", "13700137014")]),
    (
        "dispute",
        "neighbour",
        "workstation",
        "visited",
        "邻居在公共通道堆放柴草，影响通行和消防安全。",
        "东头组",
        2,
        [("朱玉珍", "13600136015"), ("胡长青", "13500135016")],
    ),
    (
        "dispute",
        "marriage",
        "walk_in",
        "archived",
        "离婚后子女探望时间发生争议，双方请求调解。",
        "南街",
        2,
        [("林秀梅", "13400134017"), ("郭振华", "13300133018")],
        {"private": True},
    ),
    (
        "petition",
        "other",
        "letter",
        "fed_back",
        "检举某村干部在低保评定中优亲厚友。",
        "村委会",
        1,
        [("罗德胜", "13200132019")],
        {"petition_kind": "accusation"},
    ),
    (
        "dispute",
        "consumer",
        "walk_in",
        "resolved",
        "购买的农资化肥质量有问题，与经销商协商赔偿未果。",
        "农资店",
        1,
        [("梁春花", "13100131020")],
        {"publish": False},
    ),
    (
        "dispute",
        "damages",
        "referred",
        "fed_back",
        "家养的狗咬伤路人，双方对医疗费赔偿金额有分歧。",
        "西头组",
        2,
        [("宋金山", "15800158021"), ("谢兰英", "15900159022")],
    ),
    ("dispute", "labour", "walk_in", "archived", "农忙季节雇工工钱结算发生争议。", "东头组", 3, [("韩国庆", "15000150023")]),
]

STAGES = ["registered", "accepted", "routed", "handling", "resolved", "fed_back", "visited", "archived"]


def _id_number(seed):
    first17 = f"110105{1960 + seed % 30}0{1 + seed % 9}1{seed % 10}{100 + seed:03d}"[:17]
    return first17 + id_check_digit(first17)


def _ref(kind, code):
    return ReferenceItem.objects.get(kind=kind, code=code, center__isnull=True)


def load_demo_cases(center, usernames):
    """Create the demo cases for one center unless it has cases already; returns how many."""
    if Case.objects.filter(center=center).exists():
        return 0
    User = get_user_model()
    users = {role: User.objects.get(username=name) for role, name in usernames.items()}
    today = timezone.localdate()
    created = 0
    for index, (kind, category, source, stage, summary, place, people, parties, *extra) in enumerate(DEMO_CASES):
        options = extra[0] if extra else {}
        petition_kind = options.get("petition_kind", "claim")
        intake = services.Intake(
            kind=kind,
            source_id=_ref(ReferenceKind.SOURCE, source).pk,
            category_id=_ref(ReferenceKind.CATEGORY, category).pk,
            petition_kind_id=_ref(ReferenceKind.PETITION_KIND, petition_kind).pk if kind == "petition" else None,
            is_private=options.get("private", False),
            summary=summary,
            place=place,
            people_count=people,
            received_on=today - timedelta(days=3 + index),
            workstation_id=center.workstations.order_by("pk").values_list("pk", flat=True)[index % center.workstations.count()],
            parties=[
                services.PartyData(
                    name=name,
                    phone=phone,
                    id_number=_id_number(index * 3 + n),
                    address=f"{center.short_name}{place}",
                    role=Party.Role.APPLICANT if n == 0 else Party.Role.RESPONDENT,
                )
                for n, (name, phone) in enumerate(parties)
            ],
        )
        case = services.case_register(center=center, actor=users["reception"], intake=intake)
        created += 1
        _advance(case, STAGES.index(stage), center, users, today, publish=options.get("publish", True))
    return created


def _advance(case, upto, center, users, today, publish=True):
    director, handler = users["director"], users.get("handler", users["director"])
    steps = [
        lambda: services.case_accept(case_id=case.pk, actor=director, notice_date=today),
        lambda: services.case_route(case_id=case.pk, actor=director, lead_department=_lead(center, handler), responsible_person="值班调解员"),
        lambda: services.case_start(case_id=case.pk, actor=_actor_for(case, handler, director)),
        lambda: _mediate_and_resolve(case, _actor_for(case, handler, director), today),
        lambda: services.case_feedback(case_id=case.pk, actor=_actor_for(case, handler, director), told_on=today),
        lambda: services.case_follow_up(case_id=case.pk, actor=director, result=FollowUp.Result.SATISFIED, note="当事人表示满意。"),
        lambda: services.case_archive(case_id=case.pk, actor=director, archive_number=f"{case.code}-归", retention_years=10),
    ]
    for number, step in enumerate(steps[:upto], start=1):
        step()
        if number == STAGES.index("resolved") and publish:  # resolved demo cases are cleared for the public board
            services.case_update_details(case_id=case.pk, actor=director, expected_version=Case.objects.get(pk=case.pk).version, publishable=True)


def _lead(center, handler):
    department_id = getattr(getattr(handler, "staff_profile", None), "department_id", None)
    return Department.objects.get(pk=department_id) if department_id else center.departments.first()


def _actor_for(case, handler, director):
    case.refresh_from_db()
    profile = getattr(handler, "staff_profile", None)
    return handler if profile and profile.department_id == case.lead_department_id else director


def _mediate_and_resolve(case, actor, today):
    services.case_record_mediation(
        case_id=case.pk,
        actor=actor,
        held_on=today,
        mediation_type=_ref(ReferenceKind.MEDIATION_TYPE, "people"),
        mediator="人民调解员",
        parties_present="双方当事人",
        result="经释法说理，双方达成一致。",
        agreement_reached=True,
        agreement_text="双方同意按协议履行，互不追究。",
    )
    services.case_resolve(case_id=case.pk, actor=actor, outcome=_ref(ReferenceKind.OUTCOME, "mediated"), note="双方达成调解协议并当场履行。")
