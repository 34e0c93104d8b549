"""The explorer's cells written in Python (warta.core.admin_cells) are byte for byte what
Wagtail's templates write, over the templates' branches, and Wagtail's columns use them."""

import datetime

import pytest
from django.template.loader import get_template
from django.utils import timezone

# ---- the page explorer's title cell ------------------------------------------------------------


def title_cells(request, pages, *, perms, parent=None):
    """(template, Python) renderings of the explorer's title cell for each page."""
    from django.contrib.auth.context_processors import PermWrapper
    from django.template.loader import get_template
    from wagtail.admin.ui.tables.pages import PageTitleColumn

    from warta.core.admin_cells import TITLE_CELL_TEMPLATE, render_page_title_cell

    column = PageTitleColumn("title", label="Judul", classname="title")
    parent_context = {
        "request": request,
        "row": None,
        "table": None,
        "perms": PermWrapper(request.user) if perms else None,
        "actions_next_url": "/admin/pages/?q=a&b=<c>",
        "show_locale_labels": False,
    }
    for page in pages:
        if parent is not None:
            page.annotated_parent_page = parent
        context = column.get_cell_context_data(page, parent_context)
        yield (
            get_template(TITLE_CELL_TEMPLATE).render(context),
            render_page_title_cell(column, context),
            column.render_cell_html(page, parent_context),
        )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["superuser", "reporter"])
