"""Wagtail admin markup that a page renders hundreds of times, written in Python (issue #27).

The page explorer of a 500-site network lists 50 pages, each with an action menu of up to ten
buttons and their icons: 450 renders of `wagtailadmin/shared/button.html` and 620 of
`wagtailadmin/shared/icon.html`, ~110 µs and ~50 µs each through the template engine (60 ms of
the page). `render_icon` and `render_button` write exactly what those two templates write
(warta/core/tests/test_admin_markup.py compares them byte for byte, over every branch of the
templates), and `install()` puts them in place at start-up (warta.core.apps):

- the `{% icon %}` tag of `wagtailadmin_tags` renders with `render_icon`;
- `Button` and `ListingButton` (and other buttons that keep the base template and context)
  render with `render_button`; other components are left to their templates.

Nothing is put in place when a project template overrides either template (the override
would no longer be rendered)."""

from __future__ import annotations

from typing import Any

from django.template import Context
from django.utils.functional import Promise
from django.utils.html import conditional_escape, strip_spaces_between_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

ICON_TEMPLATE = "wagtailadmin/shared/icon.html"
BUTTON_TEMPLATE = "wagtailadmin/shared/button.html"
DROPDOWN_TEMPLATE = "wagtailadmin/shared/dropdown/dropdown.html"
DROPDOWN_BUTTON_TEMPLATES = (
    "wagtailadmin/shared/button_with_dropdown.html",
    # The page listing's "More" menu: extends the one above and changes nothing.
    "wagtailadmin/pages/listing/_button_with_dropdown.html",
)
TITLE_CELL_TEMPLATE = "wagtailadmin/pages/listing/_page_title_cell.html"
TITLE_CELL_TEMPLATES = (
    TITLE_CELL_TEMPLATE,
    "wagtailadmin/pages/listing/_page_title_explore.html",
    "wagtailadmin/pages/listing/_privacy_indicator.html",
    "wagtailadmin/pages/listing/_locked_indicator.html",
    "wagtailadmin/shared/buttons.html",
)


def _text(value: Any, autoescape: bool = True) -> str:
    return str(conditional_escape(value)) if autoescape else str(value)


def render_icon(
    name: Any = None,
    classname: Any = None,
    title: Any = None,
    wrapped: Any = False,
    *,
    autoescape: bool = True,
) -> SafeString:
    """As `{% icon %}` (wagtailadmin/shared/icon.html inside `{% spaceless %}`)."""
    if not name:
        raise ValueError("You must supply an icon name")
    name_text = _text(name, autoescape)
    raw = "\n    \n    "
    if wrapped:
        raw += '<span class="icon-wrapper">'
    raw += (
        f'\n    <svg class="icon icon-{name_text} {_text(classname or "icon", autoescape)}"'
        f' aria-hidden="true">\n        <use href="#icon-{name_text}"></use>\n    </svg>\n    '
    )
    if title:
        raw += (
            f'\n        <span class="w-sr-only">\n            {_text(title, autoescape)}'
            "\n        </span>\n    "
        )
    raw += "\n    "
    if wrapped:
        raw += "</span>"
    raw += "\n    \n"
    return mark_safe(strip_spaces_between_tags(raw.strip()))  # noqa: S308 (escaped above)


def _icon_tag(context: Context, name=None, classname=None, title=None, wrapped=False) -> str:
    return render_icon(name, classname, title, wrapped, autoescape=context.autoescape)


def render_button(button: Any) -> SafeString:
    """As wagtailadmin/shared/button.html with the button as `button`."""
    label = button.label
    content = "\n    "
    if button.icon_name:
        content += f"\n        {render_icon(button.icon_name)}\n    "
    content += f"\n    {conditional_escape(label)}\n"
    url = button.url
    classname = conditional_escape(button.classname)
    attrs = conditional_escape(button.base_attrs_string)
    if url:
        tag = (
            f'\n    <a href="{conditional_escape(url)}" class="{classname}" {attrs}>'
            f"\n        {content}\n    </a>\n"
        )
    else:
        tag = f'\n    <button class="{classname}" {attrs}>\n        {content}\n    </button>\n'
    return mark_safe(f"\n\n\n\n{tag}\n")  # noqa: S308 (escaped above)


