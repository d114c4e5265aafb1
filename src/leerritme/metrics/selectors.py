"""Reading the indicators: the scopes a person may choose, and the dashboard for a scope and period.

`dashboard()` costs a fixed number of queries however much data there is: one shared look-up of the
learning kinds recorded, one existence test per other source, and one or two grouped queries per indicator
present. Its numbers are cached per organisation, scope and period for a few minutes
(`METRICS_CACHE_SECONDS`); the page says as of when.
"""

from dataclasses import dataclass, field
from datetime import datetime

import django_scopes as scopes
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from leerritme.metrics import indicators as _indicators  # noqa: F401  (registers the indicators)
from leerritme.metrics.periods import Bucket, Period
from leerritme.metrics.registry import Context, Indicator, Scope, Series, registered_indicators
from leerritme.metrics.rules import is_ld, visible_team_ids
from leerritme.orgs.models import Organisation, Team

CACHE_SECONDS = 5 * 60


@dataclass(frozen=True)
class TeamRef:
    pk: int
    uuid: str
    name: str
    parent_id: int | None


@dataclass(frozen=True)
class ScopeOption:
    value: str
    label: str
    kind: str  # organisation, department, team


def team_refs() -> list[TeamRef]:
    """Every team of the organisation in scope as light tuples, by name (one query)."""
    return [TeamRef(pk, str(uuid), name, parent_id) for pk, uuid, name, parent_id in
            Team.objects.order_by("name").values_list("pk", "uuid", "name", "parent_id")]


def _children(refs: list[TeamRef]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for ref in refs:
        if ref.parent_id is not None:
            found.setdefault(ref.parent_id, []).append(ref.pk)
    return found


def _below(team_id: int, children: dict[int, list[int]]) -> frozenset[int]:
    """The team and every team under it."""
    found, todo = {team_id}, [team_id]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return frozenset(found)


def scope_options(person, refs: list[TeamRef] | None = None) -> list[ScopeOption]:
    """What the person may choose: the organisation (L&D), then departments, then teams, each by name."""
    refs = team_refs() if refs is None else refs
    visible = visible_team_ids(person, {ref.pk: ref.parent_id for ref in refs})
    children = _children(refs)
    options = [ScopeOption("organisation", str(_("The whole organisation")), "organisation")] if is_ld(person) \
        else []
    options += [ScopeOption(ref.uuid, ref.name, "department") for ref in refs
                if ref.pk in visible and ref.pk in children]
    options += [ScopeOption(ref.uuid, ref.name, "team") for ref in refs
                if ref.pk in visible and ref.pk not in children]
    return options


def scope_for(person, value: str, refs: list[TeamRef] | None = None) -> Scope:
    """The scope the person asked for ("organisation" or a team's uuid); 404 for an unknown team, 403 when the
    person may not see it."""
    refs = team_refs() if refs is None else refs
    if value in ("", "organisation"):
        if not is_ld(person):
            raise PermissionDenied
        return Scope(kind="organisation", name=str(person.organisation.name))
    ref = next((r for r in refs if r.uuid == value), None)
    if ref is None:
        raise Http404
    if ref.pk not in visible_team_ids(person, {r.pk: r.parent_id for r in refs}):
        raise PermissionDenied
    children = _children(refs)
    return Scope(kind="department" if ref.pk in children else "team", name=ref.name, uuid=ref.uuid,
                 team_ids=_below(ref.pk, children))


def default_scope_value(person, options: list[ScopeOption]) -> str | None:
    return options[0].value if options else None


@dataclass
class SeriesResult:
    key: str
    label: str
    values: list
    total: float | int | None
    in_chart: bool = True
    unit: str = "count"


@dataclass
class IndicatorResult:
    indicator: Indicator
    series: list[SeriesResult]
    buckets: list[Bucket] = field(default_factory=list)

    @property
    def chart_series(self) -> list[SeriesResult]:
        return [s for s in self.series if s.in_chart]

    @property
    def table_rows(self) -> list[tuple[Bucket, list]]:
        """Per bucket (value, unit) of every series: the rows of the table under the chart."""
        return [(bucket, [(s.values[index], s.unit) for s in self.series]) for index, bucket in enumerate(self.buckets)]


@dataclass
class Dashboard:
    organisation: Organisation
    scope: Scope
    period: Period
    results: list[IndicatorResult]
    computed_at: datetime
    absent: list[Indicator] = field(default_factory=list)

    @property
    def buckets(self) -> list[Bucket]:
        return self.period.buckets

    def of_group(self, group: str) -> list[IndicatorResult]:
        return [r for r in self.results if r.indicator.group == group]

    def result(self, slug: str) -> IndicatorResult | None:
        return next((r for r in self.results if r.indicator.slug == slug), None)


def compute_numbers(organisation: Organisation, scope: Scope, period: Period) -> dict:
    """The raw numbers of every indicator present: {slug: {"values": ..., "totals": ...}} (uncached)."""
    ctx = Context(organisation=organisation, scope=scope, period=period)
    numbers = {}
    # The organisation's own scope, also when called from a task or the home panel outside a request.
    with scopes.scope(organisation=organisation):
        for indicator in registered_indicators():
            if not indicator.available(ctx):
                continue
            computed = indicator.compute(ctx)
            numbers[indicator.slug] = {"values": computed.values, "totals": computed.totals,
                                       "labels": computed.labels}
    return numbers


def dashboard(organisation: Organisation, scope: Scope, period: Period, *, cached: bool = True) -> Dashboard:
    seconds = getattr(settings, "METRICS_CACHE_SECONDS", CACHE_SECONDS)
    key = f"metrics:{organisation.pk}:{scope.key}:{period.key}"
    stored = cache.get(key) if cached and seconds else None
    if stored is None:
        stored = {"numbers": compute_numbers(organisation, scope, period), "at": timezone.now()}
        if cached and seconds:
            cache.set(key, stored, seconds)
    numbers = stored["numbers"]
    results, absent = [], []
    for indicator in registered_indicators():
        found = numbers.get(indicator.slug)
        if found is None:
            absent.append(indicator)
            continue
        series = indicator.series
        if found.get("labels"):
            language = (get_language() or "nl")[:2]
            series = [Series(key, names.get(language) or names.get("nl") or key)
                      for key, names in found["labels"].items()]
        results.append(IndicatorResult(indicator, [
            SeriesResult(s.key, str(s.label), found["values"][s.key], found["totals"].get(s.key), s.in_chart,
                         indicator.unit if s.in_chart else "count")
            for s in series
        ], buckets=period.buckets))
    return Dashboard(organisation=organisation, scope=scope, period=period, results=results,
                     computed_at=stored["at"], absent=absent)
