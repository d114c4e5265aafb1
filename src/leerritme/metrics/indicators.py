"""The indicators themselves: each reads what its part really records, one or two grouped queries each.

Definitions (the dashboard shows the same text under each chart):

- Learning hours: the minutes on learning events, by the day they happened. Formal learning is what is
  organised as a course: completed courses and requests (`course_completed`), completed learning paths
  (`path_completed`) and learning reported by an outside e-learning tool (`outside_learning`). Informal
  learning is every other event with minutes: learning time, knowledge sessions attended or given,
  coaching, duo and circle meetings, reflection, teaching a colleague and other learning.
- Budget use: euros spent from learning budgets (the growth ledger's spending lines) by their date.
- Rhythm held versus planned: the team meetings of adopted practices that were due in the bucket (not
  cancelled, start before now) and how many of them were held.
- Articles: articles published, and readers' "was this helpful?" answers (page views are not recorded).
- Knowledge sessions: sessions held and the attendances marked on them.
- Coaching pairs: coaching matches with at least one logged meeting in the bucket.
- Duos: duos (and trios) of duo programmes whose round runs during the bucket.
- Reflection actions completed (and agreed): the actions of reflection meetings.
- Experiments concluded, lessons shared, improvement ideas adopted, kudos received: learning events of
  that kind; one experiment, lesson or idea recorded for several people counts once.
- Check-out: the average quality and team-dynamics scores of reflection meetings, only from meetings
  where at least the check-out minimum answered (never per person).
- Scan dimensions: the average per dimension of each published scan run that opened in the period, from the scan
  part (only groups at or above the organisation's minimum).

People belong to a scope through today's team memberships; team-owned things (meetings, actions, check-outs)
through their team.
"""

from datetime import datetime

from django.db import connection
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.metrics import rollup
from leerritme.metrics.periods import bucket_case, bucket_index
from leerritme.metrics.registry import (
    OUTCOME,
    OUTPUT,
    Computed,
    Context,
    Indicator,
    Series,
    register_indicator,
    summed,
)

FORMAL_KINDS = ("course_completed", "path_completed", "outside_learning")
EVENT_OUTCOMES = rollup.COUNTED_KINDS


def _grouped(queryset, field: str, ctx: Context, *, dates: bool = False, **aggregates) -> dict[int, dict]:
    """Aggregates per bucket index: {index: {name: value}} in one query."""
    rows = (queryset.annotate(bucket=bucket_index(field, ctx.period, dates=dates)).order_by()
            .values("bucket").annotate(**aggregates))
    return {row["bucket"]: row for row in rows}


def _series(found: dict[int, dict], ctx: Context, *names: str, scale: float = 1, digits: int | None = None
            ) -> dict[str, list]:
    values = {}
    for name in names:
        row = []
        for index in range(ctx.size):
            value = (found.get(index) or {}).get(name) or 0
            value = value * scale if scale != 1 else value
            row.append(round(value, digits) if digits is not None else value)
        values[name] = row
    return values


def _in_period(field: str, ctx: Context, *, dates: bool = False) -> Q:
    if dates:
        return Q(**{f"{field}__gte": ctx.period.first, f"{field}__lte": ctx.period.last})
    return Q(**{f"{field}__gte": ctx.period.start, f"{field}__lt": ctx.period.end})


def _now_or_end(ctx: Context) -> datetime:
    return min(timezone.now(), ctx.period.end)


# Learning events ---------------------------------------------------------------------------------------

EVENT_KINDS_SECONDS = 60 * 60


def events_direct(ctx: Context) -> dict[tuple[int, str], dict]:
    """Per bucket and kind: the minutes, the distinct objects and the events without an object, counted from
    the events of the scope's people (one grouped query)."""
    from leerritme.learning.models import LearningEvent

    events = LearningEvent.objects.filter(_in_period("occurred_at", ctx), ctx.people("person_id"))
    rows = (events.annotate(bucket=bucket_index("occurred_at", ctx.period)).order_by()
            .values("bucket", "kind")
            .annotate(minutes=Sum("minutes", filter=Q(minutes__gt=0)),
                      # Objects are counted only for the kinds counted per object (as in the roll-up).
                      objects=Count("object_id", distinct=True,
                                    filter=~Q(object_id="") & Q(kind__in=rollup.COUNTED_KINDS)),
                      loose=Count("pk", filter=Q(object_id=""))))
    return {(row["bucket"], row["kind"]): row for row in rows}


