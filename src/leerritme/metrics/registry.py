"""The indicator registry: what each indicator is, how it is computed and when it exists at all.

An indicator has a slug, a label, a group (output: what people did; outcome: what changed), a unit, one or
more series (formal and informal hours; planned and held meetings), a `compute(context)` that returns a
value per bucket for each series in a fixed number of queries, and an `available(context)` test: an
indicator whose source does not exist yet in the organisation (no budget rules, no rhythm, no scan run) is
absent from the dashboard and the exports, not shown as zero.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from leerritme.metrics.periods import Period
from leerritme.orgs.models import Organisation, TeamMembership

OUTPUT, OUTCOME = "output", "outcome"
GROUPS = {OUTPUT: _("Outputs: what people did"), OUTCOME: _("Outcomes: what changed")}
UNITS = {
    "hours": _("hours"),
    "euros": _("euros"),
    "count": _("number"),
    "score": _("average score (1–5)"),
}


@dataclass(frozen=True)
class Scope:
    """The organisation, a department (a team with teams under it, and those teams) or one team."""

    kind: str  # "organisation", "department" or "team"
    name: str
    uuid: str = ""
    team_ids: frozenset[int] | None = None  # None: the whole organisation

    @property
    def key(self) -> str:
        return self.uuid or "organisation"

    @property
    def is_organisation(self) -> bool:
        return self.team_ids is None


@dataclass
class Context:
    """What an indicator computes over; filters on people and teams in the scope, shared lookups."""

    organisation: Organisation
    scope: Scope
    period: Period
    _memo: dict = field(default_factory=dict)

    def people(self, path: str) -> Q:
        """Rows whose person (at `path`) is in a team of the scope (today's team memberships)."""
        if self.scope.is_organisation:
            return Q()
        members = TeamMembership.objects.filter(team_id__in=sorted(self.scope.team_ids)).values("person_id")
        return Q(**{f"{path}__in": members})

    def teams(self, path: str) -> Q:
        """Rows whose team (at `path`) is in the scope."""
        if self.scope.is_organisation:
            return Q()
        return Q(**{f"{path}__in": sorted(self.scope.team_ids)})

    def memo(self, key: str, compute: Callable):
        """A lookup shared by several indicators (such as which learning kinds exist), made once."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @cached_property
    def size(self) -> int:
        return len(self.period.buckets)

    def zeros(self) -> list:
        return [0] * self.size


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    in_chart: bool = True  # False for a count beside averages (check-out answers): in the table only


@dataclass(frozen=True)
class Computed:
    """Per series a value for each bucket, and the period's total (a sum, or a pooled average)."""

    values: dict[str, list]
    totals: dict[str, float | int | None]
    # For an indicator whose series come from data (a scan's dimensions): key -> {"nl": ..., "en": ...}.
    labels: dict[str, dict[str, str]] | None = None


@dataclass(frozen=True)
class Indicator:
    slug: str
    label: str
    group: str
    unit: str
    series: tuple[Series, ...]
    compute: Callable[[Context], Computed]
    available: Callable[[Context], bool]
    description: str = ""
    chart: str = "bar"  # "bar" or "line"
    order: int = 100
    low: float | None = None  # the chart's fixed range, for scores
    high: float | None = None

    @property
    def unit_label(self) -> str:
        return UNITS.get(self.unit, self.unit)


_indicators: dict[str, Indicator] = {}


def register_indicator(indicator: Indicator) -> Indicator:
    _indicators[indicator.slug] = indicator
    return indicator


def registered_indicators() -> list[Indicator]:
    return sorted(_indicators.values(), key=lambda i: (i.group != OUTPUT, i.order, i.slug))


def get_indicator(slug: str) -> Indicator | None:
    return _indicators.get(slug)


def summed(values: dict[str, list], *, digits: int | None = None) -> Computed:
    """Totals as the sum of the buckets (rounded to `digits` when given)."""
    totals = {}
    for key, row in values.items():
        total = sum(v for v in row if v is not None)
        totals[key] = round(total, digits) if digits is not None else total
    return Computed(values=values, totals=totals)
