"""The expected-access table: for every URL pattern of the project, which demo role may open which
record. The one place the permission matrix (test_permission_matrix.py) reads.

Targets (tests/hardening/matrix_targets.py): "A" a 示范镇 record of 派出所 / 东村, "B" another
示范镇 record (司法所, 西村), "C" a 和平乡 record. A rule's `allow` maps a role to the targets it
may open ("ABC", "AB", "A"); a pattern without a record takes ANY ("ABC") or nothing. A role missing
from `allow` is refused: 403 or 404, or a redirect to the login page (anonymous) or the dashboard.
`ok` is the answer an allowed request gets; `post_changes` says that an allowed POST without data
does change a record (the move needs none).
"""

from dataclasses import dataclass, field

ROLES = ("anonymous", "admin", "county", "director", "staff", "reception", "police", "dongcun", "editor")
USERNAMES = {
    "admin": "admin",
    "county": "county",
    "director": "shifan_director",
    "staff": "shifan_staff",
    "reception": "shifan_reception",
    "police": "shifan_police",
    "dongcun": "shifan_dongcun",
    "editor": "shifan_editor",
}
ANY = "ABC"
STAFF = ("admin", "county", "director", "staff", "reception", "police", "dongcun", "editor")


@dataclass(frozen=True)
class Rule:
    allow: dict
    kind: str | None = None  # whose A/B/C ids fill the pattern: a Records kind or "app_label.model"
    params: dict = field(default_factory=dict)
    ok: frozenset = frozenset({200})
    post_changes: bool = False
    path: object = None  # a function (records, target) → URL, for patterns the resolver cannot fill

    def allows(self, role, target):
        targets = self.allow.get(role, "")
        return bool(targets) if target == "-" else target in targets


def roles(*names, targets=ANY):
    return {name: targets for name in names}


def merge(*tables):
    merged = {}
    for table in tables:
        merged.update(table)
    return merged


NOBODY = {}
EVERYONE = roles(*ROLES)
ADMIN = roles("admin")
COUNTY = roles("admin", "county")
CENTER = merge(COUNTY, roles("director", "staff", targets="AB"))  # the center's managers
DIRECTOR = merge(ADMIN, roles("director", targets="AB"))

# Who reads which record: by view permission and relation (governance.scoping.RECORDS).
CASE_READERS = merge(COUNTY, roles("director", "staff", "reception", targets="AB"), roles("police", "dongcun", targets="A"))
NOTICE_READERS = merge(COUNTY, roles("director", "staff", targets="AB"), roles("police", targets="A"))
MEETING_READERS = merge(COUNTY, roles("director", "staff", "police", targets="AB"))
TASK_READERS = NOTICE_READERS
REPORT_READERS = merge(COUNTY, roles("director", "staff", targets="AB"), roles("dongcun", targets="A"))
ASSESSMENT_READERS = merge(COUNTY, roles("director", "staff", targets="AB"))


WARNING_READERS = merge(COUNTY, roles("director", "staff", "police", "dongcun", targets="AB"))  # security warnings
PREVENTION_READERS = merge(COUNTY, roles("director", "staff", targets="AB"))  # teams and patrols: view permission, per center
PREVENTION_CENTER = merge(ADMIN, roles("director", "staff", targets="AB"))  # the center's own staff act on them
# Situation analyses (governance.analysis): A is 示范镇's approved one, B its draft, C 和平乡's approved one.
ANALYSIS_READERS = merge(COUNTY, roles("director", "staff", targets="AB"))


def _member_url(action):
    """A member of the A/B/C team (members have no center of their own)."""

    def url(records, target):
        from governance.prevention.models import TeamMember

        team_id = records.model_targets("prevention", "team")[target]
        member = TeamMember.objects.filter(team_id=team_id).order_by("pk").first()
        return f"/admin/prevention/members/{member.pk if member else 987654321}/{action}/"

    return url


def _finding_url(records, target):
    """A finding of the A/B/C center's patrols (A: one already registered as a case)."""
    from governance.prevention.models import Finding

    center = {"A": records.shifan, "B": records.shifan, "C": records.heping}[target]
    findings = Finding.objects.filter(patrol__center=center).order_by("pk")
    finding = findings[1] if target == "B" and findings.count() > 1 else findings.first()
    return f"/admin/prevention/findings/{finding.pk if finding else 987654321}/case/"


