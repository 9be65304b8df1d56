"""The `editor` and `publisher` roles (accounts/permissions.py) as Wagtail groups, set by code.

After every migrate (post_migrate) the groups, their permissions, the page tree's roots, the
languages and the two-person workflow are put back exactly as written here; each CMS request
then puts the user in the groups their roles give them, and out of the others. Wagtail's users
and groups screens are refused (awareness/hosts.py), so none of this is edited by hand.

Nobody gets Wagtail's "publish" permission: a page is published only when a publisher who did
not write it approves it (awareness/workflow.py).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts import permissions
from accounts.models import Role

EDITORS = "CMS editors"
PUBLISHERS = "CMS publishers"
GROUP_OF_ROLE = {Role.EDITOR: EDITORS, Role.PUBLISHER: PUBLISHERS}
# (app label, codename) of the model permissions each group holds.
ADMIN_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("simple_translation", "submit_translation"),
]
# Page permissions, held on the root of the tree so they cover every page.
PAGE_PERMISSIONS = {EDITORS: ["add_page", "change_page"], PUBLISHERS: ["add_page", "change_page"]}
# Wagtail's migrations make these two with direct publishing rights; they must not exist.
STOCK_GROUPS = ["Editors", "Moderators"]
# Workflow and task names are rows, not gettext strings, and Wagtail shows them as stored
# ("等待 …" on a Chinese screen): so the name carries both site languages.
WORKFLOW_NAME = "双人审核 / Two-person approval"
OLD_WORKFLOW_NAMES = ["Two-person approval"]


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def sync_groups() -> None:
    """Make the groups, their permissions and the workflow exactly what this module says."""
    from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

    from awareness.tree import ensure_tree
    from awareness.workflow import TwoPersonApprovalTask

    with transaction.atomic():
        root = ensure_tree()
        Group.objects.filter(name__in=STOCK_GROUPS).delete()
        admin = [_permission(app, codename) for app, codename in ADMIN_PERMISSIONS]
        groups = {}
        for name, page_codenames in PAGE_PERMISSIONS.items():
            group, _new = Group.objects.get_or_create(name=name)
            group.permissions.set(admin)
            GroupPagePermission.objects.filter(group=group).delete()
            for codename in page_codenames:
                GroupPagePermission.objects.create(
                    group=group, page=root, permission=_permission("wagtailcore", codename)
                )
            groups[name] = group
        TwoPersonApprovalTask.objects.filter(name__in=OLD_WORKFLOW_NAMES).update(name=WORKFLOW_NAME)
        Workflow.objects.filter(name__in=OLD_WORKFLOW_NAMES).update(name=WORKFLOW_NAME)
        task = TwoPersonApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
        if task is None:
            task = TwoPersonApprovalTask.objects.create(name=WORKFLOW_NAME)
        task.active = True
        task.save()
        task.groups.set([groups[PUBLISHERS]])
        workflow, _new = Workflow.objects.update_or_create(
            name=WORKFLOW_NAME, defaults={"active": True}
        )
        WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        Workflow.objects.exclude(pk=workflow.pk).update(active=False)
        WorkflowPage.objects.exclude(workflow=workflow).delete()
        for page in Page.get_root_nodes():
            WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})


def sync_user(user) -> None:
    """Put the user in the groups of the CMS roles they hold (none unless may edit content)."""
    wanted = set()
    if permissions.can_edit_content(user):
        held = permissions.roles(user)
        wanted = {name for role, name in GROUP_OF_ROLE.items() if role in held}
    current = set(
        user.groups.filter(name__in=GROUP_OF_ROLE.values()).values_list("name", flat=True)
    )
    if wanted == current:
        return
    with transaction.atomic():
        if current - wanted:
            user.groups.remove(*Group.objects.filter(name__in=current - wanted))
        if wanted - current:
            user.groups.add(*Group.objects.filter(name__in=wanted - current))
    for cached in ("_perm_cache", "_group_perm_cache", "_group_approval_task_checks"):
        user.__dict__.pop(cached, None)


def sync_all_users() -> None:
    from accounts.models import User

    members = User.objects.filter(staff_roles__role__in=list(GROUP_OF_ROLE)) | User.objects.filter(
        groups__name__in=GROUP_OF_ROLE.values()
    )
    for user in members.distinct():
        sync_user(user)


def on_post_migrate(sender, using="default", **kwargs) -> None:
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # Those apps come after ours in INSTALLED_APPS: their permissions are not made yet.
    for label in ("wagtailcore", "wagtailadmin", "simple_translation"):
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    sync_groups()
    sync_all_users()
