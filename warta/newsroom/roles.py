"""Newsroom roles as Wagtail groups. Network-wide groups get permissions on the tree root;
per-site groups ("Editor · Warta Jatim") on that site's home page, so regional scoping is the
same mechanism with a narrower page. Idempotent: safe on every migrate."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permissions import page_permission_policy

from warta.core.sites.lookup import all_sites
from warta.core.sites.pages import STORY_TYPES

REPORTER = "Reporter"
EDITOR = "Editor"
NETWORK_ADMIN = "Network admin"
WORKFLOW_NAME = "Persetujuan redaksi"
TASK_NAME = "Persetujuan editor"

# What each role may do to pages below its root (Wagtail's page permission codenames).
PAGE_PERMISSIONS = {
    REPORTER: ["add_page"],
    EDITOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    NETWORK_ADMIN: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
COLLECTION_PERMISSIONS = {
    REPORTER: ["add_image", "choose_image", "add_document", "choose_document"],
    EDITOR: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    NETWORK_ADMIN: [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
}
MODEL_PERMISSIONS = {
    REPORTER: [
        ("wagtailadmin", "access_admin"),
        ("articles", "view_author"),
        ("ingest", "view_ingestitem"),
    ],
    EDITOR: [
        ("wagtailadmin", "access_admin"),
        ("articles", "view_author"),
        ("articles", "add_author"),
        ("articles", "change_author"),
        ("newsroom", "change_newsroomsettings"),
        ("ingest", "view_ingestitem"),
        ("ingest", "view_feedsource"),
        ("ingest", "add_feedsource"),
        ("ingest", "change_feedsource"),
    ],
    NETWORK_ADMIN: [
        ("wagtailadmin", "access_admin"),
        ("articles", "view_author"),
        ("articles", "add_author"),
        ("articles", "change_author"),
        ("articles", "delete_author"),
        ("newsroom", "change_newsroomsettings"),
        ("core", "change_sitesettings"),
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("auth", "view_user"),
        ("wagtailcore", "add_site"),
        ("wagtailcore", "change_site"),
        ("wagtailcore", "add_workflow"),
        ("wagtailcore", "change_workflow"),
        ("wagtailcore", "add_task"),
        ("wagtailcore", "change_task"),
        ("ingest", "view_ingestitem"),
        ("ingest", "view_feedsource"),
        ("ingest", "add_feedsource"),
        ("ingest", "change_feedsource"),
        ("ingest", "delete_feedsource"),
        ("network", "view_partnerapplication"),
        ("network", "change_partnerapplication"),
    ],
}


def _permission(app_label: str, codename: str) -> Permission | None:
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def site_collection(site: Site) -> Collection:
    """The image and document collection of one site (made on first use), so a regional desk
    sees and changes only its own files."""
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=site.site_name).first()
    return found or root.add_child(name=site.site_name)


def _grant(group: Group, role: str, root: Page, collection: Collection | None = None) -> None:
    for codename in PAGE_PERMISSIONS[role]:
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=_permission("wagtailcore", codename)
        )
    collection = collection or Collection.get_first_root_node()
    for codename in COLLECTION_PERMISSIONS[role]:
        app = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
        permission = _permission(app, codename)
        if permission is not None and collection is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    group.permissions.add(*filter(None, (_permission(a, c) for a, c in MODEL_PERMISSIONS[role])))


# Page permissions that make a site the user's to write for (reporters only add pages).
EDITING_PERMISSIONS = {"add_page", "change_page", "publish_page"}


def sites_user_may_edit(user) -> list[Site]:
    """The sites whose pages the user may write: every site for a superuser; otherwise each
    site whose home page, or a page above it (network admins hold the tree root), one of the
    user's groups may add, change or publish pages below. One query, cached on the user."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(all_sites())
    grants = page_permission_policy.get_cached_permissions_for_user(user)
    held = [g.page.path for g in grants if g.permission.codename in EDITING_PERMISSIONS]
    return [site for site in all_sites() if any(site.root_page.path.startswith(p) for p in held)]


def may_create_page_type(user, model: type[Page], parent: Page) -> bool:
    """Reporters write stories: any other page type (a channel "Kanal", a trust page) is made
    only by those who may publish where it would go (editors, network admins), since it
    changes a site's structure the moment it is published."""
    if issubclass(model, tuple(STORY_TYPES)):
        return True
    return parent.permissions_for_user(user).can_publish_subpage()


def group_name(role: str, site: Site | None) -> str:
    return role if site is None else f"{role} · {site.site_name}"


@transaction.atomic
def setup_roles(*, per_site: bool = False) -> list[Group]:
    """Network admins on the tree root; network-wide reporters and editors on every site's
    home page (never the root, where adding a page would create a site); with `per_site`, a
    reporter and an editor group for each site alone. Plus the approval workflow."""
    root = Page.get_first_root_node()
    if root is None:
        return []
    sites = list(Site.objects.select_related("root_page").order_by("pk"))
    admin, _ = Group.objects.get_or_create(name=NETWORK_ADMIN)
    _grant(admin, NETWORK_ADMIN, root)
    groups = [admin]
    for role in (REPORTER, EDITOR):
        group, _ = Group.objects.get_or_create(name=role)
        for site in sites:
            _grant(group, role, site.root_page)
        groups.append(group)
    if per_site:
        for site in sites:
            groups += setup_site_roles(site, workflow=False)
    _setup_workflow(root)
    return groups


@transaction.atomic
def setup_site_roles(site: Site, *, workflow: bool = True) -> list[Group]:
    """A reporter and an editor group for one site: pages below its home, files in its own
    collection, nothing of any other site. Idempotent."""
    collection = site_collection(site)
    groups = []
    for role in (REPORTER, EDITOR):
        group, _ = Group.objects.get_or_create(name=group_name(role, site))
        # Earlier versions granted the root collection: a regional desk keeps only its own.
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=collection
        ).delete()
        _grant(group, role, site.root_page, collection)
        groups.append(group)
    if workflow:
        _setup_workflow(Page.get_first_root_node())
    _setup_site_workflow(site, groups[1])
    return groups


def _approval_workflow(name: str, task_name: str, groups) -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
    task.groups.set(groups)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def _setup_workflow(root: Page) -> None:
    """Network-wide editors approve everywhere. Replaces Wagtail's default "Moderators
    approval" on the root: stories go to editors."""
    everywhere = Group.objects.filter(name__in=[EDITOR, NETWORK_ADMIN])
    workflow = _approval_workflow(WORKFLOW_NAME, TASK_NAME, everywhere)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def _setup_site_workflow(site: Site, site_editors: Group) -> None:
    """A site's own approval step, so its editors review its stories and nobody else's: a
    task's reviewers may open the page in the editor, so one shared task would let a regional
    editor into every site's stories in moderation."""
    reviewers = Group.objects.filter(name__in=[EDITOR, NETWORK_ADMIN]) | Group.objects.filter(
        pk=site_editors.pk
    )
    workflow = _approval_workflow(
        f"{WORKFLOW_NAME} · {site.site_name}", f"{TASK_NAME} · {site.site_name}", reviewers
    )
    WorkflowPage.objects.update_or_create(page=site.root_page, defaults={"workflow": workflow})
