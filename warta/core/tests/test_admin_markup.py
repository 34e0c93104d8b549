"""Icons and buttons written in Python (warta.core.admin_markup) are byte for byte what
Wagtail's templates write, over every branch of the templates; they are in place; and one
page permission tester serves a page and user while Wagtail's cached permissions hold
(warta.core.page_permissions)."""

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from wagtail.admin.templatetags import wagtailadmin_tags
from wagtail.admin.widgets.button import (
    BaseButton,
    Button,
    ButtonWithDropdown,
    HeaderButton,
    ListingButton,
)

from warta.core.admin_markup import (
    BUTTON_TEMPLATE,
    ICON_TEMPLATE,
    render_button,
    render_dropdown_button,
    render_icon,
)


def wagtail_icon(**kwargs) -> str:
    """What the `{% icon %}` inclusion tag writes: its template with the tag's context."""
    context = {
        "name": kwargs.get("name"),
        "classname": kwargs.get("classname") or "icon",
        "title": kwargs.get("title"),
        "wrapped": kwargs.get("wrapped", False),
    }
    return get_template(ICON_TEMPLATE).render(context)


ICONS = [
    {"name": "edit"},
    {"name": "site", "classname": "initial"},
    {"name": "lock", "classname": "initial", "title": "Terkunci <oleh> \"Anda\" & 'kami'"},
    {"name": "folder", "wrapped": True},
    {"name": "cogs", "title": "Setelan", "wrapped": True, "classname": "w-w-4 w-h-4"},
    {"name": "x<y", "title": mark_safe("<b>tebal</b>")},
]


@pytest.mark.parametrize("kwargs", ICONS)
def test_icon_as_wagtails_template(kwargs):
    expected = wagtail_icon(**kwargs)
    assert render_icon(**kwargs) == expected
    assert "<svg" in expected


@pytest.mark.parametrize("kwargs", ICONS)
def test_the_icon_tag_writes_the_same(kwargs):
    assert getattr(wagtailadmin_tags.register.tags["icon"], "warta_python", False)
    template = Template(
        "{% load wagtailadmin_tags %}"
        "{% icon name=name classname=classname title=title wrapped=wrapped %}"
    )
    context = {"classname": None, "title": None, "wrapped": False, **kwargs}
    assert template.render(Context(context)) == wagtail_icon(**kwargs)


def test_the_icon_tag_still_wants_a_name():
    with pytest.raises(ValueError):
        Template("{% load wagtailadmin_tags %}{% icon %}").render(Context({}))


BUTTONS = [
    Button("Ubah", "/admin/pages/3/edit/?next=%2Fadmin%2Fpages%2F", icon_name="edit"),
    Button("Tampilkan <draf>", "/admin/pages/3/view_draft/", attrs={"rel": "noreferrer"}),
    Button("Tanpa tautan", icon_name="bin", attrs={"data-x": 'a"b'}),
    ListingButton("Kirim peringatan", "/admin/peringatan/3/", icon_name="warning", priority=6),
    ListingButton("Polos", "/a/?b=1&c=2", classname="extra"),
    HeaderButton("Ikon saja", "/admin/x/", icon_name="cogs", icon_only=True),
    Button(mark_safe("<span>aman</span>"), "/a/"),
]


@pytest.mark.parametrize("button", BUTTONS, ids=lambda b: str(b.label))
def test_button_as_wagtails_template(button):
    expected = get_template(BUTTON_TEMPLATE).render({"button": button, "request": None})
    assert render_button(button) == expected
    assert button.render_html({}) == expected


def menu() -> list:
    return [
        Button("Ubah", "/admin/pages/3/edit/", icon_name="edit", priority=10),
        Button("Hapus <semua>", "/admin/pages/3/delete/?a=1&b=2", icon_name="bin", priority=20),
        Button("Salin", "/admin/pages/3/copy/", priority=15, attrs={"rel": "noreferrer"}),
    ]