def _period_events(ctx: Context) -> dict[tuple[int, str], dict]:
    """Every learning-event indicator from one grouped query: per bucket and kind, the minutes, the distinct
    objects (of the kinds counted per object) and the events without an object.

    The organisation reads the daily roll-up (`rollup.py`); a team or department the events of its people
    (today's team memberships), which a roll-up by team would only follow until someone changes teams."""

    def load():
        if ctx.scope.is_organisation:
            return rollup.period_rows(ctx, bucket_index)
        return events_direct(ctx)

    return ctx.memo("events", load)


def _kinds_recorded(ctx: Context) -> set[str]:
    """Which learning kinds the organisation has ever recorded ("+minutes": any with minutes).

    Seen in the period's events, or else looked up over all time once an hour in the daily roll-up (a source
    that has come into use shows within the hour)."""
    from django.core.cache import cache

    from leerritme.metrics.models import LearningDay

    def load():
        found = {kind for _bucket, kind in _period_events(ctx)}
        if any(row["minutes"] for row in _period_events(ctx).values()):
            found.add("+minutes")
        if {"+minutes", *EVENT_OUTCOMES} <= found:
            return found
        key = f"metrics-kinds:{ctx.organisation.pk}"
        ever = cache.get(key)
        if ever is None:
            ever = set()
            for row in LearningDay.objects.order_by().values("kind").annotate(
                    timed=Count("pk", filter=Q(minutes__gt=0))):
                ever.add(row["kind"])
                if row["timed"]:
                    ever.add("+minutes")
            cache.set(key, ever, EVENT_KINDS_SECONDS)
        return found | ever

    return ctx.memo("kinds", load)


def learning_hours(ctx: Context) -> Computed:
    minutes = {"formal": ctx.zeros(), "informal": ctx.zeros()}
    for (bucket, kind), row in _period_events(ctx).items():
        minutes["formal" if kind in FORMAL_KINDS else "informal"][bucket] += row["minutes"] or 0
    values = {key: [round(m / 60, 1) for m in row] for key, row in minutes.items()}
    return Computed(values=values, totals={key: round(sum(row) / 60, 1) for key, row in minutes.items()})


def _events_counted(kind: str):
    """Events of one kind, one per recorded object (several people can share one experiment)."""

    def compute(ctx: Context) -> Computed:
        counts = ctx.zeros()
        for (bucket, found), row in _period_events(ctx).items():
            if found == kind:
                counts[bucket] += row["objects"] + row["loose"]
        return summed({"count": counts})

    return compute


def _kind_available(kind: str):
    return lambda ctx: kind in _kinds_recorded(ctx)


# Budget, rhythm, knowledge, matching, reflection ------------------------------------------------------

def budget_use(ctx: Context) -> Computed:
    from leerritme.growth.models import EntryKind, LedgerEntry

    lines = LedgerEntry.objects.filter(_in_period("occurred_on", ctx, dates=True), ctx.people("person_id"),
                                       kind=EntryKind.SPENDING)
    found = _grouped(lines, "occurred_on", ctx, dates=True, spent=Sum("amount"))
    # One bucket groups by a constant, which the database answers with one row of NULL when nothing is spent.
    values = {"spent": [float(-value) or 0.0 for value in _series(found, ctx, "spent")["spent"]]}
    return summed(values, digits=2)


def _has_budget_rules(ctx: Context) -> bool:
    from leerritme.growth.models import BudgetRule

    return BudgetRule.objects.exists()


