"""Reads of the scan: a run's results per shown group, trends across runs, recommendations, my surveys.

Results read only published responses and only the groups of the run's latest publication (see
anonymity.py), so every number here is over at least the run's minimum group size and no subtraction of
shown numbers singles out a smaller group. A constant number of queries per run; the arithmetic is numpy.
"""

import random
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from leerritme.orgs.models import Organisation, Team
from leerritme.practices.models import Practice
from leerritme.scan import anonymity
from leerritme.scan.models import Dimension, Response, Run, RunToken

WEAK = 0.6  # a dimension below 60 % of the scale's range counts as weak
RECOMMEND_DIMENSIONS = 2


def cronbach_alpha(matrix: np.ndarray) -> float | None:
    """Cronbach's alpha of a respondents x items matrix (complete rows only); None when undefined."""
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2 or matrix.shape[1] < 2:
        return None
    matrix = matrix[~np.isnan(matrix).any(axis=1)]
    if matrix.shape[0] < 2:
        return None
    k = matrix.shape[1]
    total_variance = matrix.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return None
    return float(k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / total_variance))


@dataclass
class DimensionResult:
    dimension: Dimension
    n: int
    mean: float | None
    share: float | None  # the mean as 0..1 of the scale's range, for comparing and bars
    distribution: list[tuple[int, int, int]]  # (scale value, answers, percentage)
    alpha: float | None = None
    trend: float | None = None  # health check: -1 worse .. +1 better
    versus_organisation: float | None = None


@dataclass
class GroupResult:
    node: int
    name: str
    kind: str  # organisation | department | team
    n: int
    dimensions: list[DimensionResult]
    comments: list[str] = field(default_factory=list)

    @property
    def weakest(self) -> list[DimensionResult]:
        weak = [d for d in self.dimensions if d.share is not None and d.share < WEAK]
        return sorted(weak, key=lambda d: d.share)[:RECOMMEND_DIMENSIONS]


@dataclass
class RunResults:
    run: Run
    publication: int | None
    groups: list[GroupResult]
    answered: int
    invited: int
    waiting: int  # answered, not yet shown: they wait for enough new answers beside them

    def group(self, node: int) -> GroupResult | None:
        return next((g for g in self.groups if g.node == node), None)

    @property
    def organisation(self) -> GroupResult | None:
        return self.group(anonymity.ROOT)


def _decode(vectors: list[str], width: int) -> np.ndarray:
    """One digit per statement -> a float matrix with NaN for "no answer"."""
    if not vectors:
        return np.empty((0, width))
    codes = np.frombuffer("".join(v.ljust(width, "0")[:width] for v in vectors).encode("ascii"), dtype=np.uint8)
    matrix = (codes.reshape(len(vectors), width) - 48).astype(float)
    matrix[matrix == 0] = np.nan
    return matrix


class _Sums:
    """Per reporting group and dimension: answered responses, the sum of dimension scores, answers per value
    and trend sums. Every shown node's numbers are its groups' rows added up: one matrix product per figure
    (nodes x groups membership times groups x dimensions), so 200 teams cost one pass."""

    def __init__(self, instrument, dimensions, items, matrix, trends, group_of):
        values = instrument.values
        low, high = min(values), max(values)
        reverse = np.array([rev for _pk, _dim, rev in items], dtype=bool)
        if reverse.any():
            matrix[:, reverse] = low + high - matrix[:, reverse]
        self.matrix = matrix
        self.groups, index = np.unique(group_of, return_inverse=True)
        self.position = {int(g): i for i, g in enumerate(self.groups)}
        size, width = len(self.groups), len(dimensions)
        self.columns = [[i for i, (_pk, dim, _rev) in enumerate(items) if dim == d.pk] for d in dimensions]
        self.responses = np.bincount(index, minlength=size).astype(float)
        self.answered = np.zeros((size, width))
        self.score_sum = np.zeros((size, width))
        self.counts = np.zeros((len(values), size, width))
        self.trend_sum = np.zeros((size, width))
        self.trend_n = np.zeros((size, width))
        self.has_trend = trends is not None
        for d, cols in enumerate(self.columns):
            sub = matrix[:, cols]
            per_row = (~np.isnan(sub)).sum(axis=1)
            answered = per_row > 0
            score = np.divide(np.nansum(sub, axis=1), per_row, out=np.zeros(len(sub)), where=answered)
            self.answered[:, d] = np.bincount(index, weights=answered, minlength=size)
            self.score_sum[:, d] = np.bincount(index, weights=score, minlength=size)
            for v, value in enumerate(values):
                self.counts[v, :, d] = np.bincount(index, weights=(sub == value).sum(axis=1), minlength=size)
            if trends is not None and cols:
                t = trends[:, cols]
                self.trend_sum[:, d] = np.bincount(index, weights=np.nansum(t, axis=1), minlength=size)
                self.trend_n[:, d] = np.bincount(index, weights=(~np.isnan(t)).sum(axis=1), minlength=size)


