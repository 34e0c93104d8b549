"""Geometry of the dashboards' server-rendered SVG charts (templates in
analytics/admin/_columns.html and _bars.html): numbers in, coordinates out. The plot is drawn
in a unit box stretched to its container (text stays in HTML, so a phone still reads it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PLOT_HEIGHT = 100
SLOT = 10  # width of one column in the plot's own units
HEADROOM = 0.95


@dataclass(frozen=True)
class Column:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class ColumnChart:
    """Columns (this series) against a line (the comparison), on one scale."""

    columns: list[Column]
    line_points: str  # the SVG polyline's "x,y x,y ..."
    line_values: list[float]
    width: int
    height: int
    top: float  # the value at the top of the plot

    @property
    def rows(self) -> list[tuple[str, int, float | None]]:
        """(label, column value, line value) for the table under the chart."""
        line = self.line_values + [None] * (len(self.columns) - len(self.line_values))
        return [(c.label, c.value, v) for c, v in zip(self.columns, line, strict=False)]


def column_chart(values: list[int], line: Sequence[float], labels: list[str]) -> ColumnChart:
    count = max(len(values), len(line), 1)
    top = max([*values, *line, 1])
    scale = HEADROOM * PLOT_HEIGHT / top
    columns = []
    for index, value in enumerate(values):
        height = value * scale
        columns.append(
            Column(
                label=labels[index] if index < len(labels) else str(index),
                value=value,
                x=index * SLOT + 1,
                y=PLOT_HEIGHT - height,
                width=SLOT - 2,
                height=height,
            )
        )
    points = " ".join(
        f"{index * SLOT + SLOT / 2:g},{PLOT_HEIGHT - value * scale:.2f}"
        for index, value in enumerate(line)
    )
    return ColumnChart(columns, points, list(line), count * SLOT, PLOT_HEIGHT, top)


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int
    share: float  # percentage of the total
    width: float  # percentage of the plot (the largest bar is 100)


def bar_chart(items: list[tuple[str, str, int]]) -> list[Bar]:
    """Horizontal bars, one per (key, label, value), as shares of their total."""
    total = sum(value for _, _, value in items)
    largest = max([value for _, _, value in items] + [1])
    return [
        Bar(key, label, value, 100 * value / total if total else 0.0, 100 * value / largest)
        for key, label, value in items
    ]
