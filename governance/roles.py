"""The roles (Wagtail groups) and the model permissions each one holds.

One table, synced after every migrate; idempotent. Later features add their permissions here.
"""

from django.contrib.auth.models import Group, Permission

ADMIN_ACCESS = "wagtailadmin.access_admin"

REFERENCE = [
    f"governance.{action}_{model}"
    for model in ("referenceitem", "deadlinerule", "routingrule", "holidayoverride", "holidayyear")
    for action in ("view", "add", "change")
] + [f"ledgers.{action}_importalias" for action in ("view", "add", "change")]
LOBBY = [f"governance.{action}_{model}" for model in ("lobbyscreen", "queueservice", "receptionwindow") for action in ("view", "add", "change")]
QUEUE_DESK = ["governance.view_queueticket", "governance.add_queueticket", "governance.change_queueticket"]
ORG_VIEW = ["governance.view_center", "governance.view_department", "governance.view_workstation"]
LEDGER_EXPORT = ["ledgers.export_ledger"]
LEDGER_IMPORT = ["ledgers.import_ledger", "ledgers.export_ledger"]

# The working systems (governance.institutions): notices, joint meetings and their tasks,
# screening reports, assessments, the situation analysis, special-work tags.
INSTITUTIONS_VIEW = [
    f"institutions.view_{model}" for model in ("rectificationnotice", "jointmeeting", "meetingtask", "screeningreport", "assessment", "casetag")
] + ["institutions.view_situation"]
INSTITUTIONS_MANAGE = INSTITUTIONS_VIEW + [
    "institutions.add_rectificationnotice",
    "institutions.change_rectificationnotice",
    "institutions.issue_rectificationnotice",
    "institutions.respond_rectificationnotice",
    "institutions.add_jointmeeting",
    "institutions.change_jointmeeting",
    "institutions.run_jointmeeting",
    "institutions.supervise_meetingtask",
    "institutions.handle_meetingtask",
    "institutions.add_screeningreport",
    "institutions.file_screeningreport",
    "institutions.add_assessment",
    "institutions.change_assessment",
    "institutions.run_assessment",
    "institutions.add_casetag",
    "institutions.delete_casetag",
]
INSTITUTIONS_SETTINGS = [f"institutions.{action}_institutionsettings" for action in ("view", "add", "change")]
INSTITUTIONS_DEPARTMENT = [
    "institutions.view_rectificationnotice",
    "institutions.respond_rectificationnotice",
    "institutions.view_jointmeeting",
    "institutions.view_meetingtask",
    "institutions.handle_meetingtask",
]
INSTITUTIONS_WORKSTATION = ["institutions.view_screeningreport", "institutions.add_screeningreport", "institutions.file_screeningreport"]
INSTITUTIONS_COUNTY = INSTITUTIONS_VIEW + [
    "institutions.issue_rectificationnotice",  # county staff may only urge: the notice flow limits the rest to the center
    "institutions.supervise_meetingtask",  # likewise: urge only
    "institutions.add_assessment",
    "institutions.change_assessment",
    "institutions.run_assessment",
    "institutions.rank_centers",
]

# The 群防群治 network and its patrols (governance.prevention).
PREVENTION_VIEW = ["prevention.view_teamkind", "prevention.view_team", "prevention.view_patrol"]
PREVENTION_MANAGE = PREVENTION_VIEW + [
    "prevention.add_team",
    "prevention.change_team",
    "prevention.manage_team",
    "prevention.add_patrol",
    "prevention.change_patrol",
    "prevention.convert_finding",
]
PREVENTION_DIRECTOR = PREVENTION_MANAGE + ["prevention.review_patrol", "prevention.reveal_member_data"]
PREVENTION_COUNTY = PREVENTION_VIEW + ["prevention.add_teamkind", "prevention.change_teamkind"]

# Security warnings (governance.warnings): staff draft, the director approves, publishes and
# withdraws; the county keeps the county-wide warning types; units and workstations read them.
WARNINGS_VIEW = ["warnings.view_securitywarning", "warnings.view_warningtype"]
WARNINGS_DRAFT = WARNINGS_VIEW + ["warnings.add_securitywarning", "warnings.change_securitywarning"]
WARNINGS_TYPES = ["warnings.add_warningtype", "warnings.change_warningtype"]
WARNINGS_PUBLISH = WARNINGS_DRAFT + WARNINGS_TYPES + ["warnings.publish_securitywarning"]
WARNINGS_READ = ["warnings.view_securitywarning"]

