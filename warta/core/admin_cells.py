"""Cells of Wagtail's page explorer written in Python (issue #27).

The explorer of a 500-site network lists 50 pages with six cells each, every cell a template
with includes and inclusion tags (the title cell alone: five templates and an action menu).
The renderings here write exactly what those templates write; warta/core/tests/
test_admin_cells.py compares them byte for byte over the templates' branches (site root,
folder and leaf, private, locked by the user or another, live with and without a URL, draft,
may or may not edit or add), with the Wagtail installed, so an upgrade that changes a template
fails there first. `install()` (called by warta.core.admin_markup.install at start-up) puts
them on Wagtail's columns only when every template involved is Wagtail's own; a column of a
subclass with its own context, a cell with locale labels or a button with its own template
keeps the templates."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import (
    gettext as wagtail_text,
)  # Wagtail's msgids, Wagtail's catalogue

from warta.core.admin_markup import (
    _dropdown_in_python,
    _renders_in_python,
    _template_is_wagtails,
    render_icon,
)

TITLE_CELL_TEMPLATE = "wagtailadmin/pages/listing/_page_title_cell.html"
TITLE_CELL_TEMPLATES = (
    TITLE_CELL_TEMPLATE,
    "wagtailadmin/pages/listing/_page_title_explore.html",
    "wagtailadmin/pages/listing/_privacy_indicator.html",
    "wagtailadmin/pages/listing/_locked_indicator.html",
    "wagtailadmin/shared/buttons.html",
)


def _may_manage_sites(perms: Any) -> bool:
    # As {% if perms.wagtailcore.add_site or ... %}: a missing `perms` is false.
    try:
        app = perms["wagtailcore"]
        return bool(app["add_site"] or app["change_site"] or app["delete_site"])
    except (TypeError, KeyError, AttributeError):
        return False


def _privacy_indicator(page: Any, request: Any) -> str:
    """As wagtailadmin/pages/listing/_privacy_indicator.html."""
    from wagtail.admin.templatetags.wagtailadmin_tags import test_page_is_public

    out = "\n" * 6
    if not test_page_is_public({"request": request}, page):
        out += (
            '\n    <span\n        class="indicator privacy-indicator"\n        title="'
            f'{conditional_escape(wagtail_text("This page is protected from public view"))}"'
            f"\n    >\n        {render_icon('no-view', 'initial')}\n    </span>\n"
        )
    return out + "\n"


def _locked_indicator(page: Any, request: Any) -> str:
    """As wagtailadmin/pages/listing/_locked_indicator.html."""
    out = "\n" * 5
    if page.locked:
        mine = page.locked_by_id == request.user.pk
        title = (
            wagtail_text("This page is locked, by you, to further editing")
            if mine
            else wagtail_text("This page is locked to further editing")
        )
        out += (
            '\n    <span\n        class="indicator '
            f'{"" if mine else "indicator--is-dimmed"}"'
            f'\n        title="{conditional_escape(title)}"'
            f"\n    >\n        {render_icon('lock', 'initial')}\n    </span>\n"
        )
    return out + "\n"


def _listing_buttons(page: Any, request: Any, next_url: Any) -> str | None:
    """As `{% page_listing_buttons %}` (wagtailadmin/shared/buttons.html); None when a
    button would need its own template."""
    from wagtail.admin.templatetags.wagtailadmin_tags import page_listing_buttons

    values = page_listing_buttons({"request": request}, page, request.user, next_url=next_url)
    out = "\n"
    for button in values["buttons"]:
        out += "\n    "
        if button.show:
            if not (_renders_in_python(button) or _dropdown_in_python(button)):
                return None
            out += f"\n        <li>{button.render_html(values)}</li>\n    "
        out += "\n"
    return out + "\n"


def render_page_title_cell(column: Any, context: dict[str, Any]) -> SafeString | None:
    """As wagtailadmin/pages/listing/_page_title_cell.html with the explorer's title, its
    indicators and its action menu (_page_title_explore.html), given the column's cell
    context; None when the cell needs the templates (locale labels, a button of its own)."""
    from django.contrib.admin.utils import quote
    from django.urls import reverse

    if context.get("show_locale_labels"):
        return None
    page = context["instance"]
    request = context["request"]
    buttons = _listing_buttons(page, request, context.get("actions_next_url"))
    if buttons is None:
        return None
    site_root = page.is_site_root()
    out = '\n\n\n\n<div class="title-wrapper">\n    '
    if site_root:
        out += "\n        "
        if _may_manage_sites(context.get("perms")):
            out += (
                f'\n            <a href="{conditional_escape(reverse("wagtailsites:index"))}"'
                f' title="{conditional_escape(wagtail_text("Sites menu"))}">'
                f"{render_icon('site', 'initial')}</a>\n        "
            )
        out += "\n    "
    folder = "" if site_root or page.is_leaf() else render_icon("folder", "initial")
    title = (
        f'\n        <span id="page_{conditional_escape(quote(str(page.pk)))}_title">'
        f"\n            {folder}\n            "
        f"{conditional_escape(page.get_admin_display_title())}\n        </span>\n    "
    )
    out += "\n\n    \n    \n\n    "
    if context["page_perms"].can_edit():
        edit_url = reverse("wagtailadmin_pages:edit", args=(page.id,))
        out += (
            f'\n        <a href="{conditional_escape(edit_url)}"'
            f' title="{conditional_escape(wagtail_text("Edit this page"))}">'
            f"\n            {title}\n        </a>\n    "
        )
    else:
        out += f"\n        {title}\n    "
    out += (
        f"\n\n    \n\n    {_privacy_indicator(page, request)}\n    "
        f"{_locked_indicator(page, request)}\n</div>\n\n"
        f'<ul class="actions">\n    {buttons}\n</ul>\n'
    )
    classname = column.classname
    cell = "\n<td " + (f'class="{conditional_escape(classname)}"' if classname else "")
    cell += f" data-listing-page-title>\n    {out}\n    "
    parent = context.get("parent_page")
    if parent:
        cell += (
            "\n        <div>\n            <a href="
            f'"{conditional_escape(reverse("wagtailadmin_explore", args=(parent.id,)))}">'
            f"{render_icon('arrow-right', 'default')}"
            f"{conditional_escape(parent.get_admin_display_title())}</a>\n        </div>\n    "
        )
    return mark_safe(cell + "\n</td>\n")  # noqa: S308 (escaped above)


def _td(column: Any) -> str:
    # As <td {% if column.classname %}class="{{ column.classname }}"{% endif %}
    classname = column.classname
    return "<td " + (f'class="{conditional_escape(classname)}"' if classname else "")


STATUS_CELL_TEMPLATES = (
    "wagtailadmin/pages/listing/_page_status_cell.html",
    "wagtailadmin/shared/page_status_tag.html",
    "wagtailadmin/shared/status_tag.html",
)


def render_status_tag(
    label: Any = None,
    classname: Any = None,
    url: Any = None,
    title: Any = None,
    hidden_label: Any = None,
    attrs: Any = None,
) -> str:
    """As `{% status %}` (wagtailadmin/shared/status_tag.html)."""
    from wagtail.admin.templatetags.wagtailadmin_tags import classnames

    css = conditional_escape(classnames("w-status", classname))
    extra = f" {conditional_escape(attrs)}" if attrs else ""
    text = conditional_escape(label) if label else ""
    if url:
        out = f'\n    <a href="{conditional_escape(url)}" class="{css}"'
        out += (f' title="{conditional_escape(title)}" ' if title else "") + f"{extra}>\n        "
        if hidden_label:
            out += (
                f'\n            <span class="w-sr-only">{conditional_escape(hidden_label)}</span>'
                f" {text}\n        "
            )
        else:
            out += f"\n            {text}\n        "
        out += "\n    </a>\n"
    else:
        out = f'\n    <span class="{css}"{extra}>\n        '
        if hidden_label:
            out += f'<span class="w-sr-only">{conditional_escape(hidden_label)}</span>'
        out += f"\n        {text}\n    </span>\n"
    return f"\n{out}\n"


def render_status_cell(column: Any, context: dict[str, Any]) -> SafeString:
    """As wagtailadmin/pages/listing/_page_status_cell.html (page_status_tag.html)."""
    page = context["instance"]
    hidden = conditional_escape(wagtail_text("Current page status:"))
    out = "\n\n\n"
    if page.live:
        url = page.get_url(request=context.get("request"))  # as {% pageurl %}
        out += "\n    \n    "
        if url is not None:
            tag = render_status_tag(
                page.status_string,
                url=url,
                title=mark_safe(wagtail_text("Visit the live page")),  # noqa: S308 (a literal)
                hidden_label=hidden,
                classname="w-status--primary",
                attrs=mark_safe('target="_blank" rel="noreferrer"'),
            )
        else:
            tag = render_status_tag(
                page.status_string, hidden_label=hidden, classname="w-status--primary"
            )
        out += f"\n        {tag}\n    \n"
    else:
        out += f"\n    {render_status_tag(page.status_string, hidden_label=hidden)}\n"
    out += "\n"
    return mark_safe(f"{_td(column)}>\n    {out}\n</td>\n")  # noqa: S308 (escaped above)


DATE_CELL_TEMPLATES = (
    "wagtailadmin/tables/date_cell.html",
    "wagtailadmin/shared/human_readable_date.html",
)


def render_date_cell(column: Any, context: dict[str, Any]) -> SafeString | None:
    """As wagtailadmin/tables/date_cell.html (`{% human_readable_date %}`); None for a value
    that is not a date (the template's business)."""
    from django.template.defaultfilters import capfirst, date
    from django.utils.formats import get_format
    from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
    from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

    value = context["value"]
    inner = ""
    if value:
        if isinstance(value, datetime.datetime):
            tooltip_format = get_format("DATETIME_FORMAT") or "N j, Y, P"
        elif isinstance(value, datetime.date):
            tooltip_format = get_format("DATE_FORMAT") or "N j, Y"
        else:
            return None
        local = template_localtime(value)  # as the `date` filter receives it
        inner = (
            '\n\n<button type="button" class="w-human-readable-date" data-controller="w-tooltip"'
            f' data-w-tooltip-content-value="{conditional_escape(date(local, tooltip_format))}"'
            ' data-w-tooltip-placement-value="top">\n    <time class="w-human-readable-date__date"'
            f' datetime="{conditional_escape(date(local, "c"))}">\n        '
            f"{conditional_escape(capfirst(timesince_simple(value)))}\n    </time>\n    \n"
            "</button>\n"
        )
    return mark_safe(f"\n{_td(column)}>\n    {inner}\n</td>\n")  # noqa: S308 (escaped above)


NAVIGATION_TEMPLATE = "wagtailadmin/pages/listing/_navigation_explore.html"


def render_navigation_cell(column: Any, context: dict[str, Any]) -> SafeString:
    """As wagtailadmin/pages/listing/_navigation_explore.html."""
    from django.urls import reverse

    page = context["page"]
    navigable = page.is_navigable()
    out = f'\n\n\n\n<td class="{"children" if navigable else "no-children"}">\n    '
    link = None
    if navigable:
        link = ("wagtailadmin_explore", "Explore child pages of '%(title)s'", "arrow-right")
    elif context["page_perms"].can_add_subpage():
        link = ("wagtailadmin_pages:add_subpage", "Add a child page to '%(title)s'", "plus-inverse")
    if link is not None:
        view, message, icon = link
        label = wagtail_text(message) % {
            "title": conditional_escape(page.get_admin_display_title())
        }
        out += (
            f'\n        <a\n            href="{conditional_escape(reverse(view, args=(page.id,)))}"'
            f'\n            title="{label}"\n            aria-label="{label}"'
            f"\n        >{render_icon(icon, 'default')}</a>\n    "
        )
    return mark_safe(out + "\n</td>\n")  # noqa: S308 (escaped above)


def _put_on(
    column_class: Any,
    template: str,
    context_of: Any,
    render: Callable[[Any, dict[str, Any]], SafeString | None],
) -> None:
    """Render `column_class`'s cells with `render` while the column keeps Wagtail's template
    and its own context; `render` may return None to leave a cell to the template."""
    if getattr(column_class.render_cell_html, "warta_python", False):
        return
    by_template = column_class.render_cell_html

    def render_cell_html(self: Any, instance: Any, parent_context: Any) -> SafeString:
        if self.cell_template_name == template and type(self).get_cell_context_data is context_of:
            html = render(self, self.get_cell_context_data(instance, parent_context))
            if html is not None:
                return html
        return by_template(self, instance, parent_context)

    render_cell_html.warta_python = True  # type: ignore[attr-defined]
    column_class.render_cell_html = render_cell_html


def install() -> None:
    """Put the cell renderings on Wagtail's explorer columns (templates all Wagtail's own)."""
    from wagtail.admin.ui.tables import Column, DateColumn
    from wagtail.admin.ui.tables.pages import (
        NavigateToChildrenColumn,
        PageStatusColumn,
        PageTitleColumn,
    )

    def wagtails(*names: str) -> bool:
        return all(_template_is_wagtails(name) for name in names)

    if wagtails(*TITLE_CELL_TEMPLATES):
        _put_on(
            PageTitleColumn,
            TITLE_CELL_TEMPLATE,
            PageTitleColumn.get_cell_context_data,
            render_page_title_cell,
        )
    if wagtails(*STATUS_CELL_TEMPLATES):
        _put_on(
            PageStatusColumn,
            STATUS_CELL_TEMPLATES[0],
            PageStatusColumn.get_cell_context_data,
            render_status_cell,
        )
    if wagtails(*DATE_CELL_TEMPLATES):
        _put_on(DateColumn, DATE_CELL_TEMPLATES[0], Column.get_cell_context_data, render_date_cell)
    if wagtails(NAVIGATION_TEMPLATE):
        _put_on(
            NavigateToChildrenColumn,
            NAVIGATION_TEMPLATE,
            NavigateToChildrenColumn.get_cell_context_data,
            render_navigation_cell,
        )