DROPDOWNS = [
    # The page explorer's "More" menu: no label, an icon, an aria-label with quotes.
    ButtonWithDropdown(
        "", buttons=menu(), icon_name="dots-horizontal", attrs={"aria-label": "Opsi 'Warta'"}
    ),
    ButtonWithDropdown("Lagi <ini>", buttons=menu(), classname="  extra  w-x "),
    ButtonWithDropdown("Tindakan", buttons=[], attrs={"data-x": 'a"b', "id": "aksi"}),
    ButtonWithDropdown(mark_safe("<b>Aman</b>"), buttons=menu()[:1], icon_name="cogs"),
]


@pytest.mark.parametrize("button", DROPDOWNS, ids=lambda b: str(b.label) or "ikon")
def test_dropdown_button_as_wagtails_templates(button):
    """The menu (button_with_dropdown.html, its {% dropdown %} tag and dropdown.html, each
    item through {% component %}) as the templates write it, items in priority order."""
    from laces.components import Component

    expected = Component.render_html(button, {"request": None})
    assert render_dropdown_button(button, {"request": None}) == expected
    assert button.render_html({"request": None}) == expected
    assert 'data-controller="w-dropdown"' in expected


def test_the_page_explorers_more_menu_is_written_as_wagtails_template(site, rf, admin_user):
    from laces.components import Component
    from wagtail.admin.templatetags.wagtailadmin_tags import page_listing_buttons
    from wagtail.admin.widgets.button import ButtonWithDropdownFromHook
    from wagtail.models import Page

    request = rf.get("/admin/pages/")
    request.user = admin_user
    context = {"request": request}
    home = Page.objects.get(pk=site.root_page_id).specific
    buttons = page_listing_buttons(context, home, admin_user)["buttons"]
    more = [b for b in buttons if isinstance(b, ButtonWithDropdownFromHook)]
    assert more, buttons
    expected = Component.render_html(more[0], context)
    assert more[0].render_html(context) == expected
    assert "/edit/" in expected and 'aria-label="' in expected


def test_buttons_with_their_own_template_keep_it():
    class Custom(BaseButton):
        def get_context_data(self, parent_context):
            return {**super().get_context_data(parent_context), "button": self}

    # A button with its own context data is rendered by the template (no Python shortcut).
    custom = Custom("Khusus", "/k/")
    expected = get_template(BUTTON_TEMPLATE).render({"button": custom, "request": None})
    assert custom.render_html({}) == expected


# ---- one page permission tester per page and user ---------------------------------------------


@pytest.mark.django_db
def test_one_tester_per_page_and_user_while_wagtails_cache_holds(site, django_user_model):
    from django.contrib.auth.models import Group, Permission
    from django.utils.functional import SimpleLazyObject
    from wagtail.models import GroupPagePermission, Page

    home = Page.objects.get(pk=site.root_page_id)
    group = Group.objects.create(name="Penyunting uji")
    GroupPagePermission.objects.create(
        group=group, page=home, permission=Permission.objects.get(codename="change_page")
    )
    user = django_user_model.objects.create_user("penyunting", "p@warta.localhost", "pw")
    user.groups.add(group)
    lazy = SimpleLazyObject(lambda: user)  # as request.user

    tester = home.permissions_for_user(lazy)
    assert tester.can_edit() and not tester.can_publish()
    assert home.permissions_for_user(lazy) is tester
    assert home.permissions_for_user(user) is tester
    # Another object of the same page, or Wagtail's cache dropped: a new tester, new answers.
    assert Page.objects.get(pk=home.pk).permissions_for_user(user) is not tester
    GroupPagePermission.objects.create(
        group=group, page=home, permission=Permission.objects.get(codename="publish_page")
    )
    assert home.permissions_for_user(user).can_publish() is False  # Wagtail's cache holds
    del user._page_permission_cache
    fresh = home.permissions_for_user(user)
    assert fresh is not tester and fresh.can_publish()
    # Another user object (the next request's): its own tester.
    again = django_user_model.objects.get(pk=user.pk)
    assert home.permissions_for_user(again) is not fresh
    assert home.permissions_for_user(again).can_publish()
