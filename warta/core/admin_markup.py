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

ICON_TEMPLATE = "wagtailadmin/shared/icon.html"
BUTTON_TEMPLATE = "wagtailadmin/shared/button.html"
DROPDOWN_TEMPLATE = "wagtailadmin/shared/dropdown/dropdown.html"
DROPDOWN_BUTTON_TEMPLATES = (
    "wagtailadmin/shared/button_with_dropdown.html",
    # The page listing's "More" menu: extends the one above and changes nothing.
    "wagtailadmin/pages/listing/_button_with_dropdown.html",
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
        if dropdowns:
            from warta.core import admin_cells

            admin_cells.install()
