"""Celebration cards: the rules that turn recorded learning into a card, as data.

A rule names the learning kind it watches (and, optionally, values its event's `data` must hold) and when it
celebrates: `every` event, or the person's nth event of that kind for each n in `milestones` (1 = the first).
Cards are made by the listener on the learning-event seam, in the same transaction as the events, per batch
(a fixed number of queries whatever the batch size). A card is seen by whoever may see the event it comes
from; it goes when that event is withdrawn (the foreign key cascades), and its person may hide it.

Only what Leerritme really records is celebrated: a course completed, a first (and tenth) article, a first
(and tenth) knowledge session given, coaching meetings (the 5th, 10th and 25th: the coaching part records
meetings, not goals), a learning path completed, a badge earned and a challenge completed.

A `RhythmRule` celebrates a kept rhythm: learning of its kinds in each of `weeks` consecutive weeks (13: a
quarter). It reads the person's own events, private ones too, so its card is private: only the person sees it.
One card per quarter at most (none while a card of the rule is younger than the streak).
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.learning.listeners import on_learning_recorded
from leerritme.learning.models import LearningEvent, LearningKind, Visibility


@dataclass(frozen=True)
class CelebrationRule:
    code: str
    kind: str
    text: str  # with %(name)s, %(subject)s and %(n)s
    every: bool = False
    milestones: tuple[int, ...] = ()
    data: dict = field(default_factory=dict)


RULES: tuple[CelebrationRule, ...] = (
    CelebrationRule("course_completed", LearningKind.COURSE_COMPLETED, _("%(name)s completed “%(subject)s”"),
                    every=True),
    CelebrationRule("article", LearningKind.ARTICLE_WRITTEN, _("%(name)s wrote their first article: “%(subject)s”"),
                    milestones=(1,)),
    CelebrationRule("article_10", LearningKind.ARTICLE_WRITTEN,
                    _("%(name)s wrote their %(n)sth article: “%(subject)s”"), milestones=(10, 25)),
    CelebrationRule("session_given", LearningKind.SESSION_GIVEN,
                    _("%(name)s gave their first knowledge session: “%(subject)s”"), milestones=(1,)),
    CelebrationRule("session_given_10", LearningKind.SESSION_GIVEN,
                    _("%(name)s gave their %(n)sth knowledge session"), milestones=(10, 25)),
    CelebrationRule("coaching", LearningKind.COACHING_MEETING, _("%(name)s had their %(n)sth coaching meeting"),
                    milestones=(5, 10, 25)),
    CelebrationRule("coaching_goal", LearningKind.COACHING_GOAL_REACHED,
                    _("%(name)s reached their coaching goal: “%(subject)s”"), every=True),
    CelebrationRule("path_completed", LearningKind.PATH_COMPLETED, _("%(name)s completed the path “%(subject)s”"),
                    every=True),
    CelebrationRule("growth_path_completed", LearningKind.OTHER, _("%(name)s completed the path “%(subject)s”"),
                    every=True, data={"growth": "path_completed"}),
    CelebrationRule("badge", LearningKind.BADGE_EARNED, _("%(name)s earned the badge “%(subject)s”"), every=True),
    CelebrationRule("challenge", LearningKind.CHALLENGE_COMPLETED,
                    _("%(name)s completed the challenge “%(subject)s”"), every=True),
)


@dataclass(frozen=True)
class RhythmRule:
    code: str
    kinds: tuple[str, ...]
    weeks: int
    text: str


RHYTHM_RULES: tuple[RhythmRule, ...] = (
    RhythmRule("rhythm_quarter", (
        LearningKind.LEARNING_TIME, LearningKind.SESSION_ATTENDED, LearningKind.SESSION_GIVEN,
        LearningKind.REFLECTION_HELD, LearningKind.PEER_MEETING, LearningKind.COACHING_MEETING,
        LearningKind.COURSE_COMPLETED, LearningKind.ARTICLE_WRITTEN, LearningKind.SKILL_TAUGHT,
    ), 13, _("%(name)s kept their learning rhythm: learning every week for %(n)s weeks")),
)
RULES_BY_CODE = {rule.code: rule for rule in (*RULES, *RHYTHM_RULES)}


def describe(celebration) -> str:
    rule = RULES_BY_CODE.get(celebration.rule)
    text = rule.text if rule else _("%(name)s reached a milestone: %(subject)s")
    return str(text) % {"name": celebration.person.display_name, "subject": celebration.subject,
                        "n": celebration.milestone}


def _matches(rule: CelebrationRule, event) -> bool:
    return event.kind == rule.kind and all((event.data or {}).get(k) == v for k, v in rule.data.items())


def cards_for(events: Sequence) -> list:
    """The cards these newly recorded events earn (not yet stored)."""
    from leerritme.recognition.models import Celebration

    watched = [e for e in events if e.pk and any(_matches(rule, e) for rule in RULES)]
    if not watched:
        return []
    counted_kinds = {rule.kind for rule in RULES if rule.milestones}
    # Numbering: the batch's events of a kind are the person's last ones, so the nth of them is number
    # (total now - in batch + n). One aggregate query for all people and kinds in the batch.
    totals: dict[tuple[int, str], int] = {}
    to_count = {(e.person_id, e.kind) for e in watched if e.kind in counted_kinds}
    if to_count:
        people = {p for p, _k in to_count}
        kinds = {k for _p, k in to_count}
        rows = (LearningEvent.objects.filter(person_id__in=people, kind__in=kinds)
                .values("person_id", "kind").annotate(n=Count("id")))
        totals = {(row["person_id"], row["kind"]): row["n"] for row in rows}
    in_batch = Counter((e.person_id, e.kind) for e in watched)
    seen: dict[tuple[int, str], int] = defaultdict(int)
    cards = []
    for event in sorted(watched, key=lambda e: (e.occurred_at, e.pk)):
        position = None
        if (event.person_id, event.kind) in totals:
            seen[(event.person_id, event.kind)] += 1
            before = totals[(event.person_id, event.kind)] - in_batch[(event.person_id, event.kind)]
            position = before + seen[(event.person_id, event.kind)]
        for rule in RULES:
            if not _matches(rule, event):
                continue
            if rule.every:
                key, milestone = f"{rule.code}:e{event.pk}", 1
            elif position in rule.milestones:
                key, milestone = f"{rule.code}:{position}", position
            else:
                continue
            cards.append(Celebration(
                organisation_id=event.organisation_id, person_id=event.person_id, rule=rule.code, key=key,
                subject=event.title[:250], milestone=milestone, event=event, visibility=event.visibility,
                team_id=event.team_id, occurred_at=event.occurred_at,
            ))
    return cards


def _week(moment) -> date:
    day = timezone.localdate(moment)
    return day - timedelta(days=day.weekday())


def rhythm_cards_for(events: Sequence) -> list:
    """Private cards for people whose newest events complete a streak of weeks; two queries per rule."""
    from leerritme.recognition.models import Celebration

    cards = []
    for rule in RHYTHM_RULES:
        latest = {}
        for event in events:
            if event.pk and event.kind in rule.kinds and (
                    event.person_id not in latest or event.occurred_at > latest[event.person_id].occurred_at):
                latest[event.person_id] = event
        if not latest:
            continue
        first = min(_week(e.occurred_at) for e in latest.values()) - timedelta(weeks=rule.weeks - 1)
        zone = timezone.get_current_timezone()
        since = datetime.combine(first, time.min, tzinfo=zone)
        weeks: dict[int, set[date]] = defaultdict(set)
        for person_id, at in LearningEvent.objects.filter(person_id__in=latest, kind__in=rule.kinds,
                                                          occurred_at__gte=since).values_list("person_id",
                                                                                              "occurred_at"):
            weeks[person_id].add(_week(at))
        recent = set(Celebration.objects.filter(
            person_id__in=latest, rule=rule.code,
            occurred_at__gte=since).values_list("person_id", flat=True))
        for person_id, event in latest.items():
            end = _week(event.occurred_at)
            needed = {end - timedelta(weeks=n) for n in range(rule.weeks)}
            if person_id in recent or not needed <= weeks[person_id]:
                continue
            cards.append(Celebration(
                organisation_id=event.organisation_id, person_id=person_id, rule=rule.code,
                key=f"{rule.code}:{end.isoformat()}", subject="", milestone=rule.weeks, event=event,
                visibility=Visibility.PRIVATE, occurred_at=event.occurred_at))
    return cards


@on_learning_recorded
def celebrate(events: Sequence) -> None:
    from leerritme.recognition.models import Celebration

    cards = cards_for(events) + rhythm_cards_for(events)
    if cards:
        Celebration.objects.bulk_create(cards, batch_size=1000, ignore_conflicts=True)