def render_dropdown_button(button: Any, parent_context: Any = None) -> SafeString:
    """As wagtailadmin/shared/button_with_dropdown.html (its `{% dropdown %}` tag with
    wagtailadmin/shared/dropdown/dropdown.html) with the button as `button`; each button of
    the menu renders itself, as `{% component %}` has it."""
    from wagtail.admin.templatetags.wagtailadmin_tags import classnames

    children = "\n    \n        "
    for item in sorted(button.dropdown_buttons):
        children += f"\n            {item.render_html(parent_context)}\n        "
    children += "\n    \n"
    label = button.label
    aria_label = button.aria_label
    toggle_classes = classnames(
        "w-dropdown__toggle", "" if label else "w-dropdown__toggle--icon", button.classname
    )
    toggle = (
        f'<button type="button" class="{conditional_escape(toggle_classes)}"'
        ' data-w-dropdown-target="toggle"'
        + (f' aria-label="{conditional_escape(aria_label)}"' if aria_label else "")
        + f">\n        {conditional_escape(label)}\n        "
        f"\n            "
        f"{render_icon(button.icon_name or 'arrow-down', 'w-dropdown__toggle-icon')}"
        "\n        \n        \n    </button>"
    )
    html = (
        '\n\n\n\n\n\n\n<div\n    data-controller="w-dropdown"\n    class="w-dropdown"\n'
        f"    {conditional_escape(button.base_attrs_string)}\n    \n    \n    \n    \n>\n"
        f"    {toggle}\n\n"
        '    <div data-w-dropdown-target="content" class="w-dropdown__content" hidden>\n'
        f"        {children}\n    </div>\n</div>\n\n"
    )
    return mark_safe(html)  # noqa: S308 (escaped above; the menu's buttons escape their own)


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
            f'{conditional_escape(gettext("This page is protected from public view"))}"'
            f"\n    >\n        {render_icon('no-view', 'initial')}\n    </span>\n"
        )
    return out + "\n"


def _locked_indicator(page: Any, request: Any) -> str:
    """As wagtailadmin/pages/listing/_locked_indicator.html."""
    out = "\n" * 5
    if page.locked:
        mine = page.locked_by_id == request.user.pk
        title = (
            gettext("This page is locked, by you, to further editing")
            if mine
            else gettext("This page is locked to further editing")
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
    shown = []
    for button in values["buttons"]:
        if not button.show:
            continue
        if not (_renders_in_python(button) or _dropdown_in_python(button)):
            return None
        shown.append(button)
    out = "\n"
    for button in values["buttons"]:
        out += "\n    "
        if button in shown:
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
                f' title="{conditional_escape(gettext("Sites menu"))}">'
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
            f' title="{conditional_escape(gettext("Edit this page"))}">'
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


def _dropdown_in_python(button: Any) -> bool:
    from wagtail.admin.widgets.button import BaseDropdownMenuButton

    return (
        isinstance(button, BaseDropdownMenuButton)
        and button.template_name in DROPDOWN_BUTTON_TEMPLATES
        and type(button).get_context_data is BaseDropdownMenuButton.get_context_data
        and isinstance(button.label, str | Promise)
    )


def _renders_in_python(button: Any) -> bool:
    from wagtail.admin.widgets.button import BaseButton

    cls = type(button)
    return (
        button.template_name == BUTTON_TEMPLATE
        and cls.get_context_data is BaseButton.get_context_data
        and isinstance(button.label, str | Promise)
    )


def _template_is_wagtails(name: str) -> bool:
    from pathlib import Path

    import wagtail
    from django.template.loader import get_template

    origin = get_template(name).origin.name  # type: ignore[attr-defined]
    return Path(origin).resolve().is_relative_to(Path(wagtail.__file__).resolve().parent)


def install() -> None:
    """Put the Python renderings in place of Wagtail's templates (at start-up, before any
    template is parsed)."""
    from wagtail.admin.templatetags import wagtailadmin_tags
    from wagtail.admin.widgets.button import BaseButton

    if _template_is_wagtails(ICON_TEMPLATE) and not getattr(
        wagtailadmin_tags.register.tags.get("icon"), "warta_python", False
    ):
        wagtailadmin_tags.register.simple_tag(takes_context=True, name="icon")(_icon_tag)
        wagtailadmin_tags.register.tags["icon"].warta_python = True
    dropdowns = all(
        _template_is_wagtails(name) for name in (DROPDOWN_TEMPLATE, *DROPDOWN_BUTTON_TEMPLATES)
    )
    if _template_is_wagtails(BUTTON_TEMPLATE) and not getattr(
        BaseButton.render_html, "warta_python", False
    ):
        by_template = BaseButton.render_html

        def render_html(self: Any, parent_context: Any = None) -> SafeString:
            if _renders_in_python(self):
                return render_button(self)
            if dropdowns and _dropdown_in_python(self):
                return render_dropdown_button(self, parent_context)
            return by_template(self, parent_context)

        render_html.warta_python = True  # type: ignore[attr-defined]
        BaseButton.render_html = render_html
        if dropdowns and all(_template_is_wagtails(name) for name in TITLE_CELL_TEMPLATES):
            _install_title_cell()


def _install_title_cell() -> None:
    from wagtail.admin.ui.tables.pages import PageTitleColumn

    if getattr(PageTitleColumn.render_cell_html, "warta_python", False):
        return
    by_template = PageTitleColumn.render_cell_html
    own_context = PageTitleColumn.get_cell_context_data

    def render_cell_html(self: Any, instance: Any, parent_context: Any) -> SafeString:
        if (
            self.cell_template_name == TITLE_CELL_TEMPLATE
            and type(self).get_cell_context_data is own_context
        ):
            html = render_page_title_cell(
                self, self.get_cell_context_data(instance, parent_context)
            )
            if html is not None:
                return html
        return by_template(self, instance, parent_context)

    render_cell_html.warta_python = True  # type: ignore[attr-defined]
    PageTitleColumn.render_cell_html = render_cell_html
