"""Tenant isolation in the admin: one rule for what of the network a user sees and reaches.

A regional site belongs to a partner publisher. In the admin a user sees and reaches the work
of the sites they may edit (`roles.sites_user_may_edit`: the sites whose home page their
groups may add, change or publish below), and of every other site only what its readers see:
a page that is live, with no unpublished changes and no view restriction, under its published
headline. Such a page may be chosen (a related pin, a home slot, a link); nothing unpublished,
embargoed or pending of another site is listed, shown or accepted. Images and documents are
scoped by their collection (each site has its own, `roles.site_collection`), site settings by
site. Superusers and network admins see everything.

Wagtail's hooks and the few admin views without one (newsroom.admin_views) apply the rule
through the functions here; warta/core/tests/test_cross_site_access.py walks every admin URL
with another site's objects to prove it."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupSitePermission, Page, PageViewRestriction, Site
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from warta.newsroom.roles import NETWORK_ADMIN, sites_user_may_edit

SEES_EVERYTHING_CACHE = "_warta_sees_everything"


def sees_everything(user) -> bool:
    """Superusers and network admins: the rule's only exceptions (cached on the user)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, SEES_EVERYTHING_CACHE):
        setattr(user, SEES_EVERYTHING_CACHE, user.groups.filter(name=NETWORK_ADMIN).exists())
    return getattr(user, SEES_EVERYTHING_CACHE)


def _under(paths: list[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def own_site_paths(user) -> list[str]:
    """Tree paths of the home pages of the sites the user may edit."""
    return [site.root_page.path for site in sites_user_may_edit(user)]


def own_pages(user, pages: QuerySet) -> QuerySet:
    """The pages of `pages` under the sites the user may edit (all of them for the excepted)."""
    if sees_everything(user):
        return pages
    return pages.filter(_under(own_site_paths(user)))


def _public_q() -> Q:
    """Pages readers see as they are: live, nothing pending, no view restriction on them or
    above them."""
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    return Q(live=True, has_unpublished_changes=False) & ~_under(restricted)


def choosable_pages(user, pages: QuerySet) -> QuerySet:
    """What a page chooser offers: the user's own sites' pages, and other sites' public
    pages (shown by their published headline: nothing is pending)."""
    if sees_everything(user):
        return pages
    # By id: the chooser's search filters on indexed fields only, and these are not all.
    allowed = Page.objects.filter(_under(own_site_paths(user)) | _public_q()).values("pk")
    return pages.filter(pk__in=allowed)


def is_own_page(user, page: Page) -> bool:
    return sees_everything(user) or any(page.path.startswith(p) for p in own_site_paths(user))


def is_public_page(page: Page) -> bool:
    """Live and not under embargo or a view restriction: what any reader can open."""
    if not page.live:
        return False
    specific = page.specific_deferred if type(page) is Page else page
    embargo = getattr(specific, "embargo_until", None)
    if embargo is not None and embargo > timezone.now():
        return False
    return not PageViewRestriction.objects.filter(
        page__in=page.get_ancestors(inclusive=True)
    ).exists()


def may_reference(user, target: Model) -> bool:
    """Whether the user may point a field at `target` (a pin, a slot, a photo, a link): their
    own sites' pages, other sites' public pages, images and documents they may choose;
    anything without a site (authors, tags) is the network's."""
    if sees_everything(user):
        return True
    if isinstance(target, Page):
        return is_own_page(user, target) or is_public_page(target)
    policy = _collection_policy(target)
    if policy is not None:
        return media_user_may_see(user, policy).filter(pk=target.pk).exists()
    return True


def _collection_policy(target: Model):
    if isinstance(target, get_image_model() | get_document_model()):
        return policy_registry.get_by_type(type(target))
    return None


def media_user_may_see(user, policy) -> QuerySet:
    """Images or documents (by their permission policy) in the collections the user may
    choose from or change: a regional desk's own collection."""
    return policy.instances_user_has_any_permission_for(user, ["choose", "change"])


def visible_objects(user, objects: list) -> list:
    """The objects of a list the user may know about (bulk actions list the ones they may
    not act on by title: another site's must not be among them)."""
    if sees_everything(user):
        return objects
    kept = []
    for obj in objects:
        if isinstance(obj, Page):
            if is_own_page(user, obj):
                kept.append(obj)
        elif (policy := _collection_policy(obj)) is not None:
            if media_user_may_see(user, policy).filter(pk=obj.pk).exists():
                kept.append(obj)
        else:
            kept.append(obj)
    return kept


def display_title(user, page: Page) -> str:
    """A chosen page's title in a form: the editor's title for the user's own pages, the
    published headline of another site's page, and no headline at all for another site's
    page that is not public (pinned before it was withdrawn, or by a network admin)."""
    if is_own_page(user, page):
        return page.get_admin_display_title()
    if is_public_page(page):
        return page.title
    return _("Halaman situs lain yang belum terbit")


class SiteSettingsPolicy(SitePermissionPolicy):
    """Who may open and change a site's settings (Wagtail's per-site settings, e.g. the
    newsroom's quality gates): a `change_…` permission held through a group counts for the
    sites the user may edit only; a per-site grant (Wagtail's GroupSitePermission) counts for
    its site, as Wagtail means it. The settings menu, the site switcher and the edit view all
    ask this policy."""

    def sites_user_has_any_permission_for(self, user, actions):
        if sees_everything(user) or not self._user_has_global_permission(user, actions):
            return super().sites_user_has_any_permission_for(user, actions)
        granted = GroupSitePermission.objects.filter(
            group__user=user, permission__in=self._get_permission_objects_for_actions(actions)
        ).values("site")
        own = [site.pk for site in sites_user_may_edit(user)]
        return Site.objects.filter(Q(pk__in=own) | Q(pk__in=granted)).order_by("pk")

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not (user.is_authenticated and user.is_active):
            return False
        site_id = (
            instance.pk
            if isinstance(instance, Site)
            else getattr(instance, self.site_fk_field_name)
        )
        return self.sites_user_has_any_permission_for(user, actions).filter(pk=site_id).exists()


def scope_site_settings() -> None:
    """Give every registered per-site settings model the policy above (called once, when
    the newsroom app is ready; a settings model added later is covered too)."""
    for model in registry:
        if issubclass(model, BaseSiteSetting):
            register_permission_policy(model, SiteSettingsPolicy(model))
