"""Reads of the scan: a run's results per shown group, trends across runs, recommendations, my surveys.

Results read only published responses and only the groups of the run's latest publication (see
anonymity.py), so every number here is over at least the run's minimum group size and no subtraction of
shown numbers singles out a smaller group. A constant number of queries per run; the arithmetic is numpy.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from leerritme.orgs.models import Organisation, Team
from leerritme.practices.models import Practice
from leerritme.scan import anonymity
from leerritme.scan.models import Dimension, Item, Publication, Response, Run, RunToken

WEAK = 0.6  # a dimension below 60 % of the scale's range counts as weak
RECOMMEND_DIMENSIONS = 2
# Cronbach's alpha is shown for a group from this many complete answer sets: with fewer it swings too much
# to say anything. Every shown group is at or above the run's anonymity threshold anyway.
ALPHA_MIN_ANSWERS = 10


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
    alpha_missing: str = ""  # why alpha is not shown: "items" (fewer than two), "few" answers, no "variance"
    trend: float | None = None  # health check: -1 worse .. +1 better
    versus_organisation: float | None = None


@dataclass
class ItemResult:
    pk: int
    dimension: Dimension | None
    reverse_scored: bool
    n: int
    mean: float | None  # as answered (a reverse-scored statement is not flipped here)


@dataclass
class GroupResult:
    node: int
    name: str
    kind: str  # organisation | department | team
    n: int
    dimensions: list[DimensionResult]
    comments: list[str] = field(default_factory=list)
    items: list[ItemResult] = field(default_factory=list)

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
    """Per reporting group: additive figures (responses; per dimension the answered count, the sum of scores,
    answers per value, trend sums and the sums Cronbach's alpha needs; per statement the answered count and
    sum). Every shown node's numbers are its groups' rows added up, so 200 teams cost one pass; the alpha of
    a node follows from its summed figures exactly (no second pass over its responses)."""

    def __init__(self, instrument, dimensions, items, matrix, trends, group_of):
        values = instrument.values
        low, high = min(values), max(values)
        reverse = np.array([rev for _pk, _dim, rev in items], dtype=bool)
        if reverse.any():
            matrix[:, reverse] = low + high - matrix[:, reverse]
        self.matrix = matrix
        self.groups, index = np.unique(group_of, return_inverse=True)
        self.position = {int(g): i for i, g in enumerate(self.groups)}
        size, width, n_items = len(self.groups), len(dimensions), len(items)
        self.columns = [[i for i, (_pk, dim, _rev) in enumerate(items) if dim == d.pk] for d in dimensions]
        self.responses = np.bincount(index, minlength=size).astype(float)
        self.answered = np.zeros((size, width))
        self.score_sum = np.zeros((size, width))
        self.counts = np.zeros((len(values), size, width))
        self.trend_sum = np.zeros((size, width))
        self.trend_n = np.zeros((size, width))
        self.alpha_n = np.zeros((size, width))  # complete answer sets per dimension
        self.alpha_total = np.zeros((size, width))  # sum of the dimension's totals over complete sets
        self.alpha_total_sq = np.zeros((size, width))
        self.alpha_item = np.zeros((size, n_items))  # per statement: sum (and squares) over complete sets
        self.alpha_item_sq = np.zeros((size, n_items))
        self.item_n = np.zeros((size, n_items))
        self.item_sum = np.zeros((size, n_items))
        self.has_trend = trends is not None
        present = ~np.isnan(matrix)
        for i in range(n_items):
            self.item_n[:, i] = np.bincount(index, weights=present[:, i], minlength=size)
            self.item_sum[:, i] = np.bincount(index, weights=np.where(present[:, i], matrix[:, i], 0),
                                              minlength=size)
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
            complete = per_row == len(cols)
            kept = np.where(complete[:, None], sub, 0.0)
            total = kept.sum(axis=1)
            self.alpha_n[:, d] = np.bincount(index, weights=complete, minlength=size)
            self.alpha_total[:, d] = np.bincount(index, weights=total, minlength=size)
            self.alpha_total_sq[:, d] = np.bincount(index, weights=total * total, minlength=size)
            for j, col in enumerate(cols):
                self.alpha_item[:, col] = np.bincount(index, weights=kept[:, j], minlength=size)
                self.alpha_item_sq[:, col] = np.bincount(index, weights=kept[:, j] ** 2, minlength=size)

    def blocks(self) -> list[np.ndarray]:
        """Every per-group figure as a (groups x columns) block, in the order `_node_results` reads them."""
        size = len(self.groups)
        return [self.responses[:, None], self.answered, self.score_sum,
                self.counts.transpose(1, 0, 2).reshape(size, -1), self.trend_sum, self.trend_n,
                self.alpha_n, self.alpha_total, self.alpha_total_sq, self.alpha_item, self.alpha_item_sq,
                self.item_n, self.item_sum]


def alpha_from_sums(n: float, items: list[tuple[float, float]], total: float, total_sq: float
                    ) -> tuple[float | None, str]:
    """Cronbach's alpha from n complete answer sets: per statement (sum, sum of squares) and the totals' sum
    and sum of squares; with the reason when it is not shown ("items", "few" or "variance")."""
    k = len(items)
    if k < 2:
        return None, "items"
    if n < ALPHA_MIN_ANSWERS:
        return None, "few"
    # n * (n - 1) * variance, exact for whole-number answers.
    total_spread = n * total_sq - total * total
    if total_spread <= 0:
        return None, "variance"
    item_spread = sum(n * sq - s * s for s, sq in items)
    return float(k / (k - 1) * (1 - item_spread / total_spread)), ""


def _node_results(instrument, dimensions, item_rows, sums: _Sums, covers: list, with_items: bool = False):
    """For each cover (a node's groups): its responses, its DimensionResults and (asked) its ItemResults."""
    values = instrument.values
    low, high = min(values), max(values)
    width, kinds = len(dimensions), len(values)
    # All of a group's figures side by side, so a node is one sum over its groups' rows (no BLAS threads).
    blocks = sums.blocks()
    stacked = np.hstack(blocks)
    per_node = np.array([stacked[[sums.position[g] for g in covered if g in sums.position]].sum(axis=0)
                         for covered in covers]).reshape(len(covers), stacked.shape[1])
    parts, offset = [], 0
    for block in blocks:
        parts.append(per_node[:, offset:offset + block.shape[1]])
        offset += block.shape[1]
    (responses, answered, score_sum, counts, trend_sum, trend_n, alpha_n, alpha_total, alpha_total_sq,
     alpha_item, alpha_item_sq, item_n, item_sum) = parts
    counts = counts.reshape(len(covers), kinds, width)
    # Plain lists: reading numpy scalars one by one is slow for 200 nodes x 9 dimensions.
    responses, answered, score_sum = responses[:, 0].tolist(), answered.tolist(), score_sum.tolist()
    totals = counts.sum(axis=1).tolist()
    counts, trend_sum, trend_n = counts.tolist(), trend_sum.tolist(), trend_n.tolist()
    alpha_n, alpha_total, alpha_total_sq = alpha_n.tolist(), alpha_total.tolist(), alpha_total_sq.tolist()
    alpha_item, alpha_item_sq = alpha_item.tolist(), alpha_item_sq.tolist()
    item_n, item_sum = item_n.tolist(), item_sum.tolist()
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
            alpha, why = alpha_from_sums(alpha_n[row][d], [(alpha_item[row][c], alpha_item_sq[row][c])
                                                           for c in sums.columns[d]],
                                         alpha_total[row][d], alpha_total_sq[row][d])
            results.append(DimensionResult(
                dimension=dimension, n=n, mean=mean, share=None if mean is None else (mean - low) / (high - low),
                distribution=distribution, alpha=alpha, alpha_missing=why, trend=trend))
        item_results = []
        if with_items:
            by_pk = {d.pk: d for d in dimensions}
            for i, (pk, dimension_id, reverse) in enumerate(item_rows):
                n = int(item_n[row][i])
                scored = item_sum[row][i] / n if n else None
                # The matrix holds reverse-scored statements as scored; the export reports them as answered.
                mean = None if scored is None else (low + high - scored if reverse else scored)
                item_results.append(ItemResult(pk=pk, dimension=by_pk.get(dimension_id), reverse_scored=reverse,
                                               n=n, mean=mean))
        found.append((int(responses[row]), results, item_results))
    return found


def _published_rows(run: Run, instrument, query=None) -> list[tuple]:
    fields = ["group_id", "vector"] + (["trend_vector"] if instrument.has_trend else [])
    return list((query if query is not None else Response.objects.filter(run=run, published_in__isnull=False))
                .values_list(*fields))


def _sums_of(rows: list[tuple], instrument, dimensions, items) -> tuple[_Sums, int]:
    width = len(items)
    matrix = _decode([r[1] for r in rows], width)
    trends = _decode([r[2] for r in rows], width) - 2 if instrument.has_trend else None
    group_of = np.array([r[0] or anonymity.ROOT for r in rows], dtype=np.int64)
    return _Sums(instrument, dimensions, items, matrix, trends, group_of), len(rows)


def _node_kind(node: int, covered: frozenset) -> str:
    return "organisation" if node == anonymity.ROOT else ("department" if len(covered) > 1 else "team")


def run_results(run: Run, *, nodes: set[int] | None = None, comments_for: set[int] | None = None,
                rng: random.Random | None = None, with_items: bool = False) -> RunResults:
    """The run's results for every shown group (or only `nodes` of them), with the comments of the groups in
    `comments_for` (None: every group) and, when asked, each statement's average. A fixed number of queries;
    the arithmetic is numpy over groups."""
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
        sums, published = _sums_of(_published_rows(run, instrument), instrument, dimensions, items)
        wanted = set(cover) if comments_for is None else set(comments_for) & set(cover)
        texts: list[tuple[int, str]] = []
        if wanted:
            texts = list(Response.objects.filter(run=run, published_in__isnull=False).exclude(comment="")
                         .values_list("group_id", "comment"))
        names = dict(Team.objects.filter(pk__in=[n for n in cover if n != anonymity.ROOT]).values_list("pk", "name"))
        organisation_group = None
        ordered = sorted(cover.items(), key=lambda pair: (-len(pair[1]), pair[0]))
        computed = _node_results(instrument, dimensions, items, sums, [c for _n, c in ordered], with_items)
        for (node, covered), (count, dimension_results, item_results) in zip(ordered, computed, strict=True):
            if count < run.threshold:
                continue  # a team deleted since publication: hiding more is always safe (atoms only merge)
            result = GroupResult(
                node=node,
                name=run.organisation.name if node == anonymity.ROOT else names.get(node, _("a former team")),
                kind=_node_kind(node, covered), n=count, dimensions=dimension_results, items=item_results,
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


def _group_in_runs(runs: list[Run], node: int) -> dict[int, GroupResult]:
    """The node's published results in each run (run id -> result; absent where the run does not show it).

    Each run is read at its latest publication, as on its own page, so the trend shows nothing the runs'
    pages do not; runs never pool responses. A fixed number of queries however many runs there are."""
    if not runs:
        return {}
    latest = dict(Publication.objects.filter(run__in=runs).values("run_id").annotate(last=Max("number"))
                  .values_list("run_id", "last"))
    if not latest:
        return {}
    wanted = Q()
    for run_id, number in latest.items():
        wanted |= Q(run_id=run_id, number=number)
    covers = {}
    for run_id, visible in Publication.objects.filter(wanted).values_list("run_id", "visible"):
        cover = anonymity.cover_from_json(visible)
        if node in cover:
            covers[run_id] = cover[node]
    if not covers:
        return {}
    instrument_ids = {run.instrument_id for run in runs if run.pk in covers}
    dimensions: dict[int, list[Dimension]] = defaultdict(list)
    for dimension in Dimension.objects.filter(instrument_id__in=instrument_ids):
        dimensions[dimension.instrument_id].append(dimension)
    items: dict[int, list[tuple]] = defaultdict(list)
    for instrument_id, *item in (Item.objects.filter(instrument_id__in=instrument_ids).order_by("order", "pk")
                                 .values_list("instrument_id", "pk", "dimension_id", "reverse_scored")):
        items[instrument_id].append(tuple(item))
    responses = Response.objects.filter(run_id__in=covers, published_in__isnull=False)
    if node != anonymity.ROOT:
        responses = responses.filter(group_id__in=set().union(*covers.values()) - {anonymity.ROOT})
    rows: dict[int, list[tuple]] = defaultdict(list)
    for run_id, *row in responses.values_list("run_id", "group_id", "vector", "trend_vector"):
        rows[run_id].append(tuple(row))
    name = None if node == anonymity.ROOT else Team.objects.filter(pk=node).values_list("name", flat=True).first()
    found = {}
    for run in runs:
        covered = covers.get(run.pk)
        if covered is None:
            continue
        instrument = run.instrument
        run_rows = [row for row in rows[run.pk] if (row[0] or anonymity.ROOT) in covered]
        sums, _count = _sums_of(run_rows, instrument, dimensions[instrument.pk], items[instrument.pk])
        [(count, dimension_results, _items)] = _node_results(instrument, dimensions[instrument.pk],
                                                             items[instrument.pk], sums, [covered])
        if count < run.threshold:
            continue
        found[run.pk] = GroupResult(node=node, name=run.organisation.name if node == anonymity.ROOT
                                    else (name or _("a former team")), kind=_node_kind(node, covered), n=count,
                                    dimensions=dimension_results)
    return found


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
        runs = list(runs.select_related("instrument", "organisation").order_by("opens_on", "pk"))
        shown = _group_in_runs(runs, node)
        found = []
        for run in runs:
            group = shown.get(run.pk)
            if group is not None:
                found.extend((run, d.dimension, d.mean, d.n) for d in group.dimensions if d.mean is not None)
        return found


def trend_for(run: Run, node: int, current: RunResults | None = None) -> list[tuple[Run, GroupResult]]:
    """The group's results in every published run of the same instrument up to this one, oldest first; a run
    that does not show the group is left out. A fixed number of queries."""
    runs = list(Run.objects.filter(instrument=run.instrument, publications__isnull=False, opens_on__lte=run.opens_on)
                .distinct().select_related("instrument", "organisation").order_by("opens_on", "pk"))
    others = [other for other in runs if current is None or other.pk != run.pk]
    shown = _group_in_runs(others, node)
    found = []
    for other in runs:
        group = current.group(node) if current is not None and other.pk == run.pk else shown.get(other.pk)
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
