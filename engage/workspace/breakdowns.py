"""A theme broken down by neighbourhood and equality group, on the theme's page. Never commits."""

from __future__ import annotations

from dataclasses import dataclass

from engage.groups import BreakdownRow, Filter, split_for, theme_breakdown
from engage.models import Theme


@dataclass
class Breakdown:
    filter: Filter
    rows: list[BreakdownRow]


def read_chosen(args, offered: list[Filter]) -> tuple[list[str], bool]:
    """(the offered breakdowns chosen with ``?by=``, whether any other was asked for)."""
    keys = {f.key for f in offered}
    asked = [value.strip() for value in args.getlist("by") if value.strip()]
    return [f.key for f in offered if f.key in asked], any(value not in keys for value in asked)


def breakdowns(theme: Theme, chosen: list[str], offered: list[Filter], none_label: str,
               minimum: int) -> list[Breakdown]:
    """One suppressed table per chosen breakdown, in the order offered."""
    return [Breakdown(f, theme_breakdown(theme, split_for(theme.run.consultation, f.key), f.options, none_label,
                                         minimum))
            for f in offered if f.key in chosen]
