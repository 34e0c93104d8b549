"""Who may manage which staff account. Superusers manage everyone. Anyone else who may manage
users (the "Network admin" role) manages newsroom staff only: never a superuser, never another
user manager (their passwords included), and never anyone holding a role they could not grant.

A role (group) is grantable by a non-superuser when it carries nothing they do not hold
themselves (model permissions, page permissions on the same page or below, collection
permissions on the same collection or below) and no power over accounts or roles (add, change
or delete a user, group or permission). So a network admin may make someone a reporter or an
editor of any site, but only a superuser makes someone a network admin or a superuser."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from wagtail.models import GroupCollectionPermission, GroupPagePermission

# Permissions over accounts and roles: holding one is "managing users".
ACCOUNT_APP = "auth"
ACCOUNT_ACTIONS = ("add_", "change_", "delete_")

User = AbstractBaseUser | AnonymousUser


def _labels(permissions: Iterable) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def _manages_accounts(labels: set[str]) -> bool:
    return any(
        label.startswith(f"{ACCOUNT_APP}.") and label.split(".", 1)[1].startswith(ACCOUNT_ACTIONS)
        for label in labels
    )


class StaffAuthority:
    """What one acting user may do to accounts and roles. Built once per request: it reads
    every group's permissions in four queries and answers from memory after that."""

    def __init__(self, actor: User) -> None:
        self.actor = actor
        self.is_superuser = bool(getattr(actor, "is_superuser", False))
        self._grantable: set[int] | None = None

    # Roles

    def grantable_group_ids(self) -> set[int]:
        if self._grantable is None:
            self._grantable = self._compute_grantable()
        return self._grantable

    def grantable_groups(self) -> QuerySet[Group]:
        if self.is_superuser:
            return Group.objects.order_by("name")
        return Group.objects.filter(pk__in=self.grantable_group_ids()).order_by("name")

    def may_grant(self, group: Group) -> bool:
        return self.is_superuser or group.pk in self.grantable_group_ids()

    def _compute_grantable(self) -> set[int]:
        if self.is_superuser:
            return set(Group.objects.values_list("pk", flat=True))
        if not getattr(self.actor, "is_authenticated", False) or not self.actor.is_active:
            return set()
        held = self.actor.get_all_permissions()
        own_ids = set(self.actor.groups.values_list("pk", flat=True))
        page_rows = list(
            GroupPagePermission.objects.values_list("group_id", "page__path", "permission_id")
        )
        collection_rows = list(
            GroupCollectionPermission.objects.values_list(
                "group_id", "collection__path", "permission_id"
            )
        )
        own_pages = [(path, perm) for gid, path, perm in page_rows if gid in own_ids]
        own_collections = [(path, perm) for gid, path, perm in collection_rows if gid in own_ids]

        # Each group's rows, read once (a network of 500 sites has a thousand groups).
        pages_of: dict[int, list[tuple[str, int]]] = {}
        for gid, path, perm in page_rows:
            pages_of.setdefault(gid, []).append((path, perm))
        collections_of: dict[int, list[tuple[str, int]]] = {}
        for gid, path, perm in collection_rows:
            collections_of.setdefault(gid, []).append((path, perm))

        def covered(rows_of, own, group_id: int) -> bool:
            # Held on the same node or one above it (a tree path is a prefix of its children's).
            return all(
                any(perm == own_perm and path.startswith(own_path) for own_path, own_perm in own)
                for path, perm in rows_of.get(group_id, ())
            )

        # Each group's model permissions as plain labels (a thousand groups hold thousands of
        # permissions: reading them as models took most of a users listing's time).
        labels_of: dict[int, set[str]] = {
            gid: set() for gid in Group.objects.values_list("pk", flat=True)
        }
        for gid, app_label, codename in Group.permissions.through.objects.values_list(
            "group_id", "permission__content_type__app_label", "permission__codename"
        ):
            labels_of.setdefault(gid, set()).add(f"{app_label}.{codename}")

        grantable = set()
        for group_id, labels in labels_of.items():
            if _manages_accounts(labels) or not labels <= held:
                continue
            if covered(pages_of, own_pages, group_id) and covered(
                collections_of, own_collections, group_id
            ):
                grantable.add(group_id)
        return grantable

    # Accounts

    def refusal(self, target) -> str | None:
        """Why the actor may not edit, delete, deactivate or re-role `target`; None if they
        may. The actor's own account is theirs to edit (roles excepted, see the forms)."""
        if self.is_superuser:
            return None
        if target.is_superuser:
            return _("Akun superuser hanya dapat diubah oleh superuser.")
        if target.pk == getattr(self.actor, "pk", None):
            return None
        direct = _labels(target.user_permissions.all())
        if _manages_accounts(direct) or any(
            group.pk not in self.grantable_group_ids()
            and _manages_accounts(_labels(group.permissions.all()))
            for group in target.groups.all()
        ):
            return _("Akun pengelola pengguna hanya dapat diubah oleh superuser.")
        held = self.actor.get_all_permissions()
        if not direct <= held or any(
            group.pk not in self.grantable_group_ids() for group in target.groups.all()
        ):
            return _(
                "Akun ini memegang peran atau izin di luar wewenang Anda; "
                "hanya superuser yang dapat mengubahnya."
            )
        return None

    def may_manage(self, target) -> bool:
        return self.refusal(target) is None


def authority_for(request) -> StaffAuthority:
    """The acting user's authority, kept on the request so a listing asks once."""
    authority = getattr(request, "_warta_staff_authority", None)
    if authority is None or authority.actor is not request.user:
        authority = StaffAuthority(request.user)
        request._warta_staff_authority = authority
    return authority
