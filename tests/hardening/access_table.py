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


def _modeladmin(app_model, *, index=NOBODY, create=NOBODY, edit=NOBODY, delete=NOBODY, inspect=None, history=None):
    app_label, model = app_model.split(".")
    prefix = f"{app_label}_{model}_modeladmin_"
    rules = {
        prefix + "index": Rule(index),
        prefix + "create": Rule(create),
        prefix + "edit": Rule(edit, kind=app_model),
        prefix + "delete": Rule(delete, kind=app_model),
    }
    if inspect is not None:
        rules[prefix + "inspect"] = Rule(inspect, kind=app_model)
    if history is not None:
        rules[prefix + "history"] = Rule(history, kind=app_model)
    return rules


RULES = {
    # --- cases ----------------------------------------------------------------------------------------
    **_modeladmin("governance.case", index=roles(*STAFF[:-1]), create=NOBODY, edit=NOBODY, delete=NOBODY),
    "governance_case_register": Rule(roles("director", "staff", "reception")),
    "governance_case_inspect": Rule(CASE_READERS, kind="case"),
    "governance_case_edit": Rule(CENTER, kind="case"),
    "governance_case_move": Rule(CENTER, kind="case", params={"action": "urge"}),
    "governance_party_reveal": Rule(NOBODY, kind="party"),
    "governance_case_document": Rule(CENTER, kind="case", params={"kind": "receipt"}),
    # --- the reception queue ------------------------------------------------------------------------------
    "governance_queue_desk": Rule(roles("admin", "director", "reception")),
    "governance_queue_issue": Rule(NOBODY, kind="governance.queueservice"),
    "governance_queue_call": Rule(NOBODY, kind="governance.receptionwindow"),
    # --- the security audit (governance/views/audit.py) --------------------------------------------------
    "governance_audit": Rule(ADMIN),
    "governance_audit_export": Rule(ADMIN),
    # --- the center accounts (governance/views/accounts.py): A/B a 示范镇 account, C a 和平乡 one -----------
    "governance_accounts": Rule(DIRECTOR),
    "governance_account_create": Rule(DIRECTOR),
    "governance_account_edit": Rule(DIRECTOR, kind="user"),
    "governance_account_deactivate": Rule(DIRECTOR, kind="user", ok=frozenset({302}), post_changes=True),
    "governance_account_reactivate": Rule(DIRECTOR, kind="user", ok=frozenset({302})),
    # --- notifications, lobby, reference, organisation -----------------------------------------------------
    **_modeladmin("governance.notification", index=roles(*STAFF[:-1]), inspect=NOBODY),
    **_modeladmin("governance.lobbyscreen", index=merge(CENTER, roles("editor")), history=NOBODY),
    **_modeladmin("governance.queueservice", index=DIRECTOR, history=NOBODY),
    **_modeladmin("governance.receptionwindow", index=DIRECTOR, history=NOBODY),
    **_modeladmin("governance.referenceitem", index=COUNTY, history=NOBODY),
    **_modeladmin("governance.deadlinerule", index=COUNTY, history=NOBODY),
    **_modeladmin("governance.routingrule", index=COUNTY, history=NOBODY),
    **_modeladmin("governance.holidayoverride", index=COUNTY, history=NOBODY),
    **_modeladmin("governance.holidayyear", index=COUNTY, history=NOBODY),
    **_modeladmin("governance.center", index=CENTER, inspect=CENTER, history=NOBODY),
    **_modeladmin("governance.department", index=CENTER, history=NOBODY),
    **_modeladmin("governance.workstation", index=CENTER, history=NOBODY),
    **_modeladmin("governance.staffprofile", index=CENTER, history=NOBODY),
    # --- the working systems -----------------------------------------------------------------------------
    **_modeladmin("institutions.rectificationnotice", index=NOTICE_READERS, history=NOBODY),
    **_modeladmin("institutions.jointmeeting", index=MEETING_READERS, history=NOBODY),
    **_modeladmin("institutions.meetingtask", index=TASK_READERS, history=NOBODY),
    **_modeladmin("institutions.screeningreport", index=REPORT_READERS, history=NOBODY),
    **_modeladmin("institutions.assessment", index=ASSESSMENT_READERS, history=NOBODY),
    **_modeladmin("institutions.institutionsettings", index=DIRECTOR, history=NOBODY),
    "institutions_notice": Rule(NOTICE_READERS, kind="notice"),
    "institutions_notice_edit": Rule(NOBODY, kind="notice"),
    "institutions_notice_move": Rule(NOBODY, kind="notice", params={"action": "urge"}),
    "institutions_notice_pdf": Rule(NOTICE_READERS, kind="notice"),
    "institutions_notice_evidence": Rule(NOBODY, kind="notice"),
    "institutions_meeting": Rule(MEETING_READERS, kind="meeting"),
    "institutions_meeting_move": Rule(NOBODY, kind="meeting", params={"action": "hold"}),
    "institutions_meeting_pdf": Rule(MEETING_READERS, kind="meeting"),
    "institutions_task": Rule(TASK_READERS, kind="task"),
    "institutions_task_move": Rule(NOBODY, kind="task", params={"action": "urge"}),
    "institutions_report_urgent": Rule(roles("director", "staff", "dongcun")),
    "institutions_report": Rule(REPORT_READERS, kind="report"),
    "institutions_assessment": Rule(ASSESSMENT_READERS, kind="assessment"),
    "institutions_assessment_move": Rule(NOBODY, kind="assessment", params={"action": "score"}),
    "institutions_assessment_xlsx": Rule(ASSESSMENT_READERS, kind="assessment"),
    "institutions_assessment_pdf": Rule(ASSESSMENT_READERS, kind="assessment"),
    "institutions_situation": Rule(merge(COUNTY, roles("director", "staff"))),
    "institutions_warning_cases": Rule(merge(COUNTY, roles("director", "staff"))),
    "institutions_special_work": Rule(merge(COUNTY, roles("director", "staff"))),
    "institutions_special_work_remove": Rule(NOBODY, kind="casetag"),
    # --- ledgers -------------------------------------------------------------------------------------
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
    "index": Rule(ADMIN),
    "index_results": Rule(ADMIN),
    "list_submissions": Rule(ADMIN, kind="page"),
    "list_submissions_results": Rule(ADMIN, kind="page"),
    "delete_submissions": Rule(ADMIN, kind="page"),
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
    "lobby_screen": Rule(EVERYONE, params={"slug": "shifan"}),
    "healthz": Rule(EVERYONE),
    "favicon.ico": Rule(EVERYONE, ok=frozenset({301})),
}