def test_the_explorers_title_cell_as_wagtails_templates(site, rf, django_user_model, role):
    """Site root, folder and leaf; private, locked by me and by another; with a parent link;
    for a user who may manage sites and edit, and for one who may do neither."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page, PageViewRestriction

    from warta.articles.tests.factories import ArticlePageFactory
    from warta.channels.tests.factories import ChannelPageFactory

    home = Page.objects.get(pk=site.root_page_id).specific
    channel = ChannelPageFactory(title="Daerah <Timur> & 'Barat'", parent=home)
    story = ArticlePageFactory(parent=channel, title='Berita "satu"')
    locked = ArticlePageFactory(parent=channel, title="Terkunci")
    mine = ArticlePageFactory(parent=channel, title="Kuncian saya")
    PageViewRestriction.objects.create(page=story, restriction_type="login")
    if role == "superuser":
        user = django_user_model.objects.create_superuser("admin", "a@warta.localhost", "pw")
    else:
        user = django_user_model.objects.create_user("wartawan", "w@warta.localhost", "pw")
        group = Group.objects.create(name="Wartawan uji")
        GroupPagePermission.objects.create(
            group=group, page=story, permission=Permission.objects.get(codename="change_page")
        )
        user.groups.add(group)
    other = django_user_model.objects.create_user("lain", "l@warta.localhost", "pw")
    locked.locked, locked.locked_by = True, other
    locked.save()
    mine.locked, mine.locked_by = True, user
    mine.save()
    request = rf.get("/admin/pages/")
    request.user = user
    pages = [p.specific for p in (home, channel, story, locked, mine)]
    seen = []
    for perms, parent in ((True, None), (False, channel)):
        for expected, in_python, by_column in title_cells(
            request, pages, perms=perms, parent=parent
        ):
            assert in_python == expected
            assert by_column == expected
            seen.append(expected)
    joined = "".join(seen)
    assert "privacy-indicator" in joined and "indicator--is-dimmed" in joined
    assert "icon-folder" in joined and f'href="/admin/pages/{channel.pk}/"' in joined
    assert ("/admin/sites/" in joined) == (role == "superuser")
    assert (f'href="/admin/pages/{home.pk}/edit/"' in seen[0]) == (role == "superuser")
    assert f'href="/admin/pages/{story.pk}/edit/"' in seen[2]


@pytest.mark.django_db
def test_the_title_cell_with_locale_labels_is_left_to_the_templates(site, rf, admin_user):
    from django.template.loader import get_template
    from wagtail.admin.ui.tables.pages import PageTitleColumn
    from wagtail.models import Page

    from warta.core.admin_cells import TITLE_CELL_TEMPLATE, render_page_title_cell

    request = rf.get("/admin/pages/")
    request.user = admin_user
    column = PageTitleColumn("title", label="Judul")
    home = Page.objects.get(pk=site.root_page_id).specific
    parent_context = {"request": request, "row": None, "table": None, "perms": None}
    context = {**column.get_cell_context_data(home, parent_context), "show_locale_labels": True}
    assert render_page_title_cell(column, context) is None
    parent_context["show_locale_labels"] = True
    expected = get_template(TITLE_CELL_TEMPLATE).render(
        column.get_cell_context_data(home, parent_context)
    )
    assert column.render_cell_html(home, parent_context) == expected
    assert "w-status--label" in expected


# ---- status, date and navigation cells -----------------------------------------------------


def cell_pair(column, page, request):
    """(template, column) renderings of one cell."""
    context = column.get_cell_context_data(page, {"request": request, "row": None, "table": None})
    return get_template(column.cell_template_name).render(context), column.render_cell_html(
        page, {"request": request, "row": None, "table": None}
    )


@pytest.fixture
def pages(site):
    """A live story with a URL, a draft, a live page outside any site (no URL), a scheduled
    story, a channel with children (its title needs escaping) and one without."""
    from wagtail.models import Page

    from warta.articles.tests.factories import ArticlePageFactory
    from warta.channels.tests.factories import ChannelPageFactory

    home = Page.objects.get(pk=site.root_page_id).specific
    channel = ChannelPageFactory(title="Daerah <Timur> & 'Barat'", parent=home)
    live = ArticlePageFactory(parent=channel, title='Berita "satu" <b>')
    draft = ArticlePageFactory(parent=channel, title="Draf", live=False)
    orphan = ArticlePageFactory(parent=Page.get_first_root_node(), title="Tanpa situs")
    scheduled = ArticlePageFactory(parent=channel, title="Terjadwal")
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=2)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    empty = ChannelPageFactory(title="Kosong", parent=home)  # no children: "add a child page"
    return [p.specific for p in (home, channel, live, draft, orphan, scheduled, empty)]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_status_date_and_navigation_cells_as_wagtails_templates(
    pages, rf, admin_user, django_user_model, language
):
    from django.utils import translation
    from wagtail.admin.ui.tables import DateColumn, UpdatedAtColumn
    from wagtail.admin.ui.tables.pages import NavigateToChildrenColumn, PageStatusColumn

    reader = django_user_model.objects.create_user("pembaca", "p@warta.localhost", "pw")
    columns = [
        PageStatusColumn("status", label="Status", classname="status"),
        PageStatusColumn("status", label="Status"),
        DateColumn("latest_revision_created_at", label="Diperbarui", classname="updated"),
        DateColumn("first_published_at", label="Terbit"),
        DateColumn("go_live_at", label="Tayang"),  # None for most: an empty cell
        UpdatedAtColumn(),
        NavigateToChildrenColumn("navigate", width="10%"),
    ]
    for page in pages:
        page._updated_at = datetime.date(2026, 12, 6)  # a date, not a datetime
    seen = []
    with translation.override(language):
        for user in (admin_user, reader):
            request = rf.get("/admin/pages/")
            request.user = user
            for column in columns:
                for page in pages:
                    expected, by_column = cell_pair(column, page, request)
                    assert by_column == expected, (type(column).__name__, page.title)
                    seen.append(expected)
    joined = "".join(seen)
    assert '<a href="/" class="w-status w-status--primary"' in joined  # live, with its URL
    assert '<span class="w-status w-status--primary"' in joined  # live, no URL
    assert '<span class="w-status"' in joined  # a draft
    assert "w-human-readable-date" in joined and 'class="no-children"' in joined
    assert "icon-plus-inverse" in joined and "icon-arrow-right" in joined


@pytest.mark.django_db
def test_a_date_column_with_a_value_that_is_not_a_date_keeps_the_template(pages, rf, admin_user):
    from wagtail.admin.ui.tables import DateColumn

    from warta.core.admin_cells import render_date_cell

    request = rf.get("/admin/pages/")
    request.user = admin_user
    column = DateColumn("title", label="Judul")
    context = column.get_cell_context_data(
        pages[2], {"request": request, "row": None, "table": None}
    )
    assert render_date_cell(column, context) is None


def test_wagtails_explorer_columns_render_in_python():
    from wagtail.admin.ui.tables import DateColumn
    from wagtail.admin.ui.tables.pages import (
        NavigateToChildrenColumn,
        PageStatusColumn,
        PageTitleColumn,
    )

    for column in (DateColumn, NavigateToChildrenColumn, PageStatusColumn, PageTitleColumn):
        assert getattr(column.render_cell_html, "warta_python", False), column