# Joint action (governance.incidents): the center's staff open incidents and keep their log, the
# director closes or cancels them and reveals the people involved's data; key work is deployed by
# the center and its tasks worked by the departments; the county reads everything.
INCIDENTS_VIEW = ["incidents.view_incident", "incidents.view_keywork", "incidents.view_keyworktask"]
INCIDENTS_MANAGE = INCIDENTS_VIEW + [
    "incidents.add_incident",
    "incidents.change_incident",
    "incidents.handle_incident",
    "incidents.add_keywork",
    "incidents.change_keywork",
    "incidents.supervise_keyworktask",
    "incidents.handle_keyworktask",
]
INCIDENTS_DIRECTOR = INCIDENTS_MANAGE + ["incidents.close_incident", "incidents.reveal_incident_people", "incidents.manage_keywork"]
INCIDENTS_DEPARTMENT = ["incidents.view_keywork", "incidents.view_keyworktask", "incidents.handle_keyworktask"]

# Security situation analyses (governance.analysis): staff generate and edit the draft and put it on
# a joint meeting's agenda; the director approves it (its opinions become meeting tasks) or sends
# it back; the county reads every center's.
ANALYSIS_VIEW = ["analysis.view_situationanalysis"]
ANALYSIS_DRAFT = ANALYSIS_VIEW + ["analysis.add_situationanalysis", "analysis.change_situationanalysis"]
ANALYSIS_DIRECTOR = ANALYSIS_DRAFT + ["analysis.approve_situationanalysis"]

# Unit internal security (governance.units): staff keep the unit registry and record checks, turn
# their findings into rectification notices; the director also closes units and reveals the
# security lead's phone; the county reads every center and keeps the unit kinds and the checklist.
UNITS_VIEW = ["units.view_unitkind", "units.view_checklistitem", "units.view_unit", "units.view_unitcheck"]
UNITS_MANAGE = UNITS_VIEW + [
    "units.add_unit",
    "units.change_unit",
    "units.add_unitcheck",
    "units.change_unitcheck",
    "units.convert_checkresult",
]
UNITS_DIRECTOR = UNITS_MANAGE + ["units.manage_unit", "units.reveal_unit_contact"]
UNITS_COUNTY = UNITS_VIEW + ["units.add_unitkind", "units.change_unitkind", "units.add_checklistitem", "units.change_checklistitem"]

# Community prevention plans and technical prevention points (governance.plans): staff draft plans
# and keep the points, the director approves plans and confirms milestones; the owners (the
# village workstation, a department) report progress; the county keeps the county-wide point kinds.
PLANS_VIEW = ["plans.view_communityplan", "plans.view_milestone", "plans.view_techpoint", "plans.view_techkind"]
PLANS_MANAGE = PLANS_VIEW + [
    "plans.add_communityplan",
    "plans.change_communityplan",
    "plans.report_milestone",
    "plans.add_techpoint",
    "plans.change_techpoint",
    "plans.manage_techpoint",
]
PLANS_DIRECTOR = PLANS_MANAGE + ["plans.approve_communityplan", "plans.confirm_milestone"]
PLANS_COUNTY = PLANS_VIEW + ["plans.add_techkind", "plans.change_techkind"]
PLANS_DEPARTMENT = ["plans.view_communityplan", "plans.view_milestone", "plans.report_milestone"]
PLANS_WORKSTATION = PLANS_DEPARTMENT + ["plans.view_techpoint"]


def case_perms(*codenames):
    return [f"governance.{codename}" for codename in codenames]