def _node_results(instrument, dimensions, sums: _Sums, covers: list, alpha_row: int | None):
    """For each cover (a node's groups): its responses and its DimensionResults."""
    values = instrument.values
    low, high = min(values), max(values)
    # All of a group's figures side by side, so a node is one sum over its groups' rows (no BLAS threads).
    width, kinds = len(dimensions), len(values)
    stacked = np.hstack([sums.responses[:, None], sums.answered, sums.score_sum,
                         sums.counts.transpose(1, 0, 2).reshape(len(sums.groups), kinds * width),
                         sums.trend_sum, sums.trend_n])
    per_node = np.array([stacked[[sums.position[g] for g in covered if g in sums.position]].sum(axis=0)
                         for covered in covers]).reshape(len(covers), stacked.shape[1])
    responses = per_node[:, 0]
    answered = per_node[:, 1:1 + width]
    score_sum = per_node[:, 1 + width:1 + 2 * width]
    counts = per_node[:, 1 + 2 * width:1 + (2 + kinds) * width].reshape(len(covers), kinds, width)
    trend_sum = per_node[:, 1 + (2 + kinds) * width:1 + (3 + kinds) * width]
    trend_n = per_node[:, 1 + (3 + kinds) * width:]
    alphas = [cronbach_alpha(sums.matrix[:, cols]) for cols in sums.columns] if alpha_row is not None else None
    # Plain lists: reading numpy scalars one by one is slow for 200 nodes x 9 dimensions.
    responses, answered, score_sum = responses.tolist(), answered.tolist(), score_sum.tolist()
    totals = counts.sum(axis=1).tolist()
    counts, trend_sum, trend_n = counts.tolist(), trend_sum.tolist(), trend_n.tolist()
    found = []
    for row in range(len(covers)):
        results = []
        for d, dimension in enumerate(dimensions):
            n = int(answered[row][d])
            mean = score_sum[row][d] / n if n else None
            total = totals[row][d]
            distribution = [(value, int(counts[row][v][d]), round(100 * counts[row][v][d] / total) if total else 0)
                            for v, value in enumerate(values)]
            trend = trend_sum[row][d] / trend_n[row][d] if sums.has_trend and trend_n[row][d] else None
            results.append(DimensionResult(
                dimension=dimension, n=n, mean=mean, share=None if mean is None else (mean - low) / (high - low),
                distribution=distribution, alpha=alphas[d] if alphas and row == alpha_row else None, trend=trend))
        found.append((int(responses[row]), results))
    return found


def run_results(run: Run, *, nodes: set[int] | None = None, comments_for: set[int] | None = None,
                rng: random.Random | None = None) -> RunResults:
    """The run's results for every shown group (or only `nodes` of them), with the comments of the groups in
    `comments_for` (None: every group). A fixed number of queries; the arithmetic is numpy over groups."""
    instrument = run.instrument
    dimensions = list(Dimension.objects.filter(instrument=instrument))
    items = list(instrument.items.order_by("order", "pk").values_list("pk", "dimension_id", "reverse_scored"))
    latest = run.publications.order_by("-number").first()
    cover = anonymity.cover_from_json(latest.visible) if latest else {}
    if nodes is not None:
        cover = {node: groups for node, groups in cover.items() if node in nodes}
    invited = answered = 0
    for used in RunToken.objects.filter(run=run).values_list("used", flat=True):
        invited += 1
        answered += bool(used)
    groups: list[GroupResult] = []
    published = 0
    if cover:
        fields = ["group_id", "vector"] + (["trend_vector"] if instrument.has_trend else [])
        rows = list(Response.objects.filter(run=run, published_in__isnull=False).values_list(*fields))
        published = len(rows)
        width = len(items)
        matrix = _decode([r[1] for r in rows], width)
        trends = _decode([r[2] for r in rows], width) - 2 if instrument.has_trend else None
        group_of = np.array([r[0] or anonymity.ROOT for r in rows], dtype=np.int64)
        sums = _Sums(instrument, dimensions, items, matrix, trends, group_of)
        wanted = set(cover) if comments_for is None else set(comments_for) & set(cover)
        texts: list[tuple[int, str]] = []
        if wanted:
            texts = list(Response.objects.filter(run=run, published_in__isnull=False).exclude(comment="")
                         .values_list("group_id", "comment"))
        names = dict(Team.objects.filter(pk__in=[n for n in cover if n != anonymity.ROOT]).values_list("pk", "name"))
        organisation_group = None
        ordered = sorted(cover.items(), key=lambda pair: (-len(pair[1]), pair[0]))
        root_row = next((i for i, (node, _c) in enumerate(ordered) if node == anonymity.ROOT), None)
        computed = _node_results(instrument, dimensions, sums, [c for _n, c in ordered], root_row)
        for (node, covered), (count, dimension_results) in zip(ordered, computed, strict=True):
            if count < run.threshold:
                continue  # a team deleted since publication: hiding more is always safe (atoms only merge)
            result = GroupResult(
                node=node,
                name=run.organisation.name if node == anonymity.ROOT else names.get(node, _("a former team")),
                kind="organisation" if node == anonymity.ROOT else ("department" if len(covered) > 1 else "team"),
                n=count, dimensions=dimension_results,
            )
            if node in wanted:
                result.comments = [text for group, text in texts if (group or anonymity.ROOT) in covered]
                (rng or random.SystemRandom()).shuffle(result.comments)
            if node == anonymity.ROOT:
                organisation_group = result
            groups.append(result)
        if organisation_group is not None:
            for group in groups:
                for mine, theirs in zip(group.dimensions, organisation_group.dimensions, strict=True):
                    if group is not organisation_group and mine.mean is not None and theirs.mean is not None:
                        mine.versus_organisation = mine.mean - theirs.mean
    waiting = Response.objects.filter(run=run, published_in__isnull=True).count() if answered > published else 0
    return RunResults(run=run, publication=latest.number if latest else None, groups=groups,
                      answered=answered, invited=invited, waiting=waiting)