def rhythm(ctx: Context) -> Computed:
    from leerritme.practices.models import Occurrence, OccurrenceStatus, Rhythm

    due = Occurrence.objects.filter(start__gte=ctx.period.start, start__lt=_now_or_end(ctx),
                                    ).exclude(status=OccurrenceStatus.CANCELLED)
    if not ctx.scope.is_organisation:
        # The scope's rhythms first, then their meetings through the (rhythm, start) index, rather than every
        # meeting of the organisation joined to its rhythm and adoption to find the team.
        due = due.filter(rhythm_id__in=Rhythm.objects.filter(ctx.teams("adoption__team_id")).values("pk"))
    found = _grouped(due, "start", ctx, planned=Count("pk"), held=Count("pk", filter=Q(status=OccurrenceStatus.HELD)))
    return summed(_series(found, ctx, "planned", "held"))


def _has_rhythm(ctx: Context) -> bool:
    from leerritme.practices.models import Rhythm

    return Rhythm.objects.exists()


def articles(ctx: Context) -> Computed:
    from leerritme.knowledge.models import Article, ArticleFeedback, ArticleStatus

    written = Article.objects.filter(_in_period("published_at", ctx), ctx.people("owner_id"),
                                     status=ArticleStatus.PUBLISHED)
    feedback = ArticleFeedback.objects.filter(_in_period("created_at", ctx), ctx.people("person_id"))
    values = _series(_grouped(written, "published_at", ctx, written=Count("pk")), ctx, "written")
    values |= _series(_grouped(feedback, "created_at", ctx, feedback=Count("pk")), ctx, "feedback")
    return summed(values)


def _has_articles(ctx: Context) -> bool:
    from leerritme.knowledge.models import Article, ArticleStatus

    return Article.objects.filter(status=ArticleStatus.PUBLISHED).exists()


def knowledge_sessions(ctx: Context) -> Computed:
    from leerritme.knowledge.models import KnowledgeSession, SessionSignup, SessionStatus

    held = KnowledgeSession.objects.filter(_in_period("starts_at", ctx), status=SessionStatus.HELD)
    if not ctx.scope.is_organisation:
        held = held.filter(ctx.people("speaker_id") | ctx.teams("series__team_id"))
    attended = SessionSignup.objects.filter(_in_period("session__starts_at", ctx), ctx.people("person_id"),
                                            session__status=SessionStatus.HELD, attended=True)
    values = _series(_grouped(held, "starts_at", ctx, sessions=Count("pk")), ctx, "sessions")
    values |= _series(_grouped(attended, "session__starts_at", ctx, attendance=Count("pk")), ctx, "attendance")
    return summed(values)


def _has_sessions(ctx: Context) -> bool:
    from leerritme.knowledge.models import KnowledgeSession

    return KnowledgeSession.objects.exists()


def coaching_pairs(ctx: Context) -> Computed:
    from leerritme.matching.models import CoachingMeeting

    meetings = CoachingMeeting.objects.filter(_in_period("held_on", ctx, dates=True))
    if not ctx.scope.is_organisation:
        meetings = meetings.filter(ctx.people("match__learner_id") | ctx.people("match__coach_id"))
    found = _grouped(meetings, "held_on", ctx, dates=True, pairs=Count("match_id", distinct=True),
                     meetings=Count("pk"))
    return summed(_series(found, ctx, "pairs", "meetings"))


def _has_coaching(ctx: Context) -> bool:
    from leerritme.matching.models import Match

    return Match.objects.exists()


def duos(ctx: Context) -> Computed:
    """Duo groups whose round overlaps each bucket: one row per round (its dates and its groups)."""
    from leerritme.matching.models import Group, ProgrammeKind

    groups = Group.objects.filter(round__programme__kind=ProgrammeKind.DUOS, round__starts_at__lt=ctx.period.end,
                                  round__ends_on__gte=ctx.period.first)
    if not ctx.scope.is_organisation:
        groups = groups.filter(ctx.people("memberships__person_id"))
    rows = (groups.order_by().values("round__starts_at", "round__ends_on")
            .annotate(n=Count("pk", distinct=True)))
    buckets = ctx.period.buckets
    values = ctx.zeros()
    for row in rows:
        first, last = timezone.localdate(row["round__starts_at"]), row["round__ends_on"]
        for index, bucket in enumerate(buckets):
            if first <= bucket.last and last >= bucket.first:
                values[index] += row["n"]
    # A duo runs across buckets, so the period's figure is the duos that ran at some time in it.
    return Computed(values={"duos": values}, totals={"duos": groups.distinct().count()})


