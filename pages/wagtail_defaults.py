"""Chinese names for the records Wagtail's own migrations create in English.

Wagtail's migrations leave the groups "Editors" and "Moderators", the workflow and group-approval
task "Moderators approval", the root page "Root" and the root collection "Root". They are data, and
the admin shows them as they are (the user list, the group choices, the workflow screens, the page
tree, the collection chooser). After every migrate they are renamed, exactly those records and only
while they still carry Wagtail's default name: a name an administrator gave is never touched, and a
second run changes nothing. (No data migration: the rename follows Wagtail's migrations whatever
order they run in, on a new database as on an upgraded one.)
"""

# Group names are records shown as they are, hence Chinese literals (as governance.roles does).
RENAMES = {
    "group": {"Editors": "默认编辑组", "Moderators": "默认审核组"},
    "workflow": {"Moderators approval": "默认审核流程"},
    "task": {"Moderators approval": "默认审核组审批"},
    "root_page": {"Root": "根页面"},
    "root_collection": {"Root": "根收藏集"},
}


def _rename(queryset, field, renames):
    changed = 0
    for old, new in renames.items():
        if queryset.filter(**{field: new}).exists():
            continue
        changed += queryset.filter(**{field: old}).update(**{field: new})
    return changed


def rename_wagtail_defaults(using="default"):
    """Rename Wagtail's default records to Chinese; returns how many rows changed."""
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, Page, Task, Workflow

    changed = _rename(Group.objects.using(using), "name", RENAMES["group"])
    changed += _rename(Workflow.objects.using(using), "name", RENAMES["workflow"])
    changed += _rename(Task.objects.using(using), "name", RENAMES["task"])
    # The root page's title is shown in the page tree; draft_title is what the explorer reads.
    for old, new in RENAMES["root_page"].items():
        changed += Page.objects.using(using).filter(depth=1, title=old).update(title=new, draft_title=new)
    changed += _rename(Collection.objects.using(using).filter(depth=1), "name", RENAMES["root_collection"])
    return changed


def rename_wagtail_defaults_after_migrate(sender, using="default", **kwargs):
    """post_migrate: rename once Wagtail's tables exist (a partial migrate may stop before them)."""
    from django.db import connections

    tables = set(connections[using].introspection.table_names())
    if {"auth_group", "wagtailcore_page", "wagtailcore_workflow", "wagtailcore_task", "wagtailcore_collection"} <= tables:
        rename_wagtail_defaults(using)