def recommendations(organisation: Organisation, group: GroupResult) -> list[tuple[DimensionResult, list[Practice]]]:
    """For the group's weakest dimensions, the catalogue practices mapped to them (data on the dimension)."""
    weakest = group.weakest
    keys = {key for d in weakest for key in d.dimension.practice_keys}
    if not keys:
        return []
    practices = {p.key: p for p in Practice.objects.filter(key__in=keys, is_active=True)}
    return [(d, [practices[k] for k in d.dimension.practice_keys if k in practices]) for d in weakest]


def dimension_trend(organisation: Organisation, *, team: Team | None = None, department: Team | None = None,
                    instrument_slug: str | None = None) -> list[tuple[Run, Dimension, float, int]]:
    """(run, dimension, mean, n) for every published run, oldest first, for the organisation, a department or a
    team; a run in which that group is not shown (too few answers, or hidden against subtraction) is left out.

    The seam the indicators dashboard reads. `instrument_slug` is a shipped instrument's key
    ("learning-culture", "psychological-safety", "learning-barriers", "team-health-check")."""
    node = (team or department).pk if (team or department) else anonymity.ROOT
    with scope(organisation=organisation):
        runs = Run.objects.filter(organisation=organisation, publications__isnull=False).distinct()
        if instrument_slug:
            runs = runs.filter(instrument__key=instrument_slug)
        found = []
        for run in runs.select_related("instrument", "organisation").order_by("opens_on", "pk"):
            results = run_results(run, nodes={node}, comments_for=set())
            group = results.group(node)
            if group is None:
                continue
            found.extend((run, d.dimension, d.mean, d.n) for d in group.dimensions if d.mean is not None)
        return found


def trend_for(run: Run, node: int, current: RunResults | None = None) -> list[tuple[Run, GroupResult]]:
    """The group's results in every published run of the same instrument up to this one, oldest first."""
    runs = (Run.objects.filter(instrument=run.instrument, publications__isnull=False, opens_on__lte=run.opens_on)
            .distinct().select_related("instrument", "organisation").order_by("opens_on", "pk"))
    found = []
    for other in runs:
        if current is not None and other.pk == run.pk:
            group = current.group(node)
        else:
            group = run_results(other, nodes={node}, comments_for=set()).group(node)
        if group is not None:
            found.append((other, group))
    return found


def my_open_surveys(person) -> list[Run]:
    """Runs open today in which the person has not answered yet."""
    today = timezone.localdate()
    return list(Run.objects.filter(
        tokens__person=person, tokens__used=False, opens_on__lte=today, closes_on__gte=today,
    ).filter(Q(closed_early_on__isnull=True)).select_related("instrument").order_by("closes_on"))


def runs_overview() -> list[Run]:
    from django.db.models import Count

    return list(Run.objects.select_related("instrument").annotate(
        invited_count=Count("tokens", distinct=True),
        answered_count=Count("tokens", filter=Q(tokens__used=True), distinct=True),
    ).order_by("-opens_on", "-pk"))
