"""Rows of the network dashboard's two 500-row tables (every site, and its bar), written in
Python (issue #27): through the template engine they were most of the page's time (3,500
lookups and number formats a table). Each row is what the template loop it replaces wrote, to
the byte (warta/analytics/tests/test_dashboards.py compares them with that loop)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import floatformat, stringformat
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def region_rows(context: template.Context, regions: Iterable[Any]) -> SafeString:
    """The network table's rows: a site's link, readers now, views and visitors today."""

    def shown(value: Any) -> str:
        return str(render_value_in_context(value, context))

    rows = []
    for region in regions:
        site = region.site
        url = reverse("analytics_admin_site", args=[site.pk])
        rows.append(
            f'\n          <tr data-site="{shown(site.pk)}">'
            f'\n            <th scope="row"><a href="{shown(url)}">{shown(site.site_name)}</a></th>'
            f'\n            <td class="warta-an__num">{shown(region.readers_now)}</td>'
            f'\n            <td class="warta-an__num">{shown(region.views_today)}</td>'
            f'\n            <td class="warta-an__num">{shown(region.visitors_today)}</td>'
            "\n          </tr>\n        "
        )
    return mark_safe("".join(rows))  # noqa: S308 (each value escaped by render_value_in_context)


@register.simple_tag(takes_context=True)
def bar_rows(context: template.Context, bars: Iterable[Any]) -> SafeString:
    """Horizontal bars' rows: label, a stretched SVG bar, value and share."""

    def shown(value: Any) -> str:
        return str(render_value_in_context(value, context))

    rows = []
    for bar in bars:
        width = shown(stringformat(bar.width, ".2f"))
        share = shown(floatformat(bar.share, 0))
        rows.append(
            f'\n      <tr data-key="{shown(bar.key)}">'
            f'\n        <th scope="row">{shown(bar.label)}</th>'
            '\n        <td class="warta-an__bar"><svg viewBox="0 0 100 10"'
            ' preserveAspectRatio="none" aria-hidden="true" focusable="false">'
            '<rect class="warta-an__bar-bg" x="0" y="0" width="100" height="10"/>'
            f'<rect class="warta-an__bar-fg" x="0" y="0" width="{width}" height="10"/></svg></td>'
            f'\n        <td class="warta-an__num">{shown(bar.value)}</td>'
            f'\n        <td class="warta-an__num warta-an__share">{share}'
            "&#8239;%</td>\n      </tr>\n    "
        )
    return mark_safe("".join(rows))  # noqa: S308 (each value escaped by render_value_in_context)
