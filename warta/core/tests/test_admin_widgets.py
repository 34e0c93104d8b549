"""The quick checkbox list (warta.core.admin_widgets) writes exactly Django's markup, and the
admin filters with one checkbox per site or per role use it."""

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext_lazy as _lazy
from wagtail.models import Site

from warta.core.admin_widgets import QuickCheckboxSelectMultiple

CHOICES = [
    (1, "Warta [bawaan]"),
    (2, "Daerah <b>\"&' satu"),
    ("x y", "Tiga"),
    ("", "Kosong"),
]


@pytest.mark.parametrize(
    ("value", "attrs"),
    [
        (None, {"id": "id_site"}),
        ([2, "x y"], {"id": "id_site", "class": "w-a"}),
        (["1"], {}),
        ([1], {"id": "id_g", "data-x": True, "disabled": False, "data-y": 'a"b'}),
        (["", 2], {"data-a": "<1>", "id": "tengah", "class": "c", "required": True}),
        ([2], {"id": "", "data-b": "2"}),
    ],
)
def test_same_markup_as_django(value, attrs):
    django_widget = forms.CheckboxSelectMultiple(choices=CHOICES)
    quick = QuickCheckboxSelectMultiple(choices=CHOICES)
    expected = django_widget.render("site", value, attrs)
    assert quick.render("site", value, attrs) == expected
    assert "checked" in expected or not value


def test_grouped_choices_fall_back_to_django():
    choices = [("Jawa", [(1, "Jatim"), (2, "Jateng")]), (3, "Bali")]
    django_widget = forms.CheckboxSelectMultiple(choices=choices)
    quick = QuickCheckboxSelectMultiple(choices=choices)
    assert quick.render("g", [2], {"id": "g"}) == django_widget.render("g", [2], {"id": "g"})


@pytest.mark.django_db
def test_explorer_and_users_list_filters_use_it(admin_user):
    from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageFilterSet

    from warta.accounts.staff_admin import StaffFilterSet

    assert PageFilterSet.base_filters["site"].extra["widget"] is QuickCheckboxSelectMultiple
    assert GenericPageFilterSet.base_filters["site"].extra["widget"] is QuickCheckboxSelectMultiple
    staff_filters = StaffFilterSet(request=None)
    assert staff_filters.filters["group"].extra["widget"] is QuickCheckboxSelectMultiple

    group = Group.objects.create(name="Editor · <Uji>")
    client = Client()
    client.force_login(admin_user)
    users = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert f'name="group" value="{group.pk}"' in users
    assert "Editor · &lt;Uji&gt;</label>" in users
    site = Site.objects.first()
    assert site is not None
    pages = client.get(reverse("wagtailadmin_explore_root"), {"site": site.pk}).content.decode()
    assert f'name="site" value="{site.pk}"' in pages
    assert f'value="{site.pk}" id="id_site_0" checked>' in pages


# ---- select boxes ------------------------------------------------------------------------------

SELECT_CHOICES = [
    ("", "---------"),
    (1, "Koleksi <Jatim> \"&'"),
    (2, 2.5),
    (3, _lazy("Lain")),
    ("Jawa", [(4, "Jatim"), (5, "Jateng")]),
    (None, "Kosong"),
]


@pytest.mark.parametrize(
    ("widget_class", "value", "attrs"),
    [
        (forms.Select, None, {"id": "id_collection"}),
        (forms.Select, 2, {"id": "id_c", "class": "w-a", "data-x": 'a"b', "required": True}),
        (forms.Select, "4", {"disabled": False}),
        (forms.SelectMultiple, [1, 5], {"id": "id_m"}),
        (forms.NullBooleanSelect, True, {}),
    ],
)
def test_select_as_djangos_templates(widget_class, value, attrs):
    from django.forms.renderers import get_default_renderer

    from warta.core.admin_widgets import render_select

    widget = (
        widget_class()
        if widget_class is forms.NullBooleanSelect
        else widget_class(choices=SELECT_CHOICES)
    )
    context = widget.get_context("collection", value, attrs)
    expected = get_default_renderer().render(widget.template_name, context)
    assert render_select(context["widget"]) == expected
    assert getattr(forms.Select.render, "warta_quick", False)  # in place (warta.core.apps)
    assert widget.render("collection", value, attrs) == expected
    assert "selected" in expected or value is None


def test_a_select_with_its_own_template_keeps_it():
    class Own(forms.Select):
        template_name = "django/forms/widgets/radio.html"

    # Its own template (radio.html's wrapping divs), not a <select>.
    assert Own(choices=[(1, "Satu")]).render("x", 1).startswith("<div>")