# Community prevention plans (governance.plans): A is 东村's plan, B another 示范镇 village's. Departments
# read every plan of their center (they own milestones), a workstation its own village's.
PLANS_READERS = merge(COUNTY, roles("director", "staff", "police", targets="AB"), roles("dongcun", targets="A"))
POINT_READERS = merge(COUNTY, roles("director", "staff", targets="AB"), roles("dongcun", targets="A"))
PLANS_CENTER = merge(ADMIN, roles("director", "staff", targets="AB"))


def _milestone_url(suffix):
    """An open milestone owned by the village: A of 东村's plan, B of another 示范镇 village's, C of 和平乡."""

    def url(records, target):
        from governance.plans.models import Milestone

        open_ones = Milestone.objects.filter(status="open", owner_department__isnull=True).order_by("pk")
        found = {
            "A": open_ones.filter(plan__village=records.dongcun),
            "B": open_ones.filter(center=records.shifan).exclude(plan__village=records.dongcun),
            "C": open_ones.filter(center=records.heping),
        }[target].first()
        return f"/admin/plans/milestones/{found.pk if found else 987654321}/{suffix}/"

    return url


# Joint action (governance.incidents): A is 示范镇's closed incident, B its open early sign; key work is
# one item per center (A = B), 派出所 cooperates in 示范镇's; task A is 派出所's, B 司法所's (done).
INCIDENT_READERS = merge(COUNTY, roles("director", "staff", targets="AB"))
INCIDENT_CENTER = merge(ADMIN, roles("director", "staff", targets="AB"))
KEYWORK_READERS = merge(COUNTY, roles("director", "staff", "police", targets="AB"))
KEYWORK_TASK_READERS = merge(COUNTY, roles("director", "staff", targets="AB"), roles("police", targets="A"))


def _incident_person_url(records, target):
    """A person involved in the A/B/C incident."""
    from governance.incidents.models import IncidentPerson

    incident_id = records.model_targets("incidents", "incident")[target]
    person = IncidentPerson.objects.filter(incident_id=incident_id).order_by("pk").first()
    return f"/admin/incidents/people/{person.pk if person else 987654321}/reveal/"


# Unit internal security (governance.units): per center, the county reads, the center's staff act.
UNIT_READERS = merge(COUNTY, roles("director", "staff", targets="AB"))
UNIT_CENTER = merge(ADMIN, roles("director", "staff", targets="AB"))


def _unit_result_url(records, target):
    """A non-compliant result of a completed check: A one still without a notice, B one with its notice, C 和平乡's."""
    from governance.units.models import CheckResult

    center = {"A": records.shifan, "B": records.shifan, "C": records.heping}[target]
    results = CheckResult.objects.filter(check_record__center=center, check_record__status="completed", result="non_compliant")
    result = (results.exclude(notice=None) if target == "B" else results.filter(notice=None)).order_by("pk").first()
    return f"/admin/units/results/{result.pk if result else 987654321}/notice/"


READ_ORG = merge(COUNTY, roles("director", "staff", "reception", targets="AB"))  # ORG_VIEW
MOVE_OK = frozenset({200, 302})  # a move's page, or back to the record when its state does not allow it now


def _modeladmin(
    app_model, *, index=NOBODY, create=NOBODY, edit=NOBODY, delete=NOBODY, inspect=None, history=None, redirects=False, superuser_creates=True
):
    """A modeladmin's patterns. The superuser ("admin") holds every model permission, so it is added to
    each action. `redirects`: edit and inspect only send every user on to the record's own page (whose
    pattern has its own rule), so they answer 302 for everyone signed in; such records are never deleted
    (withdrawn, cancelled or archived instead), by the superuser neither. `superuser_creates`: False
    where a record is made in a center's own name, which the superuser has not."""
    app_label, model = app_model.split(".")
    prefix = f"{app_label}_{model}_modeladmin_"

    def rule(allow, kind=None):
        return Rule(merge(ADMIN, allow), kind=kind)

    rules = {
        prefix + "index": rule(index),
        prefix + "create": rule(create) if superuser_creates else Rule(create),
        prefix + "edit": Rule(roles(*STAFF), kind=app_model, ok=frozenset({302})) if redirects else rule(edit, app_model),
        prefix + "delete": Rule(NOBODY, kind=app_model) if redirects else rule(delete, app_model),
    }
    if inspect is not None:
        rules[prefix + "inspect"] = rule(inspect, app_model)
    if history is not None:
        rules[prefix + "history"] = rule(history, app_model)
    return rules