def _has_duos(ctx: Context) -> bool:
    from leerritme.matching.models import Programme, ProgrammeKind

    return Programme.objects.filter(kind=ProgrammeKind.DUOS).exists()


def reflection_actions(ctx: Context) -> Computed:
    from leerritme.reflection.models import Action, ActionStatus

    actions = Action.objects.filter(ctx.teams("team_id"))
    done = _grouped(actions.filter(_in_period("closed_at", ctx), status=ActionStatus.DONE), "closed_at", ctx,
                    done=Count("pk"))
    agreed = _grouped(actions.filter(_in_period("created_at", ctx)), "created_at", ctx, agreed=Count("pk"))
    return summed(_series(done, ctx, "done") | _series(agreed, ctx, "agreed"))


def _has_actions(ctx: Context) -> bool:
    from leerritme.reflection.models import Action

    return Action.objects.exists()


def checkout(ctx: Context) -> Computed:
    """Pooled check-out averages from meetings at or above the minimum; None for a bucket without any."""
    from leerritme.reflection.models import Phase, ReflectionSession
    from leerritme.reflection.selectors.summary import checkout_threshold

    threshold = checkout_threshold(ctx.organisation)
    # Per closed meeting of the period its answers and their sums, only meetings with enough answers, grouped
    # in the order of the (organisation, phase, closed_at) index; then summed per bucket around that. One pass
    # over the answers through the indexes of migration 0003, and the bucket worked out once per meeting.
    meetings = (ReflectionSession.objects.filter(_in_period("closed_at", ctx), ctx.teams("team_id"), phase=Phase.CLOSED)
                .order_by().values("closed_at", "pk")
                .annotate(n=Count("checkout_responses__quality"), q=Sum("checkout_responses__quality"),
                          d=Sum("checkout_responses__dynamics"))
                .filter(n__gte=threshold))
    sql, params = meetings.query.sql_with_params()
    case, bounds = bucket_case("closed_at", [connection.ops.adapt_datetimefield_value(start)
                                             for start in ctx.period.bucket_starts()])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {case}, SUM(n), SUM(q), SUM(d) FROM ({sql}) meetings GROUP BY 1",  # noqa: S608  # nosec B608
                       [*bounds, *params])
        # int(): PostgreSQL sums bigints as numeric.
        found = {bucket: {"n": int(n), "q": int(q), "d": int(d)} for bucket, n, q, d in cursor.fetchall()}
    values = {"quality": [], "dynamics": [], "answers": []}
    totals = {"n": 0, "q": 0, "d": 0}
    for index in range(ctx.size):
        row = found.get(index)
        n = row["n"] if row else 0
        values["answers"].append(n)
        values["quality"].append(round(row["q"] / n, 2) if n else None)
        values["dynamics"].append(round(row["d"] / n, 2) if n else None)
        if n:
            totals["n"] += n
            totals["q"] += row["q"]
            totals["d"] += row["d"]
    n = totals["n"]
    return Computed(values=values, totals={
        "quality": round(totals["q"] / n, 2) if n else None,
        "dynamics": round(totals["d"] / n, 2) if n else None,
        "answers": n,
    })


def _has_checkouts(ctx: Context) -> bool:
    from leerritme.reflection.models import CheckOutResponse

    return CheckOutResponse.objects.exists()


# Scan dimensions ----------------------------------------------------------------------------------------

SCAN_INSTRUMENTS = (
    ("learning-culture", _("Scan: learning culture"), 1, 5),
    ("psychological-safety", _("Scan: psychological safety"), 1, 5),
    ("learning-barriers", _("Scan: barriers to learning"), 1, 5),
    ("team-health-check", _("Team health check"), 1, 3),
)