# role code → (group name shown to users, permissions "app_label.codename").
# Group names are records in the database (shown as they are), hence Chinese here.
ROLES = {
    "director": (
        "中心主任",
        [ADMIN_ACCESS, *ORG_VIEW, *REFERENCE, *LOBBY, *QUEUE_DESK]
        + [
            "governance.change_center",
            "governance.add_department",
            "governance.change_department",
            "governance.add_workstation",
            "governance.change_workstation",
            "governance.view_staffprofile",  # accounts are made and changed on the center accounts screens (audited)
            "governance.manage_center_accounts",  # their center's accounts (governance.views.accounts)
            "governance.view_notification",
            "governance.view_auditevent",  # the audit screen, own center (governance.views.audit)
        ]
        + case_perms(
            "view_case",
            "change_case",
            "register_case",
            "accept_case",
            "route_case",
            "handle_case",
            "approve_extension",
            "supervise_case",
            "urge_case",
            "archive_case",
            "reveal_personal_data",
        )
        + LEDGER_IMPORT
        + INSTITUTIONS_MANAGE
        + INSTITUTIONS_SETTINGS
        + PREVENTION_DIRECTOR
        + INCIDENTS_DIRECTOR
        + ANALYSIS_DIRECTOR
        + UNITS_DIRECTOR
        + PLANS_DIRECTOR
        + WARNINGS_PUBLISH,
    ),
    "staff": (
        "中心工作人员",
        [ADMIN_ACCESS, *ORG_VIEW, "governance.view_referenceitem", "governance.view_notification"]
        + case_perms(
            "view_case",
            "change_case",
            "register_case",
            "accept_case",
            "route_case",
            "handle_case",
            "urge_case",
            "archive_case",
            "reveal_phone_for_follow_up",  # the phone only, for 回访 (governance.access.may_reveal_phone)
        )
        + LEDGER_IMPORT
        + INSTITUTIONS_MANAGE
        + PREVENTION_MANAGE
        + INCIDENTS_MANAGE
        + ANALYSIS_DRAFT
        + UNITS_MANAGE
        + PLANS_MANAGE
        + WARNINGS_DRAFT,
    ),
    "reception": (
        "接待员",
        [ADMIN_ACCESS, *ORG_VIEW, "governance.view_notification", *QUEUE_DESK] + case_perms("view_case", "register_case", "reveal_personal_data"),
    ),
    "department": (
        "部门承办人",
        [ADMIN_ACCESS, "governance.view_department", "governance.view_notification"]
        + case_perms("view_case", "handle_case", "reveal_personal_data")
        + LEDGER_EXPORT
        + INSTITUTIONS_DEPARTMENT
        + INCIDENTS_DEPARTMENT
        + PLANS_DEPARTMENT
        + WARNINGS_READ,
    ),
    "county": (
        "县级督导",
        [ADMIN_ACCESS, *ORG_VIEW, "governance.view_staffprofile", "governance.view_notification", "governance.view_auditevent", *REFERENCE]
        + case_perms("view_case", "supervise_case", "urge_case")
        + LEDGER_EXPORT
        + INSTITUTIONS_COUNTY
        + PREVENTION_COUNTY
        + INCIDENTS_VIEW
        + ANALYSIS_VIEW
        + UNITS_COUNTY
        + PLANS_COUNTY
        + WARNINGS_VIEW
        + WARNINGS_TYPES,
    ),
    "workstation": (
        "工作站信息员",
        [ADMIN_ACCESS, "governance.view_workstation", "governance.view_notification"]
        + case_perms("view_case")
        + INSTITUTIONS_WORKSTATION
        + PLANS_WORKSTATION
        + WARNINGS_READ,
    ),
    "editor": (
        "网站编辑",
        [
            ADMIN_ACCESS,
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
            "governance.view_lobbyscreen",
            "governance.add_lobbyscreen",
            "governance.change_lobbyscreen",
        ],
    ),
}


def group_for(role):
    name, _perms = ROLES[role]
    return Group.objects.get(name=name)


def _permission(label):
    app_label, codename = label.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def sync_roles():
    """Create each role's group and set exactly its permissions (idempotent)."""
    for name, labels in ROLES.values():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = {_permission(label) for label in labels}
        if set(group.permissions.all()) != wanted:
            group.permissions.set(wanted)


def sync_roles_after_migrate(using="default", **kwargs):
    # Skip when a later app's permissions are not there yet (a partial migrate).
    try:
        sync_roles()
    except Permission.DoesNotExist:
        pass
