"""The roles (Wagtail groups) and the model permissions each one holds.

One table, synced after every migrate; idempotent. Later features add their permissions here.
"""

from django.contrib.auth.models import Group, Permission

ADMIN_ACCESS = "wagtailadmin.access_admin"

REFERENCE = [
    f"governance.{action}_{model}"
    for model in ("referenceitem", "deadlinerule", "routingrule", "holidayoverride", "holidayyear")
    for action in ("view", "add", "change")
]
LOBBY = [
    f"governance.{action}_{model}"
    for model in ("lobbyscreen", "queueservice", "receptionwindow")
    for action in ("view", "add", "change")
]
QUEUE_DESK = ["governance.view_queueticket", "governance.add_queueticket", "governance.change_queueticket"]
ORG_VIEW = ["governance.view_center", "governance.view_department", "governance.view_workstation"]
LEDGER_EXPORT = ["ledgers.export_ledger"]
LEDGER_IMPORT = ["ledgers.import_ledger", "ledgers.export_ledger"]


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
            "governance.view_staffprofile",
            "governance.add_staffprofile",
            "governance.change_staffprofile",
            "governance.view_notification",
        ]
        + case_perms(
            "view_case", "change_case", "register_case", "accept_case", "route_case", "handle_case",
            "approve_extension", "supervise_case", "urge_case", "archive_case", "reveal_personal_data",
        )
        + LEDGER_IMPORT,
    ),
    "staff": (
        "中心工作人员",
        [ADMIN_ACCESS, *ORG_VIEW, "governance.view_referenceitem", "governance.view_notification"]
        + case_perms("view_case", "change_case", "register_case", "accept_case", "route_case", "handle_case", "urge_case", "archive_case")
        + LEDGER_IMPORT,
    ),
    "reception": (
        "接待员",
        [ADMIN_ACCESS, *ORG_VIEW, "governance.view_notification", *QUEUE_DESK]
        + case_perms("view_case", "register_case", "reveal_personal_data"),
    ),
    "department": (
        "部门承办人",
        [ADMIN_ACCESS, "governance.view_department", "governance.view_notification"]
        + case_perms("view_case", "handle_case", "reveal_personal_data")
        + LEDGER_EXPORT,
    ),
    "county": (
        "县级督导",
        [ADMIN_ACCESS, *ORG_VIEW, "governance.view_staffprofile", "governance.view_notification", *REFERENCE]
        + case_perms("view_case", "supervise_case", "urge_case")
        + LEDGER_EXPORT,
    ),
    "workstation": (
        "工作站信息员",
        [ADMIN_ACCESS, "governance.view_workstation", "governance.view_notification"] + case_perms("view_case"),
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
