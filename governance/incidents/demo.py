"""Demo data of 联动 in each demo center: a closed incident with a full log (actions, deployments,
reports upward) and its people involved (fictional ID numbers and phones, valid in shape), an open
early sign (苗头), and one key work item with tasks of three departments at different stages.

Everything goes through the services (timeline rows, notifications). Idempotent: a center that
already has incidents is skipped. Small on purpose: the demo loads in several test modules.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.incidents.models import Incident, IncidentPerson
from governance.incidents.services import common, incidents, keywork
from governance.models import Center
from governance.rules.identity import id_check_digit

DEMO = {
    "shifan": {
        "director": "shifan_director",
        "closed": ("新华小区业主聚集讨要停车位", "新华社区", 15, "王副镇长", "民政办"),
        "people": [("李建国", "leader", "13904598801"), ("赵秀英", "representative", "13904598802"), ("孙立民", "participant", "")],
        "sign": ("东村土地流转款发放不满苗头", "东村", 8, "李副书记", "自然资源所", "部分村民在微信群中相约到镇政府反映土地流转款迟发问题。"),
        "work": ("岁末年初矛盾纠纷排查化解专项行动", "综治办", ("派出所", "司法所", "民政办")),
    },
    "heping": {
        "director": "heping_director",
        "closed": ("南岭村征地补偿群体上访", "南岭村", 12, "周副乡长", "农业农村办"),
        "people": [("钱永福", "leader", "13804597701"), ("冯桂兰", "participant", "13804597702")],
        "sign": ("北坡村农民工讨薪苗头", "北坡村", 6, "陈副书记", "司法所", "北坡村六名务工人员反映工程款拖欠，扬言春节前集体讨薪。"),
        "work": ("汛期安全隐患排查整治", "综治办", ("派出所", "农业农村办")),
    },
}


def _id_number(seed):
    first17 = f"230602{1965 + seed % 35}{(seed % 12) + 1:02d}{(seed % 27) + 1:02d}{seed % 1000:03d}"
    return first17 + id_check_digit(first17)


def load_demo_incidents():
    created = 0
    for slug, spec in DEMO.items():
        center = Center.objects.filter(slug=slug).first()
        director = get_user_model().objects.filter(username=spec["director"]).first()
        if center is None or director is None or Incident.objects.filter(center=center).exists():
            continue
        created += _closed_incident(center, director, spec)
        created += _open_sign(center, director, spec)
        created += _key_work(center, director, spec)
    return created


def _department(center, name):
    return center.departments.filter(name=name).first() or center.departments.order_by("pk").first()


def _closed_incident(center, director, spec):
    title, village_name, people, lead, department_name = spec["closed"]
    village = center.workstations.filter(name=village_name).first()
    report = incidents.urgent_reports_for(center).first()
    case = None if report is not None else incidents.group_cases_for(center).first()
    source = "report" if report is not None else ("case" if case is not None else "manual")
    opened = timezone.now().replace(second=0, microsecond=0) - timedelta(days=2, hours=3)
    data = incidents.IncidentData(
        kind=Incident.Kind.GROUP_EVENT,
        title=title,
        summary=(report.summary if report else case.summary if case else title + "，群众情绪激动，现场聚集。"),
        opened_at=opened,
        estimated_people=people,
        lead_official=lead,
        lead_department_id=_department(center, department_name).pk,
        village_ids=[village.pk] if village else [],
        source=source,
        report_id=report.pk if report else None,
        case_id=case.pk if case else None,
    )
    incident = incidents.incident_open(center=center, actor=director, data=data)
    seed = center.pk * 53
    for name, role, phone in spec["people"]:
        seed += 1
        person = incidents.PersonData(name=name, role=role, id_number=_id_number(seed), phone=phone, note="")
        incidents.person_add(incident=incident, actor=director, data=person)
    police, justice = _department(center, "派出所"), _department(center, "司法所")
    log = [
        (10, "action", "中心值班人员赶赴现场，劝导群众推选代表到会议室反映诉求，现场秩序恢复。", (), "", ""),
        (20, "deploy", "统一调配派出所民警维持现场秩序，司法所调解员参与对话。", (police.pk, justice.pk), "中心工作人员2名", ""),
        (35, "report", "电话报告现场情况、涉及人数和已采取的措施。", (), "", "镇党委书记、县委政法委"),
        (90, "action", "召集群众代表与相关单位面对面协商，达成初步解决方案。", (), "", ""),
        (180, "report", "书面报告处置进展，群众已全部劝离，未发生过激行为。", (), "", "县委政法委"),
    ]
    for minutes, kind, content, departments, people_named, reported_to in log:
        incidents.log_add(
            pk=incident.pk,
            actor=director,
            kind=kind,
            occurred_at=opened + timedelta(minutes=minutes),
            content=content,
            department_ids=departments,
            people=people_named,
            reported_to=reported_to,
        )
    incidents.incident_move(pk=incident.pk, action="control", actor=director, reason="群众已劝离，代表接受协商方案，现场恢复正常。")
    report_text = "事件发生后，中心坚持边处理、边稳控、边报告，统一调配派出所、司法所力量，及时劝离聚集群众，组织协商形成解决方案。\n目前诉求已按方案落实，相关人员情绪稳定，未发生次生事件。下一步将落实回访和跟踪稳控责任。"
    incidents.incident_close(pk=incident.pk, actor=director, closing_report=report_text)
    return 1 + len(spec["people"]) + len(log)


def _open_sign(center, director, spec):
    title, village_name, people, lead, department_name, summary = spec["sign"]
    village = center.workstations.filter(name=village_name).first()
    opened = timezone.now().replace(second=0, microsecond=0) - timedelta(hours=5)
    data = incidents.IncidentData(
        kind=Incident.Kind.EARLY_SIGN,
        title=title,
        summary=summary,
        opened_at=opened,
        estimated_people=people,
        lead_official=lead,
        lead_department_id=_department(center, department_name).pk,
        village_ids=[village.pk] if village else [],
    )
    incident = incidents.incident_open(center=center, actor=director, data=data)
    incidents.person_add(
        incident=incident,
        actor=director,
        data=incidents.PersonData(name="周大勇", role=IncidentPerson.Role.LEADER, id_number=_id_number(center.pk * 71), phone="13604596601"),
    )
    incidents.log_add(
        pk=incident.pk,
        actor=director,
        kind="action",
        occurred_at=opened + timedelta(minutes=30),
        content="工作站网格员入户了解情况，做好解释工作。",
    )
    return 3


def _key_work(center, director, spec):
    title, lead_name, cooperating = spec["work"]
    today = common.today()
    lead = _department(center, lead_name)
    others = [d for d in (center.departments.filter(name=name).first() for name in cooperating) if d is not None]
    data = keywork.KeyWorkData(
        title=title,
        description="按照县委政法委部署，集中开展排查化解，做到底数清、情况明、责任实。",
        period_start=today - timedelta(days=20),
        period_end=today + timedelta(days=40),
        lead_department_id=lead.pk,
        cooperating_ids=[d.pk for d in others],
        assigned_people="中心工作人员2名、各村网格员",
    )
    work = keywork.keywork_create(center=center, actor=director, data=data)
    rows = [
        (others[0], "排查辖区重点人员和治安复杂场所，建立工作台账。", 15),
        (others[1 % len(others)], "对排查出的矛盾纠纷逐件落实调解责任人。", 10),
    ]
    rows.append((lead, "汇总各单位进展，每周报中心主任。", 30))
    tasks = [
        keywork.task_add(
            work=work, actor=director, data=keywork.TaskData(owner_id=owner.pk, description=text, assignee="", days=days, unit="working")
        )
        for owner, text, days in rows
    ]
    keywork.task_move(pk=tasks[0].pk, action="progress", actor=director, reason="已排查重点人员12名、复杂场所5处。", progress=60)
    keywork.task_move(pk=tasks[1].pk, action="report", actor=director, reason="排查出的8件纠纷均已落实调解责任人。")
    keywork.task_move(pk=tasks[1].pk, action="confirm", actor=director)
    keywork.keywork_move(pk=work.pk, action="progress", actor=director, reason="专项行动进展顺利，已完成排查阶段任务的六成。")
    return 1 + len(tasks)
