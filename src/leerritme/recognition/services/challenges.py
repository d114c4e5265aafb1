"""Challenges: creating, joining (opt-in), checking in, progress and completion.

Progress counts only people who joined, and only within the challenge's period: learning events of the
goal's kind, minutes of learning, or days checked in. In a team challenge a team's progress is the sum of its
participants'. Reaching the goal records CHALLENGE_COMPLETED for each participant concerned, once.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.learning.listeners import on_learning_recorded
from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.learning.services import learning_event_record
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.recognition.models import (
    Challenge,
    ChallengeMode,
    ChallengeParticipant,
    CheckIn,
    GoalType,
)

NOT_COUNTABLE = {LearningKind.CHALLENGE_COMPLETED, LearningKind.BADGE_EARNED}
MAX_DAYS = 366


def period_bounds(challenge: Challenge) -> tuple[datetime, datetime]:
    """The period as aware datetimes: [start of the first day, start of the day after the last)."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(challenge.starts_on, time.min, tzinfo=zone)
    end = datetime.combine(challenge.ends_on + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


@transaction.atomic
def challenge_save(*, challenge: Challenge, by: Person) -> Challenge:
    """Create or change a challenge; checks the period and goal."""
    errors = {}
    challenge.title = (challenge.title or "").strip()
    if not challenge.title:
        errors["title"] = _("Give the challenge a title.")
    if challenge.starts_on and challenge.ends_on:
        if challenge.ends_on < challenge.starts_on:
            errors["ends_on"] = _("The challenge cannot end before it starts.")
        elif (challenge.ends_on - challenge.starts_on).days > MAX_DAYS:
            errors["ends_on"] = _("A challenge lasts at most a year.")
    if challenge.goal_type == GoalType.EVENTS:
        if not challenge.goal_kind:
            errors["goal_kind"] = _("Choose the kind of learning that counts.")
        elif challenge.goal_kind in NOT_COUNTABLE:
            errors["goal_kind"] = _("Choose a kind of learning, not badges or challenges.")
    if not challenge.goal_target or challenge.goal_target < 1:
        errors["goal_target"] = _("The target is at least 1.")
    if challenge.goal_type == GoalType.CHECKINS and challenge.starts_on and challenge.ends_on and \
            challenge.goal_target and challenge.goal_target > (challenge.ends_on - challenge.starts_on).days + 1:
        errors["goal_target"] = _("There are fewer days in the period than check-ins asked.")
    if challenge.mode == ChallengeMode.TEAM and challenge.goal_type == GoalType.CHECKINS:
        errors["mode"] = _("Check-in challenges are personal; choose “each on their own”.")
    if challenge.team_id and challenge.team.organisation_id != by.organisation_id:
        errors["team"] = _("Choose a team of this organisation.")
    if errors:
        raise ValidationError(errors)
    if challenge.goal_type != GoalType.EVENTS:
        challenge.goal_kind = ""
    if challenge.goal_type != GoalType.CHECKINS:
        challenge.checkin_minutes = None
    if challenge.pk is None:
        challenge.organisation_id = by.organisation_id
        challenge.created_by = by
    challenge.save()
    return challenge


def teams_of(person: Person) -> list[Team]:
    return [m.team for m in TeamMembership.objects.filter(person=person).select_related("team").order_by("team__name")]


@transaction.atomic
def challenge_join(*, challenge: Challenge, person: Person, team: Team | None = None,
                   show_name: bool = False) -> ChallengeParticipant:
    """Opt in; for a team challenge the person counts for one of their teams."""
    if challenge.ends_on < timezone.localdate():
        raise ValidationError(_("This challenge has ended."))
    my_teams = teams_of(person)
    if challenge.team_id and all(t.pk != challenge.team_id for t in my_teams):
        raise ValidationError(_("This challenge is for the members of %(team)s.") % {"team": challenge.team.name})
    counts_for = None
    if challenge.mode == ChallengeMode.TEAM:
        if challenge.team_id:
            counts_for = challenge.team
        elif team is not None and any(t.pk == team.pk for t in my_teams):
            counts_for = team
        elif my_teams:
            counts_for = my_teams[0]
        else:
            raise ValidationError(_("You need to be in a team to join a team challenge."))
    participant, created = ChallengeParticipant.objects.get_or_create(
        challenge=challenge, person=person,
        defaults={"organisation_id": challenge.organisation_id, "team": counts_for, "show_name": show_name})
    if not created and participant.show_name != show_name:
        participant.show_name = show_name
        participant.save(update_fields=["show_name"])
    challenge_update_progress(challenge, person_ids={person.pk})
    return participant


@transaction.atomic
def challenge_leave(*, challenge: Challenge, person: Person) -> None:
    """Leave: the person no longer counts (a completion already recorded stays theirs)."""
    ChallengeParticipant.objects.filter(challenge=challenge, person=person).delete()


@transaction.atomic
def challenge_check_in(*, challenge: Challenge, person: Person, day: date | None = None, note: str = "") -> CheckIn:
    """Check in for a day of the period (today by default; never a future day)."""
    day = day or timezone.localdate()
    if challenge.goal_type != GoalType.CHECKINS:
        raise ValidationError(_("This challenge counts learning itself, not check-ins."))
    participant = ChallengeParticipant.objects.filter(challenge=challenge, person=person).first()
    if participant is None:
        raise ValidationError(_("Join the challenge first."))
    if day > timezone.localdate():
        raise ValidationError(_("You can only check in for today or an earlier day."))
    if not challenge.starts_on <= day <= challenge.ends_on:
        raise ValidationError(_("That day is outside the challenge."))
    checkin, _created = CheckIn.objects.get_or_create(
        participant=participant, day=day,
        defaults={"organisation_id": challenge.organisation_id, "note": (note or "").strip()[:200]})
    challenge_update_progress(challenge, person_ids={person.pk})
    return checkin


def progress_by_person(challenge: Challenge, person_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Each participant's progress (person id → count, minutes or days); one query."""
    start, end = period_bounds(challenge)
    if challenge.goal_type == GoalType.CHECKINS:
        rows = CheckIn.objects.filter(participant__challenge=challenge, day__gte=challenge.starts_on,
                                      day__lte=challenge.ends_on)
        if person_ids is not None:
            rows = rows.filter(participant__person_id__in=person_ids)
        return dict(rows.values_list("participant__person_id").annotate(n=Count("id")))
    joined = ChallengeParticipant.objects.filter(challenge=challenge).values("person_id")
    events = LearningEvent.objects.filter(person_id__in=joined, occurred_at__gte=start, occurred_at__lt=end)
    if person_ids is not None:
        events = events.filter(person_id__in=person_ids)
    if challenge.goal_type == GoalType.MINUTES:
        return {pid: n or 0 for pid, n in events.values_list("person_id").annotate(n=Sum("minutes"))}
    return dict(events.filter(kind=challenge.goal_kind).values_list("person_id").annotate(n=Count("id")))


def progress_by_team(challenge: Challenge) -> dict[int, int]:
    """A team challenge's progress per team (team id → total of its participants); two queries."""
    by_person = progress_by_person(challenge)
    totals: dict[int, int] = defaultdict(int)
    for person_id, team_id in ChallengeParticipant.objects.filter(challenge=challenge, team__isnull=False) \
            .values_list("person_id", "team_id"):
        totals[team_id] += by_person.get(person_id, 0)
    return dict(totals)


def _record_completed(challenge: Challenge, participants: Sequence[ChallengeParticipant]) -> None:
    now = timezone.now()
    for participant in participants:
        participant.completed_at = now
        participant.save(update_fields=["completed_at"])
        team = challenge.team or participant.team
        learning_event_record(
            person=participant.person, kind=LearningKind.CHALLENGE_COMPLETED, title=challenge.title, obj=challenge,
            occurred_at=now, visibility=Visibility.TEAM if challenge.team_id else Visibility.ORGANISATION,
            team=team if challenge.team_id else None, data={"challenge": str(challenge.uuid)},
        )


@transaction.atomic
def challenge_update_progress(challenge: Challenge, person_ids: set[int] | None = None) -> int:
    """Mark who reached the goal (recording CHALLENGE_COMPLETED once each); returns how many completed now."""
    open_ones = ChallengeParticipant.objects.filter(challenge=challenge, completed_at__isnull=True) \
        .select_related("person__user", "team")
    if challenge.mode == ChallengeMode.TEAM:
        totals = progress_by_team(challenge)
        reached = {team_id for team_id, n in totals.items() if n >= challenge.goal_target}
        done = [p for p in open_ones if p.team_id in reached]
    else:
        if person_ids is not None:
            open_ones = open_ones.filter(person_id__in=person_ids)
        participants = list(open_ones)
        if not participants:
            return 0
        progress = progress_by_person(challenge, {p.person_id for p in participants})
        done = [p for p in participants if progress.get(p.person_id, 0) >= challenge.goal_target]
    _record_completed(challenge, done)
    return len(done)


@on_learning_recorded
def count_for_challenges(events: Sequence) -> None:
    """Recorded learning moves the challenges its people joined; two queries when none is affected."""
    counted = [e for e in events if e.kind not in NOT_COUNTABLE]
    if not counted:
        return
    first = min(timezone.localdate(e.occurred_at) for e in counted)
    last = max(timezone.localdate(e.occurred_at) for e in counted)
    kinds = {e.kind for e in counted}
    with_minutes = any(e.minutes for e in counted)
    people = {e.person_id for e in counted}
    candidates = Challenge.objects.filter(starts_on__lte=last, ends_on__gte=first,
                                          participants__person_id__in=people,
                                          participants__completed_at__isnull=True).distinct()
    challenges = [c for c in candidates
                  if (c.goal_type == GoalType.EVENTS and c.goal_kind in kinds)
                  or (c.goal_type == GoalType.MINUTES and with_minutes)]
    for challenge in challenges:
        challenge_update_progress(challenge, person_ids=people)