def _scan_selector():
    """The scan part's `dimension_trend`, or None while that part is not installed (then no scan indicator)."""
    try:
        from leerritme.scan.selectors import dimension_trend
    except ImportError:
        return None
    return dimension_trend


def _published_instruments(ctx: Context) -> set[str]:
    def load():
        from leerritme.scan.models import Run

        return set(Run.objects.filter(publications__isnull=False).values_list("instrument__key", flat=True))

    return ctx.memo("scan", load) if _scan_selector() else set()


SCAN_CACHE_SECONDS = 24 * 60 * 60


def _scan_trend(ctx: Context, key: str, group: dict) -> list[tuple]:
    """The scan's `dimension_trend` as plain rows, cached until the organisation's next publication of results
    (the key holds the latest publication), since working out a run's results reads all its answers."""
    from django.core.cache import cache

    from leerritme.scan.models import Publication

    # The latest publication and how many there are: a new publication or a deleted run gives a new key.
    state = Publication.objects.aggregate(latest=Max("pk"), count=Count("pk"))
    cache_key = f"metrics-scan:{ctx.organisation.pk}:{state['latest']}:{state['count']}:{key}:{ctx.scope.key}"
    rows = cache.get(cache_key)
    if rows is None:
        rows = [(run.opens_on, {"key": dimension.key, "nl": dimension.name_nl, "en": dimension.name_en}, mean, n)
                for run, dimension, mean, n in _scan_selector()(ctx.organisation, instrument_slug=key, **group)]
        cache.set(cache_key, rows, SCAN_CACHE_SECONDS)
    return rows


def _scan(key: str):
    """Per dimension the average of the runs that opened in each bucket (weighted by their answers), from the
    scan's own selector, which leaves out every group below the organisation's minimum."""

    def compute(ctx: Context) -> Computed:
        from leerritme.orgs.models import Team

        group = {}
        if not ctx.scope.is_organisation:
            team = Team.objects.get(uuid=ctx.scope.uuid)
            group = {"department" if ctx.scope.kind == "department" else "team": team}
        buckets = ctx.period.buckets
        sums: dict[str, list] = {}
        totals: dict[str, list] = {}
        labels: dict[str, dict[str, str]] = {}
        for opens_on, dimension, mean, n in _scan_trend(ctx, key, group):
            day = opens_on
            index = next((i for i, b in enumerate(buckets) if b.first <= day <= b.last), None)
            if index is None or not n:
                continue
            labels.setdefault(dimension["key"], {"nl": dimension["nl"], "en": dimension["en"]})
            per = sums.setdefault(dimension["key"], [[0.0, 0] for _b in buckets])
            per[index][0] += mean * n
            per[index][1] += n
            total = totals.setdefault(dimension["key"], [0.0, 0])
            total[0] += mean * n
            total[1] += n
        values = {k: [round(s / n, 2) if n else None for s, n in per] for k, per in sums.items()}
        return Computed(values=values, totals={k: round(s / n, 2) for k, (s, n) in totals.items()}, labels=labels)

    return compute


# Registration -------------------------------------------------------------------------------------------

