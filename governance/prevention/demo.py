"""Demo data of the 群防群治 network in each demo center: two teams (a 专职巡控队伍 and a 平安志愿者
team) with members whose ID numbers and phones are filled (fictional, valid in shape), four patrols
of the last weeks (three reviewed, one waiting), and one finding registered as a hazard case.

Everything goes through the services (timeline rows, case registration). Idempotent: a center
that already has teams is skipped. Small on purpose: the demo loads in several test modules.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from governance.models import Center, ReferenceItem, ReferenceKind
from governance.prevention.models import Team, TeamKind
from governance.prevention.services import common, patrols, teams
from governance.rules.identity import id_check_digit

# center slug → (director username, two villages, the teams: (kind code, name, leader, members))
DEMO = {
    "shifan": (
        "shifan_director",
        ("东村", "西村"),
        [
            (
                "patrol",
                "示范镇专职巡防队",
                "刘志强",
                [("刘志强", "leader", "13904591201"), ("陈海军", "member", "13904591202"), ("马晓东", "member", "")],
            ),
            ("volunteer", "示范镇平安志愿者服务队", "王丽华", [("王丽华", "leader", "13604592301"), ("张桂芳", "member", "13604592302")]),
        ],
    ),
    "heping": (
        "heping_director",
        ("南岭村", "北坡村"),
        [
            ("patrol", "和平乡专职巡控队", "孙国庆", [("孙国庆", "leader", "13804593401"), ("赵永刚", "member", "13804593402")]),
            ("village_guard", "南岭村护村队", "周德明", [("周德明", "leader", "15004594501"), ("吴建新", "member", "")]),
        ],
    ),
}


def _id_number(seed):
    first17 = f"230602{1970 + seed % 30}{(seed % 12) + 1:02d}{(seed % 27) + 1:02d}{seed % 1000:03d}"
    return first17 + id_check_digit(first17)


def load_demo_prevention():
    created = 0
    for slug, (username, village_names, team_rows) in DEMO.items():
        center = Center.objects.filter(slug=slug).first()
        director = get_user_model().objects.filter(username=username).first()
        if center is None or director is None or Team.objects.filter(center=center).exists():
            continue
        created += _load_center(center, director, village_names, team_rows)
    return created


def _load_center(center, director, village_names, team_rows):
    villages = list(center.workstations.filter(name__in=village_names).order_by("name"))
    kinds = {k.code: k for k in TeamKind.objects.all()}
    made = []
    seed = center.pk * 37
    for code, name, leader, members in team_rows:
        data = teams.TeamData(
            kind_id=kinds[code].pk,
            name=name,
            leader=leader,
            area_note="镇区主干道及村屯" if code == "patrol" else "",
            equipment="巡逻车1辆、对讲机4部、强光手电6把" if code == "patrol" else "红袖标、宣传单",
            village_ids=[v.pk for v in villages],
        )
        team = teams.team_create(center=center, actor=director, data=data)
        for member_name, role, phone in members:
            seed += 1
            teams.member_add(team=team, actor=director, data=teams.MemberData(name=member_name, id_number=_id_number(seed), phone=phone, role=role))
        made.append(team)
    today = common.today()
    backbone, base = made
    plan = [
        (17, [backbone], "镇区主干道—集贸市场", 4, "1.5", [], "reviewed"),
        (10, [backbone, base], "沿村屯道路联防巡逻", 6, "2.0", [("hazard", "村口变压器围栏破损，存在触电隐患", "村口变压器旁")], "reviewed"),
        (5, [base], "学校周边护学岗", 3, "1.0", [], "reviewed"),
        (1, [backbone], "夜间巡逻：镇区商铺", 4, "3.0", [("other", "两家商铺未锁卷帘门，已提醒店主", "商业街")], "recorded"),
    ]
    for days, patrol_teams, route, people, hours, found, state in plan:
        participants = [m.pk for t in patrol_teams for m in t.members.all()][:people]
        data = patrols.PatrolData(
            patrol_date=today - timedelta(days=days),
            start_time=time(19, 0) if days == 1 else time(8, 30),
            end_time=time(22, 0) if days == 1 else time(10, 30),
            team_ids=[t.pk for t in patrol_teams],
            route=route,
            people_count=people,
            hours=Decimal(hours),
            summary="按计划完成巡逻。",
            village_ids=[villages[0].pk],
            participant_ids=participants,
            findings=[patrols.FindingData(description=d, kind=k, place=p, village_id=villages[0].pk) for k, d, p in found],
        )
        patrol = patrols.patrol_record(center=center, actor=director, data=data)
        hazard = patrol.findings.filter(kind="hazard").first()
        if hazard is not None:
            category = ReferenceItem.objects.get(kind=ReferenceKind.CATEGORY, code="safety", center__isnull=True)
            patrols.finding_to_case(finding_id=hazard.pk, actor=director, case_kind="hazard", category_id=category.pk, reporter_name=backbone.leader)
        if state == "reviewed":
            patrols.patrol_move(pk=patrol.pk, action="review", actor=director)
    return len(made) + len(plan)