RULES = {
    # --- cases ----------------------------------------------------------------------------------------
    **_modeladmin(
        "governance.case", index=roles(*STAFF[:-1]), create=roles("director", "staff", "reception"), redirects=True, superuser_creates=False
    ),
    "governance_case_register": Rule(roles("director", "staff", "reception")),
    "governance_case_inspect": Rule(CASE_READERS, kind="case"),
    "governance_case_edit": Rule(merge(ADMIN, roles("director", "staff", targets="AB")), kind="case"),
    "governance_case_move": Rule(merge(COUNTY, roles("director", "staff", targets="AB")), kind="case", params={"action": "urge"}, ok=MOVE_OK),
    "governance_party_reveal": Rule(
        merge(ADMIN, roles("director", "reception", targets="AB"), roles("police", targets="A")), kind="party", post_changes=True
    ),
    "governance_case_document": Rule(merge(ADMIN, roles("director", "staff", "reception", targets="AB")), kind="case", params={"kind": "receipt"}),
    # --- the reception queue (the desk of the user's own center; the superuser has none) -------------------
    "governance_queue_desk": Rule(roles("director", "reception")),
    "governance_queue_issue": Rule(
        roles("director", "reception", targets="AB"), kind="governance.queueservice", ok=frozenset({302}), post_changes=True
    ),
    "governance_queue_call": Rule(roles("director", "reception", targets="AB"), kind="governance.receptionwindow", ok=frozenset({302})),
    # --- the security audit (governance/views/audit.py): directors their own center, the county all --------
    "governance_audit": Rule(merge(COUNTY, roles("director"))),
    "governance_audit_export": Rule(merge(COUNTY, roles("director"))),
    # --- the center accounts (governance/views/accounts.py): A/B a 示范镇 account, C a 和平乡 one -----------
    "governance_accounts": Rule(DIRECTOR),
    "governance_account_create": Rule(DIRECTOR),
    "governance_account_edit": Rule(DIRECTOR, kind="user"),
    "governance_account_deactivate": Rule(DIRECTOR, kind="user", ok=frozenset({302}), post_changes=True),
    "governance_account_reactivate": Rule(DIRECTOR, kind="user", ok=frozenset({302})),
    # --- notifications (each user's own: the director got A, the staff B), lobby, reference, organisation --------
    **_modeladmin("governance.notification", index=roles(*STAFF[:-1]), inspect=NOBODY),
    **_modeladmin(
        "governance.lobbyscreen",
        create=roles("director", "editor"),
        index=roles("director", "editor"),
        edit=roles("director", "editor", targets="AB"),
        history=roles("director", "editor", targets="AB"),
    ),
    **_modeladmin("governance.queueservice", index=DIRECTOR, create=roles("director"), edit=DIRECTOR, history=DIRECTOR),
    **_modeladmin("governance.receptionwindow", index=DIRECTOR, create=roles("director"), edit=DIRECTOR, history=DIRECTOR),
    # Reference lists and deadline rules: the targets are county-wide entries, which only the county changes.
    **_modeladmin(
        "governance.referenceitem",
        index=merge(COUNTY, roles("director", "staff")),
        create=merge(COUNTY, roles("director")),
        edit=COUNTY,
        history=merge(COUNTY, roles("director", "staff")),
    ),
    # Import aliases: county-wide former names (the starter list) are changed by the county only.
    **_modeladmin(
        "ledgers.importalias",
        index=merge(COUNTY, roles("director")),
        create=merge(COUNTY, roles("director")),
        edit=COUNTY,
        history=merge(COUNTY, roles("director")),
    ),
    **_modeladmin(
        "governance.deadlinerule",
        index=merge(COUNTY, roles("director")),
        create=merge(COUNTY, roles("director")),
        edit=COUNTY,
        history=merge(COUNTY, roles("director")),
    ),
    **_modeladmin(
        "governance.routingrule",
        index=merge(COUNTY, roles("director")),
        create=merge(COUNTY, roles("director")),
        edit=merge(COUNTY, roles("director", targets="AB")),
        history=merge(COUNTY, roles("director", targets="AB")),
    ),
    **_modeladmin(
        "governance.holidayoverride", index=merge(COUNTY, roles("director")), create=COUNTY, edit=COUNTY, history=merge(COUNTY, roles("director"))
    ),
    **_modeladmin(
        "governance.holidayyear", index=merge(COUNTY, roles("director")), create=COUNTY, edit=COUNTY, history=merge(COUNTY, roles("director"))
    ),
    **_modeladmin("governance.center", index=READ_ORG, inspect=READ_ORG, edit=DIRECTOR, history=READ_ORG),
    **_modeladmin(
        "governance.department",
        index=merge(READ_ORG, roles("police")),
        create=roles("director"),
        edit=DIRECTOR,
        history=merge(READ_ORG, roles("police", targets="AB")),
    ),
    **_modeladmin(
        "governance.workstation",
        index=merge(READ_ORG, roles("dongcun")),
        create=roles("director"),
        edit=DIRECTOR,
        history=merge(READ_ORG, roles("dongcun", targets="AB")),
    ),
    # Staff memberships: read here; a director makes and changes accounts on the center accounts screens.
    **_modeladmin("governance.staffprofile", index=merge(COUNTY, roles("director")), history=merge(COUNTY, roles("director", targets="AB"))),
    # --- the working systems (edit pages redirect to the records' own pages) ------------------------------
    **_modeladmin(
        "institutions.rectificationnotice",
        index=NOTICE_READERS,
        create=roles("director", "staff"),
        history=NOTICE_READERS,
        redirects=True,
        superuser_creates=False,
    ),
    **_modeladmin(
        "institutions.jointmeeting",
        index=MEETING_READERS,
        create=roles("director", "staff"),
        history=MEETING_READERS,
        redirects=True,
        superuser_creates=False,
    ),
    **_modeladmin("institutions.meetingtask", index=TASK_READERS, history=TASK_READERS, redirects=True, superuser_creates=False),
    **_modeladmin(
        "institutions.screeningreport",
        index=REPORT_READERS,
        create=roles("director", "staff", "dongcun"),
        history=REPORT_READERS,
        redirects=True,
        superuser_creates=False,
    ),
    **_modeladmin(
        "institutions.assessment",
        index=ASSESSMENT_READERS,
        create=merge(COUNTY, roles("director", "staff")),
        history=ASSESSMENT_READERS,
        redirects=True,
    ),
    **_modeladmin("institutions.institutionsettings", index=DIRECTOR, create=roles("director"), edit=DIRECTOR, history=DIRECTOR),
    "institutions_notice": Rule(NOTICE_READERS, kind="notice"),
    "institutions_notice_edit": Rule(NOBODY, kind="notice"),
    "institutions_notice_move": Rule(merge(COUNTY, roles("director", "staff", targets="AB")), kind="notice", params={"action": "urge"}, ok=MOVE_OK),
    "institutions_notice_pdf": Rule(NOTICE_READERS, kind="notice"),
    "institutions_notice_evidence": Rule(NOTICE_READERS, kind="notice"),
    "institutions_meeting": Rule(MEETING_READERS, kind="meeting"),
    "institutions_meeting_move": Rule(merge(ADMIN, roles("director", "staff", targets="AB")), kind="meeting", params={"action": "hold"}, ok=MOVE_OK),
    "institutions_meeting_pdf": Rule(MEETING_READERS, kind="meeting"),
    "institutions_task": Rule(TASK_READERS, kind="task"),
    "institutions_task_move": Rule(merge(COUNTY, roles("director", "staff", targets="AB")), kind="task", params={"action": "urge"}, ok=MOVE_OK),
    "institutions_report_urgent": Rule(roles("director", "staff", "dongcun")),
    "institutions_report": Rule(REPORT_READERS, kind="report"),
    "institutions_assessment": Rule(ASSESSMENT_READERS, kind="assessment"),
    "institutions_assessment_move": Rule(NOBODY, kind="assessment", params={"action": "score"}),
    "institutions_assessment_xlsx": Rule(ASSESSMENT_READERS, kind="assessment"),
    "institutions_assessment_pdf": Rule(ASSESSMENT_READERS, kind="assessment"),
    "institutions_situation": Rule(merge(COUNTY, roles("director", "staff"))),
    "institutions_warning_cases": Rule(merge(COUNTY, roles("director", "staff"))),
    "institutions_special_work": Rule(merge(COUNTY, roles("director", "staff"))),
    "institutions_special_work_remove": Rule(
        merge(ADMIN, roles("director", "staff", targets="AB")), kind="casetag", ok=frozenset({302}), post_changes=True
    ),
    # --- ledgers -------------------------------------------------------------------------------------
    # --- joint prevention (governance.prevention): the center's own staff act, the county reads ---------------
    **_modeladmin(
        "prevention.team",
        index=PREVENTION_READERS,
        create=roles("director", "staff"),
        history=PREVENTION_READERS,
        redirects=True,
        superuser_creates=False,
    ),
    **_modeladmin(
        "prevention.patrol",
        index=PREVENTION_READERS,
        create=roles("director", "staff"),
        history=PREVENTION_READERS,
        redirects=True,
        superuser_creates=False,
    ),
    # Team kinds are county-wide: every center's staff read them, the county changes them.
    **_modeladmin(
        "prevention.teamkind",
        index=merge(COUNTY, roles("director", "staff")),
        create=COUNTY,
        edit=COUNTY,
        history=merge(COUNTY, roles("director", "staff")),
    ),
    "prevention_team": Rule(PREVENTION_READERS, kind="prevention.team"),
    "prevention_team_edit": Rule(PREVENTION_CENTER, kind="prevention.team"),
    "prevention_team_move": Rule(PREVENTION_CENTER, kind="prevention.team", params={"action": "suspend"}, ok=MOVE_OK),
    "prevention_member_add": Rule(PREVENTION_CENTER, kind="prevention.team", ok=frozenset({302})),
    "prevention_member_leave": Rule(PREVENTION_CENTER, kind="prevention.team", ok=frozenset({302}), post_changes=True, path=_member_url("leave")),
    "prevention_member_reveal": Rule(DIRECTOR, kind="prevention.team", post_changes=True, path=_member_url("reveal")),
    "prevention_patrol": Rule(PREVENTION_READERS, kind="prevention.patrol"),
    "prevention_patrol_move": Rule(DIRECTOR, kind="prevention.patrol", params={"action": "return"}, ok=MOVE_OK),
    "prevention_finding_add": Rule(PREVENTION_CENTER, kind="prevention.patrol", ok=frozenset({302})),
    "prevention_finding_case": Rule(PREVENTION_CENTER, kind="prevention.patrol", ok=MOVE_OK, path=_finding_url),
    "prevention_monthly": Rule(merge(COUNTY, roles("director", "staff"))),
    # --- joint prevention: security warnings (governance.warnings): staff draft, the director publishes --------
    # A and B are 示范镇's published warnings: its units and workstations read published ones.
    **_modeladmin(
        "warnings.securitywarning",
        index=WARNING_READERS,
        create=roles("director", "staff"),
        history=WARNING_READERS,
        redirects=True,
        superuser_creates=False,
    ),
    # Warning types: county-wide entries (the demo has no center's own), changed by the county only.
    **_modeladmin(
        "warnings.warningtype",
        index=merge(COUNTY, roles("director", "staff")),
        create=merge(COUNTY, roles("director")),
        edit=COUNTY,
        history=merge(COUNTY, roles("director", "staff")),
    ),
    "warnings_warning": Rule(WARNING_READERS, kind="warnings.securitywarning"),
    "warnings_warning_edit": Rule(NOBODY, kind="warnings.securitywarning"),  # published: no longer edited
    "warnings_warning_move": Rule(DIRECTOR, kind="warnings.securitywarning", params={"action": "withdraw"}, ok=MOVE_OK),
    # --- joint prevention: security situation analysis (governance.analysis): staff draft, the director approves --
    **_modeladmin(
        "analysis.situationanalysis",
        index=ANALYSIS_READERS,
        create=roles("director", "staff"),
        history=ANALYSIS_READERS,
        redirects=True,
        superuser_creates=False,
    ),
    "analysis_analysis": Rule(ANALYSIS_READERS, kind="analysis.situationanalysis"),
    "analysis_analysis_edit": Rule(roles("admin", "director", "staff", targets="B"), kind="analysis.situationanalysis"),  # the draft only
    "analysis_analysis_move": Rule(
        merge(ADMIN, roles("director", "staff", targets="AB")), kind="analysis.situationanalysis", params={"action": "submit"}, ok=MOVE_OK
    ),
    "analysis_analysis_pdf": Rule(ANALYSIS_READERS, kind="analysis.situationanalysis"),
    # --- joint prevention: community prevention plans and technical points (governance.plans) ------------
    **_modeladmin(
        "plans.communityplan",
        index=PLANS_READERS,
        create=roles("director", "staff"),
        history=PLANS_READERS,
        redirects=True,
        superuser_creates=False,
    ),
    **_modeladmin(
        "plans.techpoint",
        index=POINT_READERS,
        create=roles("director", "staff"),
        history=POINT_READERS,
        redirects=True,
        superuser_creates=False,
    ),
    # Point kinds are county-wide: every center's staff read them, the county changes them.
    **_modeladmin(
        "plans.techkind",
        index=merge(COUNTY, roles("director", "staff")),
        create=COUNTY,
        edit=COUNTY,
        history=merge(COUNTY, roles("director", "staff")),
    ),
    "plans_plan": Rule(PLANS_READERS, kind="plans.communityplan"),
    "plans_plan_edit": Rule(PLANS_CENTER, kind="plans.communityplan", ok=MOVE_OK),  # an approved plan: back to it
    "plans_plan_move": Rule(DIRECTOR, kind="plans.communityplan", params={"action": "approve"}, ok=MOVE_OK),
    "plans_milestone_add": Rule(PLANS_CENTER, kind="plans.communityplan", ok=frozenset({302})),
    "plans_milestone_remove": Rule(PLANS_CENTER, ok=frozenset({302}), kind="plans.milestone", path=_milestone_url("remove")),
    "plans_milestone_move": Rule(
        merge(PLANS_CENTER, roles("dongcun", targets="A")), kind="plans.milestone", ok=MOVE_OK, path=_milestone_url("do/report")
    ),
    "plans_techpoint": Rule(POINT_READERS, kind="plans.techpoint"),
    "plans_techpoint_edit": Rule(PLANS_CENTER, kind="plans.techpoint"),
    "plans_techpoint_move": Rule(PLANS_CENTER, kind="plans.techpoint", params={"action": "fault"}, ok=MOVE_OK),
    "plans_summary": Rule(merge(COUNTY, roles("director", "staff", "police", "dongcun"))),
    # --- joint action (governance.incidents): the center's own staff act, the county reads -------------------
    **_modeladmin(
        "incidents.incident",
        index=INCIDENT_READERS,
        create=roles("director", "staff"),
        history=INCIDENT_READERS,
        redirects=True,
        superuser_creates=False,
    ),
    **_modeladmin(
        "incidents.keywork",
        index=merge(COUNTY, roles("director", "staff", "police")),
        create=roles("director", "staff"),
        history=KEYWORK_READERS,
        redirects=True,
        superuser_creates=False,
    ),
    **_modeladmin(
        "incidents.keyworktask",
        index=merge(COUNTY, roles("director", "staff", "police")),
        history=KEYWORK_TASK_READERS,
        redirects=True,
        superuser_creates=False,
    ),
    "incidents_incident": Rule(INCIDENT_READERS, kind="incidents.incident"),
    "incidents_incident_edit": Rule(INCIDENT_CENTER, kind="incidents.incident", ok=MOVE_OK),  # the closed one: back to it
    "incidents_incident_move": Rule(INCIDENT_CENTER, kind="incidents.incident", params={"action": "log_action"}, ok=MOVE_OK),
    "incidents_person_add": Rule(INCIDENT_CENTER, kind="incidents.incident", ok=frozenset({302})),
    "incidents_person_reveal": Rule(DIRECTOR, kind="incidents.incident", path=_incident_person_url),
    "incidents_incident_pdf": Rule(INCIDENT_READERS, kind="incidents.incident"),
    "incidents_panel": Rule(merge(COUNTY, roles("director", "staff"))),
    "incidents_keywork": Rule(KEYWORK_READERS, kind="incidents.keywork"),
    "incidents_keywork_move": Rule(INCIDENT_CENTER, kind="incidents.keywork", params={"action": "progress"}, ok=MOVE_OK),
    "incidents_task_add": Rule(INCIDENT_CENTER, kind="incidents.keywork", ok=frozenset({302})),
    "incidents_task_move": Rule(
        merge(INCIDENT_CENTER, roles("police", targets="A")), kind="incidents.keyworktask", params={"action": "progress"}, ok=MOVE_OK
    ),
    # --- joint prevention: unit internal security (governance.units): the center's staff act, the county reads ----
    **_modeladmin("units.unit", index=UNIT_READERS, create=roles("director", "staff"), history=UNIT_READERS, redirects=True, superuser_creates=False),
    **_modeladmin(
        "units.unitcheck", index=UNIT_READERS, create=roles("director", "staff"), history=UNIT_READERS, redirects=True, superuser_creates=False
    ),
    # Unit kinds and checklist items are county-wide: every center's staff read them, the county changes them.
    **_modeladmin(
        "units.unitkind",
        index=merge(COUNTY, roles("director", "staff")),
        create=COUNTY,
        edit=COUNTY,
        history=merge(COUNTY, roles("director", "staff")),
    ),
    **_modeladmin(
        "units.checklistitem",
        index=merge(COUNTY, roles("director", "staff")),
        create=COUNTY,
        edit=COUNTY,
        history=merge(COUNTY, roles("director", "staff")),
    ),
    "units_unit": Rule(UNIT_READERS, kind="units.unit"),
    "units_unit_edit": Rule(UNIT_CENTER, kind="units.unit"),
    "units_unit_move": Rule(DIRECTOR, kind="units.unit", params={"action": "close"}, ok=MOVE_OK),
    "units_unit_reveal": Rule(DIRECTOR, kind="units.unit", post_changes=True),
    "units_check": Rule(UNIT_READERS, kind="units.unitcheck"),
    "units_check_edit": Rule(UNIT_CENTER, kind="units.unitcheck", ok=MOVE_OK),  # a completed check: back to it
    "units_check_move": Rule(UNIT_CENTER, kind="units.unitcheck", params={"action": "cancel"}, ok=MOVE_OK),
    "units_result_notice": Rule(UNIT_CENTER, kind="units.unitcheck", ok=MOVE_OK, path=_unit_result_url),
    "ledgers_index": Rule(roles("admin", "county", "director", "staff", "police")),
    "ledgers_closing": Rule(roles("admin", "county", "director", "staff", "police")),
    "ledgers_closing_xlsx": Rule(roles("admin", "county", "director", "staff", "police")),
    "ledgers_job_status": Rule(NOBODY, kind="ledgers.exportjob", params={"kind": "export"}),
    "ledgers_import_job": Rule(NOBODY, kind="ledgers.importjob"),
    "ledgers_import_confirm": Rule(NOBODY, kind="ledgers.importjob"),
    "ledgers_import_problems": Rule(NOBODY, kind="ledgers.importjob"),
    "ledgers_export_job": Rule(NOBODY, kind="ledgers.exportjob"),
    "ledgers_export_download": Rule(NOBODY, kind="ledgers.exportjob"),
    "ledgers_export": Rule(roles("admin", "county", "director", "staff", "police"), params={"slug": "disputes"}),
    "ledgers_import": Rule(roles("admin", "director", "staff"), params={"slug": "disputes"}),
    "ledgers_template": Rule(roles("admin", "county", "director", "staff", "police"), params={"slug": "disputes"}),
    # --- Wagtail's form submissions (the online request pages) -----------------------------------------
    # Closed to everyone (pages/wagtail_hooks.py): online requests are registered as cases, never stored here.
    "index": Rule(roles("admin", "editor")),  # an empty list, for those who may edit pages
    "index_results": Rule(roles("admin", "editor")),
    "list_submissions": Rule(NOBODY, kind="page"),
    "list_submissions_results": Rule(NOBODY, kind="page"),
    "delete_submissions": Rule(NOBODY, kind="page"),
    # --- public: the headless API (public pages, images, documents), the lobby screens, health ----------------
    "api/v2/^pages/": Rule(EVERYONE),
    "api/v2/^pages/<int:pk>/": Rule(EVERYONE, kind="page"),
    "api/v2/^pages/find/": Rule(NOBODY),
    "api/v2/^images/": Rule(EVERYONE),
    "api/v2/^images/<int:pk>/": Rule(NOBODY, kind="page"),
    "api/v2/^images/find/": Rule(NOBODY),
    "api/v2/^documents/": Rule(EVERYONE),
    "api/v2/^documents/<int:pk>/": Rule(NOBODY, kind="page"),
    "api/v2/^documents/find/": Rule(NOBODY),
    "lobby_list": Rule(EVERYONE),
    "lobby_screen": Rule(EVERYONE, params={"slug": "shifan-hall"}),
    "healthz": Rule(EVERYONE),
    "favicon.ico": Rule(EVERYONE, ok=frozenset({301})),
}

# A notification is its recipient's alone: not even the superuser opens another user's.
RULES["governance_notification_modeladmin_inspect"] = Rule(
    merge(roles("director", targets="A"), roles("staff", targets="B")), kind="governance.notification"
)
