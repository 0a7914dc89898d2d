"""Demo data of the community prevention plans and technical prevention points in each demo center:
a plan of the current year for every village (most approved, one submitted, one still a draft) with
milestones in every state (confirmed on time, reported done, sent back, open with progress, one
owned by the 派出所), and six technical prevention points (working, checked, faulty, removed).

Everything goes through the services (timeline rows). Idempotent: a center that already has plans
is skipped. The village workstation reports on its own village's milestones where the demo has its
reporter (东村, 南岭村); elsewhere the center reports on the workstation's behalf.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from governance.models import Center
from governance.plans.models import CommunityPlan, TechKind
from governance.plans.services import common, techpoints
from governance.plans.services import plans as services

# center slug → (director, workstation reporter and its village, plan states by village)
DEMO = {
    "shifan": ("shifan_director", ("shifan_dongcun", "东村"), {"东村": "approved", "西村": "approved", "新华社区": "submitted"}),
    "heping": ("heping_director", ("heping_nanling", "南岭村"), {"南岭村": "approved", "北坡村": "approved", "和平社区": "draft"}),
}

MEASURES = (
    "1. 落实网格员每日巡查，重点时段开展治安巡逻；\n"
    "2. 完善村（社区）视频监控和一键报警点位，确保完好率；\n"
    "3. 每季度开展矛盾纠纷和治安隐患排查；\n"
    "4. 组织平安志愿者参与群防群治，开展防诈骗宣传。"
)

# (title, owner is the police station, due month/day)
MILESTONES = [
    ("完成本村治安形势研判和重点人员摸排", False, (3, 31)),
    ("新增并联网视频监控点位", True, (6, 30)),
    ("开展防电信诈骗入户宣传", False, (8, 31)),
    ("组织平安志愿者夜间巡逻不少于十次", False, (11, 30)),
]

# (village index, kind code, location, installed days ago, what happens)
POINTS = [
    (0, "camera", "村委会门前广场", 900, "checked"),
    (1, "camera", "村口桥头", 700, "working"),
    (0, "alarm", "村卫生室", 400, "working"),
    (1, "intrusion", "粮库", 1200, "removed"),
    (1, "camera", "学校门口", 500, "faulty"),
    (2, "fire_sensor", "老年活动中心", 200, "checked"),
]


def load_demo_plans():
    created = 0
    users = get_user_model().objects
    for slug, (director_name, (reporter_name, reporter_village), states) in DEMO.items():
        center = Center.objects.filter(slug=slug).first()
        director = users.filter(username=director_name).first()
        if center is None or director is None or CommunityPlan.objects.filter(center=center).exists():
            continue
        reporter = users.filter(username=reporter_name).first()
        created += _load_plans(center, director, reporter, reporter_village, states)
        created += _load_points(center, director)
    return created


def _load_plans(center, director, reporter, reporter_village, states):
    today = common.today()
    year = today.year
    police = center.departments.filter(name="派出所").first()
    made = 0
    for village in center.workstations.filter(name__in=states).order_by("name"):
        data = services.PlanData(
            measures=MEASURES, responsible_people=f"{village.contact_person or '村党支部书记'}—村（社区）党支部书记\n网格员—治安信息员"
        )
        plan = services.plan_create(center=center, actor=director, village_id=village.pk, year=year, data=data)
        milestones = []
        for title, by_police, (month, day) in MILESTONES:
            owner = police.pk if by_police and police else None
            milestone_data = services.MilestoneData(title=title, due_date=date(year, month, day), owner_department_id=owner)
            milestones.append(services.milestone_add(plan_id=plan.pk, actor=director, data=milestone_data))
        made += 1 + len(milestones)
        state = states[village.name]
        if state == "draft":
            continue
        services.plan_move(pk=plan.pk, action="submit", actor=director)
        if state == "submitted":
            continue
        services.plan_move(pk=plan.pk, action="approve", actor=director)
        owner = reporter if reporter is not None and village.name == reporter_village else director
        _work(milestones, director, owner, today)
    return made


def _done_on(milestone, today):
    return min(milestone.due_date - timedelta(days=5), today)


def _work(milestones, director, owner, today):
    first, police_work, leaflets, patrols = milestones
    # Confirmed on time.
    services.milestone_move(pk=first.pk, action="report", actor=owner, done_on=_done_on(first, today), reason="已完成摸排，形成研判报告。")
    services.milestone_move(pk=first.pk, action="confirm", actor=director)
    # Reported done by the police station's work, waiting for the center.
    services.milestone_move(
        pk=police_work.pk, action="report", actor=director, done_on=_done_on(police_work, today), reason="新增点位4个，已接入平台。"
    )
    # Reported, then sent back for evidence.
    services.milestone_move(pk=leaflets.pk, action="report", actor=owner, done_on=_done_on(leaflets, today), reason="已发放宣传单。")
    services.milestone_move(pk=leaflets.pk, action="send_back", actor=director, reason="请补充入户宣传台账和照片。")
    # Still open, with progress.
    services.milestone_move(pk=patrols.pk, action="progress", actor=owner, reason="已组织夜间巡逻3次。")


def _load_points(center, director):
    today = common.today()
    villages = list(center.workstations.order_by("name"))
    kinds = {k.code: k for k in TechKind.objects.all()}
    for index, code, location, days, fate in POINTS:
        data = techpoints.PointData(
            village_id=villages[index % len(villages)].pk, kind_id=kinds[code].pk, location=location, installed_on=today - timedelta(days=days)
        )
        point = techpoints.point_create(center=center, actor=director, data=data)
        if fate == "checked":
            techpoints.point_move(pk=point.pk, action="check", actor=director, reason="例行检查，运行正常。")
        elif fate == "faulty":
            techpoints.point_move(pk=point.pk, action="fault", actor=director, reason="画面无信号，已报修。")
        elif fate == "removed":
            techpoints.point_move(pk=point.pk, action="remove", actor=director, reason="粮库搬迁，设备拆除。")
    return len(POINTS)
