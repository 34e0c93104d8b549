"""Admin filters with hundreds of choices (issue #27): Wagtail's page explorer offers one
checkbox per site and its users list one per group (a thousand with 500 sites). Django renders
each checkbox through three templates, which took 40 ms of an explorer page and 90 ms of the
users list. `QuickCheckboxSelectMultiple` writes the same markup in Python (a test compares the
two); `use_quick_site_filter()` puts it on Wagtail's page filter sets at start-up
(warta.network.apps), warta.accounts.staff_admin on the users list's group filter.

Select boxes are the same story: the image and document choosers offer each site's collection
in three selects (1,500 options with 500 sites, 60% of the chooser's time). `render_select`
writes what django/forms/widgets/select.html and select_option.html write (a test compares them
over groups, selections, multiple selects and values of every type); `use_quick_selects()`
(warta.core.apps) renders every `Select` that keeps Django's two templates with it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    # As django/forms/widgets/attrs.html: False is left out, True is a bare name.
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class QuickCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """CheckboxSelectMultiple whose plain (ungrouped) choices are written without templates."""

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        # What Django's get_context() and optgroups() give the templates, computed once for
        # the list rather than as a dictionary of attributes per checkbox (500 of them).
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        base = self.build_attrs(self.attrs, attrs)
        if "checked" in base or not self.option_inherits_attrs:
            return super().render(name, value, attrs, renderer)
        values = self.format_value(value)
        own_id = base.get("id")
        names = list(base)
        at = names.index("id") if own_id else len(names)
        before = _attrs({k: base[k] for k in names[:at]})
        after = _attrs({k: base[k] for k in names[at + 1 :]})
        checked = _attrs(self.checked_attribute)
        input_name = conditional_escape(name)
        parts = []
        has_selected = False
        for index, (option_value, label) in enumerate(choices):
            if option_value is None:
                option_value = ""
            selected = (not has_selected or self.allow_multiple_selected) and str(
                option_value
            ) in values
            has_selected |= selected
            option_id = self.id_for_label(own_id, str(index)) if own_id else None
            id_attr = _attrs({"id": option_id}) if own_id else ""
            label_for = format_html(' for="{}"', option_id) if option_id else ""
            label_text: Any = label
            parts.append(
                f'<div>\n    <label{label_for}><input type="{self.input_type}" '
                f'name="{input_name}" value="{conditional_escape(str(option_value))}"'
                f"{before}{id_attr}{after}{checked if selected else ''}>"
                f"\n {conditional_escape(label_text)}</label>\n\n</div>"
            )
        css = base.get("class")
        opening = "<div"
        if own_id:
            opening += format_html(' id="{}"', own_id)
        if css:
            opening += format_html(' class="{}"', css)
        return mark_safe(f"{opening}>{''.join(parts)}\n</div>")  # noqa: S308 (escaped above)


def use_quick_site_filter() -> None:
    """Wagtail's page filter sets (the explorer, its search) render the site filter quickly."""
    from wagtail.admin.views.pages.listing import GenericPageFilterSet, PageFilterSet

    for filterset in (PageFilterSet, GenericPageFilterSet):
        for filters in (filterset.declared_filters, filterset.base_filters):
            site = filters.get("site")
            if site is not None:
                site.extra["widget"] = QuickCheckboxSelectMultiple


SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _shown(value: Any, context: Context) -> str:
    # As {{ value }}: localised, escaped.
    return str(render_value_in_context(value, context))


def _select_attrs(attrs: dict[str, Any], context: Context) -> str:
    # As django/forms/widgets/attrs.html, with `|stringformat:'s'` on the values.
    return "".join(
        f" {_shown(name, context)}"
        if value is True
        else f' {_shown(name, context)}="{_shown(stringformat(value, "s"), context)}"'
        for name, value in attrs.items()
        if value is not False
    )


def render_select(widget: dict[str, Any]) -> SafeString:
    """A select's markup from its template context (`widget.get_context()["widget"]`)."""
    context = Context()
    parts = [f'<select name="{_shown(widget["name"], context)}"']
    parts.append(_select_attrs(widget["attrs"], context))
    parts.append(">")
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name, context)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                raise _OwnTemplate
            parts.append(
                f'\n  <option value="{_shown(stringformat(option["value"], "s"), context)}"'
                f"{_select_attrs(option['attrs'], context)}>"
                f"{_shown(option['label'], context)}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (escaped above)


class _OwnTemplate(Exception):
    """An option with a template of its own: the select is rendered by its templates."""


def use_quick_selects() -> None:
    """Every select that keeps Django's templates is written by `render_select` (at
    start-up; nothing changes if the project overrides either template)."""
    from pathlib import Path

    import django
    from django.forms.renderers import get_default_renderer

    renderer = get_default_renderer()
    django_dir = Path(django.__file__).resolve().parent
    for name in (SELECT_TEMPLATE, OPTION_TEMPLATE):
        origin = renderer.get_template(name).origin.name
        if not Path(origin).resolve().is_relative_to(django_dir):
            return
    if getattr(forms.Select.render, "warta_quick", False):
        return
    by_template = forms.Select.render

    def render(
        self: forms.Select,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        if (
            self.template_name != SELECT_TEMPLATE
            or self.option_template_name != OPTION_TEMPLATE
            or (renderer is not None and renderer is not get_default_renderer())
        ):
            return by_template(self, name, value, attrs, renderer)
        try:
            return render_select(self.get_context(name, value, attrs)["widget"])
        except _OwnTemplate:
            return by_template(self, name, value, attrs, renderer)

    render.warta_quick = True  # type: ignore[attr-defined]
    forms.Select.render = render  # type: ignore[assignment]
