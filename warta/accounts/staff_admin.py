"""The admin's user management held to warta.accounts.staff: Wagtail's user views, forms and
bulk actions, each refusing what the acting user may not do to an account (a 403 page or a
form error naming why, never a 500). Wired in through Wagtail's `user_viewset` extension
point (warta.accounts.apps.StaffUsersConfig) and warta.accounts.wagtail_hooks."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import Group
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.bulk_actions import (
    AssignRoleBulkAction,
    DeleteBulkAction,
    SetActiveStateBulkAction,
)
from wagtail.users.views.users import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    UserFilterSet,
    UserViewSet,
)

from warta.accounts.staff import StaffAuthority, authority_for
from warta.core.admin_widgets import QuickCheckboxSelectMultiple

# Roles (groups) with their permissions, read once per listing instead of once per row.
ROLE_PREFETCH = ("groups__permissions__content_type", "user_permissions__content_type")


def refused(request, reason: str):
    """The admin's 403 page with the reason, inside the admin's frame."""
    return TemplateResponse(
        request,
        "accounts/staff_refused.html",
        {
            "reason": reason,
            "page_title": _("Tidak diizinkan"),
            "header_icon": "user",
            "users_url": reverse("wagtailusers_users:index"),
        },
        status=403,
    )


class StaffFormMixin:
    """Only a superuser grants or revokes superuser status; anyone else changes only the roles
    they may grant (warta.accounts.staff)."""

    def __init__(self, *args, authority: StaffAuthority | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.authority = authority
        if authority is None or authority.is_superuser:
            return
        if "is_superuser" in self.fields:
            field = self.fields["is_superuser"]
            field.disabled = True  # the posted value is ignored; the account's own is kept
            field.help_text = _("Hanya superuser yang dapat memberi atau mencabut status ini.")
        groups = self.fields["groups"]
        current = (
            set(self.instance.groups.values_list("pk", flat=True)) if self.instance.pk else set()
        )
        groups.queryset = Group.objects.filter(
            pk__in=authority.grantable_group_ids() | current
        ).order_by("name")
        groups.help_text = _(
            "Anda dapat memberi peran redaksi; peran pengelola pengguna hanya dari superuser."
        )
        groups.error_messages["invalid_choice"] = _(
            "Peran yang dipilih hanya dapat diberikan oleh superuser."
        )

    def clean_groups(self):
        chosen = set(self.cleaned_data.get("groups") or ())
        if self.authority is None or self.authority.is_superuser:
            return self.cleaned_data.get("groups")
        before = set(self.instance.groups.all()) if self.instance.pk else set()
        withheld = sorted(g.name for g in chosen ^ before if not self.authority.may_grant(g))
        if withheld:
            raise forms.ValidationError(
                _("Hanya superuser yang dapat memberi atau mencabut peran: %(roles)s.")
                % {"roles": ", ".join(withheld)}
            )
        return self.cleaned_data.get("groups")


class StaffUserCreationForm(StaffFormMixin, UserCreationForm):
    pass


class StaffUserEditForm(StaffFormMixin, UserEditForm):
    pass


class StaffFilterSet(UserFilterSet):
    """Wagtail's, its group filter (a checkbox per role: a thousand with 500 sites) rendered
    without a template per checkbox."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].extra["widget"] = QuickCheckboxSelectMultiple


class StaffIndexView(IndexView):
    """Accounts the user may not manage are listed without edit or delete links."""

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related(*ROLE_PREFETCH)

    def get_edit_url(self, instance):
        if authority_for(self.request).may_manage(instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if authority_for(self.request).may_manage(instance):
            return super().get_delete_url(instance)
        return None


class StaffCreateView(CreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "authority": authority_for(self.request)}


class StaffEditView(EditView):
    def run_before_hook(self):
        # Runs after Wagtail's own permission check, before the form is shown or saved.
        reason = authority_for(self.request).refusal(self.object)
        if reason is not None:
            return refused(self.request, reason)
        return super().run_before_hook()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "authority": authority_for(self.request)}


class StaffDeleteView(DeleteView):
    def run_before_hook(self):
        reason = authority_for(self.request).refusal(self.object)
        if reason is not None:
            return refused(self.request, reason)
        return super().run_before_hook()


class StaffUserViewSet(UserViewSet):
    index_view_class = StaffIndexView
    filterset_class = StaffFilterSet
    add_view_class = StaffCreateView
    edit_view_class = StaffEditView
    delete_view_class = StaffDeleteView
    # Wagtail's copy view saves a POST onto the account being copied (its form instance is
    # the original): a second, unchecked way to edit any account. Staff are added, not copied.
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm


# Bulk actions on the users listing: the same rule per selected account.


class StaffDeleteBulkAction(DeleteBulkAction):
    def check_perm(self, obj):
        return super().check_perm(obj) and authority_for(self.request).may_manage(obj)


class StaffSetActiveStateBulkAction(SetActiveStateBulkAction):
    def check_perm(self, obj):
        return super().check_perm(obj) and authority_for(self.request).may_manage(obj)


class StaffAssignRoleBulkAction(AssignRoleBulkAction):
    """Only roles the user may grant are offered; another posted role is a form error."""

    def check_perm(self, obj):
        return super().check_perm(obj) and authority_for(self.request).may_manage(obj)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["role"].queryset = authority_for(self.request).grantable_groups()
        form.fields["role"].error_messages["invalid_choice"] = gettext_lazy(
            "Peran ini hanya dapat diberikan oleh superuser."
        )
        return form


STAFF_BULK_ACTIONS = [
    StaffDeleteBulkAction,
    StaffSetActiveStateBulkAction,
    StaffAssignRoleBulkAction,
]