register_indicator(Indicator(
    slug="learning-hours", label=_("Learning hours"), group=OUTPUT, unit="hours", order=10,
    series=(Series("formal", _("Formal (courses, paths, e-learning)")),
            Series("informal", _("Informal (learning time, sessions, coaching, reflection…)"))),
    compute=learning_hours, available=lambda ctx: "+minutes" in _kinds_recorded(ctx),
    description=_("The minutes recorded on learning events. Formal: completed courses and requests, learning "
                  "paths and outside e-learning; informal: every other learning with a duration."),
))
register_indicator(Indicator(
    slug="budget-use", label=_("Budget use"), group=OUTPUT, unit="euros", order=20,
    series=(Series("spent", _("Spent")),), compute=budget_use, available=_has_budget_rules,
    description=_("Euros spent from learning budgets, by the date of the spending."),
))
register_indicator(Indicator(
    slug="rhythm", label=_("Rhythm: meetings held versus planned"), group=OUTPUT, unit="count", order=30,
    series=(Series("planned", _("Planned")), Series("held", _("Held"))), compute=rhythm, available=_has_rhythm,
    description=_("Meetings of adopted practices that were due (not cancelled), and how many were held."),
))
register_indicator(Indicator(
    slug="articles", label=_("Articles written and read"), group=OUTPUT, unit="count", order=40,
    series=(Series("written", _("Published")), Series("feedback", _("Readers' feedback"))),
    compute=articles, available=_has_articles,
    description=_("Articles published, and readers who answered \"was this helpful?\". Page views are not "
                  "recorded, so reading shows only through that answer."),
))
register_indicator(Indicator(
    slug="knowledge-sessions", label=_("Knowledge sessions and attendance"), group=OUTPUT, unit="count",
    order=50, series=(Series("sessions", _("Sessions held")), Series("attendance", _("Attendances"))),
    compute=knowledge_sessions, available=_has_sessions,
    description=_("Knowledge sessions that took place, and the attendances marked on them."),
))
register_indicator(Indicator(
    slug="coaching-pairs", label=_("Coaching pairs active"), group=OUTPUT, unit="count", order=60,
    series=(Series("pairs", _("Pairs that met")), Series("meetings", _("Meetings"))),
    compute=coaching_pairs, available=_has_coaching,
    description=_("Coaching pairs with at least one logged meeting, and the meetings logged."),
))
register_indicator(Indicator(
    slug="duos", label=_("Duos active"), group=OUTPUT, unit="count", order=70,
    series=(Series("duos", _("Duos")),), compute=duos, available=_has_duos,
    description=_("Duos whose round runs during the month or week; the total counts each duo once."),
))
register_indicator(Indicator(
    slug="reflection-actions", label=_("Reflection actions completed"), group=OUTCOME, unit="count", order=10,
    series=(Series("done", _("Completed")), Series("agreed", _("Agreed"))),
    compute=reflection_actions, available=_has_actions,
    description=_("Actions agreed in reflection meetings, and actions completed."),
))
for _order, (_slug, _kind, _label, _series_label, _text) in enumerate((
    ("experiments", "experiment_concluded", _("Experiments concluded"), _("Concluded"),
     _("Improvement experiments that were concluded.")),
    ("lessons", "lesson_shared", _("Lessons shared"), _("Shared"),
     _("Lessons learned that were shared with colleagues.")),
    ("ideas", "idea_adopted", _("Improvement ideas adopted"), _("Adopted"),
     _("Improvement ideas that were adopted.")),
    ("kudos", "kudos_received", _("Kudos received"), _("Kudos"),
     _("Appreciation colleagues gave each other for learning and helping.")),
)):
    register_indicator(Indicator(
        slug=_slug, label=_label, group=OUTCOME, unit="count", order=20 + _order,
        series=(Series("count", _series_label),), compute=_events_counted(_kind), available=_kind_available(_kind),
        description=_text,
    ))
register_indicator(Indicator(
    slug="checkout", label=_("Check-out trend"), group=OUTCOME, unit="score", order=50, chart="line", low=1, high=5,
    series=(Series("quality", _("Quality of the meeting")), Series("dynamics", _("Team dynamics")),
            Series("answers", _("Answers counted"), in_chart=False)),
    compute=checkout, available=_has_checkouts,
    description=_("Average check-out scores of reflection meetings where enough people answered; never per "
                  "person."),
))
for _order, (_key, _label, _low, _high) in enumerate(SCAN_INSTRUMENTS):
    register_indicator(Indicator(
        slug=f"scan-{_key}", label=_label, group=OUTCOME, unit="score", order=60 + _order, chart="line",
        series=(), compute=_scan(_key), low=_low, high=_high,
        available=lambda ctx, key=_key: key in _published_instruments(ctx),
        description=_("The average per dimension of the scan runs that opened in each month or week, on the "
                      "instrument's own scale, only for groups with enough answers."),
    ))
