"""Writes: programmes and their rounds, opting out and in, reflections; coaching offers, requests,
matching runs, answers, meetings and closing; buddies. Each validates and stores all or nothing."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.learning.models import LearningKind
from leerritme.learning.services import learning_event_record
from leerritme.matching import algorithms, selectors
from leerritme.matching.models import (
    Buddy,
    BuddyStatus,
    CoachingMeeting,
    CoachingRequest,
    CoachOffer,
    Group,
    GroupMember,
    Match,
    MatchingRun,
    MatchStatus,
    OptOut,
    Participant,
    Programme,
    ProgrammeKind,
    Reach,
    RequestStatus,
    Round,
    RoundJob,
    RoundJobStatus,
    RoundJobStep,
)
from leerritme.notifications.services import notify
from leerritme.orgs.models import Person, Team
from leerritme.people.models import PersonSkill, Skill

GROUPED_KIND = "matching.grouped"
REFLECT_KIND = "matching.reflect"
MATCH_PUBLISHED_KIND = "matching.match_published"
MATCH_ANSWERED_KIND = "matching.match_answered"
BUDDY_KIND = "matching.buddy"
ROUND_HOUR = time(10, 0)  # groups of a round are told to meet from 10:00 on its first day
NEWCOMER_DAYS = 30
OPEN_JOB = (RoundJobStatus.QUEUED, RoundJobStatus.RUNNING)

logger = logging.getLogger(__name__)


def _url(name: str, organisation, **kwargs) -> str:
    return reverse(f"matching:{name}", kwargs={"org": organisation.slug, **kwargs})


# --- Programmes and rounds ------------------------------------------------------------------------

SIZES = {ProgrammeKind.DUOS: (2, 2), ProgrammeKind.COFFEE: (2, 2), ProgrammeKind.CIRCLES: (4, 7)}


@transaction.atomic
def programme_create(*, organisation, kind: str, name: str, created_by: Person, reach: str = Reach.TEAM,
                     teams: list[Team] = (), purpose: str = "", group_size: int | None = None,
                     rotating: bool = True, every_weeks: int = 4, skill: Skill | None = None,
                     protocol: str = "", first_round_on: date | None = None) -> Programme:
    errors = {}
    low, high = SIZES[ProgrammeKind(kind)]
    size = group_size or low
    if not low <= size <= high:
        errors["group_size"] = _("Groups have %(low)s to %(high)s people.") % {"low": low, "high": high}
    if not name.strip():
        errors["name"] = _("Give the programme a name.")
    if not 1 <= every_weeks <= 52:
        errors["every_weeks"] = _("A round every 1 to 52 weeks.")
    teams = list(teams)
    if any(t.organisation_id != organisation.pk for t in teams):
        errors["teams"] = _("Choose teams of this organisation.")
    elif reach == Reach.TEAM and len(teams) != 1 and kind != ProgrammeKind.COFFEE:
        errors["teams"] = _("Choose the one team.")
    elif reach == Reach.TEAMS and len(teams) < 2:
        errors["teams"] = _("Choose at least two teams.")
    if errors:
        raise ValidationError(errors)
    programme = Programme.objects.create(
        organisation=organisation, kind=kind, name=name.strip(), purpose=purpose, reach=reach,
        group_size=size, rotating=rotating, every_weeks=every_weeks, skill=skill, protocol=protocol,
        opt_in=kind == ProgrammeKind.COFFEE, created_by=created_by, next_round_on=first_round_on,
    )
    if reach != Reach.ORGANISATION:
        programme.teams.set(teams)
    return programme


def _sizes(programme: Programme) -> algorithms.Sizes:
    if programme.group_size == 2:
        return algorithms.Sizes.pairs()
    return algorithms.Sizes.circles(programme.group_size)


def _affinity(programme: Programme, people: list[Person]) -> dict[frozenset, int]:
    """Skill-based duos: a bonus for a pair where one wants to learn the skill the other can teach."""
    if programme.skill_id is None:
        return {}
    entries = PersonSkill.objects.filter(skill_id=programme.skill_id, person__in=people)
    learners = {e.person_id for e in entries if e.wants_to_learn}
    teachers = {e.person_id for e in entries if e.can_teach}
    return {frozenset((a, b)): 500 for a in learners for b in teachers if a != b}


class _TooFew(Exception):
    def __init__(self, present: int, smallest: int):
        super().__init__(present, smallest)
        self.present, self.smallest = present, smallest


@dataclass
class _Planned:
    """A round's groups as formed, before anything is stored."""

    number: int
    people: list[Person]
    plan: list[list[int]]
    leaders: set[int]


def _round_plan(programme: Programme) -> _Planned:
    """Form the next round's groups (reads only: the heavy part); raises _TooFew."""
    last = selectors.latest_round(programme)
    number = (last.number + 1) if last else 1
    people = selectors.programme_people(programme)
    skipping = selectors.opted_out(programme, number)
    present = [p.pk for p in people if p.pk not in skipping]
    sizes = _sizes(programme)
    team, department = selectors.team_and_department(present)
    try:
        if last is not None and not programme.rotating:
            plan = _stable_groups(programme, last, present, sizes)
        else:
            plan = algorithms.plan_round(
                present, sizes=sizes, history=algorithms.history_counts(selectors.earlier_groups(programme)),
                team=team if programme.reach != Reach.TEAM else None,
                department=department if programme.reach != Reach.TEAM else None,
                affinity=_affinity(programme, people), seed=programme.pk * 1000 + number,
            )
    except algorithms.TooFewPeople:
        raise _TooFew(len(present), sizes.smallest) from None
    leaders = set()
    if programme.kind == ProgrammeKind.CIRCLES:
        leaders = set(algorithms.rotate_facilitators(plan, selectors.facilitation_counts(programme)))
    return _Planned(number=number, people=people, plan=plan, leaders=leaders)


def _too_few_message(error: _TooFew) -> str:
    return _("Too few people take part in this round: %(n)s, at least %(min)s are needed.") % {
        "n": error.present, "min": error.smallest}


def _round_store(programme: Programme, planned: _Planned, starts_on: date | None) -> Round:
    """Store the formed round and tell everyone; the caller holds the programme's lock."""
    plan, leaders = planned.plan, planned.leaders
    starts_on = starts_on or timezone.localdate()
    starts_at = timezone.make_aware(datetime.combine(starts_on, ROUND_HOUR))
    rnd = Round.objects.create(organisation=programme.organisation, programme=programme, number=planned.number,
                               starts_at=starts_at, ends_on=starts_on + timedelta(weeks=programme.every_weeks, days=-1))
    groups = Group.objects.bulk_create([Group(organisation=programme.organisation, round=rnd) for _ in plan])
    GroupMember.objects.bulk_create([
        GroupMember(organisation=programme.organisation, group=g, person_id=p, is_facilitator=p in leaders)
        for g, members in zip(groups, plan, strict=True) for p in members
    ])
    programme.next_round_on = starts_on + timedelta(weeks=programme.every_weeks)
    programme.save(update_fields=["next_round_on"])
    by_id = {p.pk: p for p in planned.people}
    for g, members in zip(groups, plan, strict=True):
        for p in members:
            others = [by_id[o].display_name for o in members if o != p]
            notify(by_id[p], GROUPED_KIND, {"programme": programme, "round": rnd, "others": others,
                                            "facilitator": p in leaders},
                   url=_url("group", programme.organisation, uuid=g.uuid), dedupe_key=f"grouped:{g.uuid}")
    return rnd


@transaction.atomic
def round_start(*, programme: Programme, starts_on: date | None = None, by: Person | None = None) -> Round:
    """Form the next round's groups and tell everyone; refuses when too few people take part."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    try:
        planned = _round_plan(programme)
    except _TooFew as error:
        raise ValidationError(_too_few_message(error)) from None
    return _round_store(programme, planned, starts_on)


# --- Rounds formed by the task worker --------------------------------------------------------------


@transaction.atomic
def round_job_create(*, programme: Programme, by: Person) -> RoundJob:
    """Queue the next round of a large programme for the worker; an already open job is returned as is."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not programme.is_active:
        raise ValidationError(_("This programme has stopped."))
    job = RoundJob.objects.filter(programme=programme, status__in=OPEN_JOB).first()
    if job is not None:
        return job
    last = selectors.latest_round(programme)
    job = RoundJob.objects.create(organisation=programme.organisation, programme=programme,
                                  number=(last.number + 1) if last else 1, requested_by=by)
    from leerritme.matching.tasks import form_round

    transaction.on_commit(lambda: form_round.enqueue(str(job.uuid)))
    return job


def _job_update(job: RoundJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    RoundJob.objects.filter(pk=job.pk).update(**fields)


def _job_fail(job: RoundJob, **error) -> RoundJob:
    _job_update(job, status=RoundJobStatus.FAILED, error=error, finished_at=timezone.now())
    return job


def round_job_run(*, job: RoundJob) -> RoundJob:
    """The worker's part: form the groups outside any lock, then store them (all or nothing) and tell
    everyone. Progress is committed step by step so the admin's page can show it."""
    started = RoundJob.objects.filter(pk=job.pk, status=RoundJobStatus.QUEUED).update(
        status=RoundJobStatus.RUNNING, step=RoundJobStep.FORMING, started_at=timezone.now())
    if not started:
        return job  # another worker took it
    job.status, job.step = RoundJobStatus.RUNNING, RoundJobStep.FORMING
    programme = job.programme
    try:
        if not programme.is_active:
            return _job_fail(job, code="stopped")
        _job_update(job, people_count=selectors.programme_people_count(programme))
        planned = _round_plan(programme)
        _job_update(job, step=RoundJobStep.SAVING, number=planned.number)
        with transaction.atomic():
            programme = Programme.objects.select_for_update().get(pk=programme.pk)
            if not programme.is_active:
                return _job_fail(job, code="stopped")
            last = selectors.latest_round(programme)
            if ((last.number + 1) if last else 1) != planned.number:
                planned = _round_plan(programme)  # a round was started meanwhile: form against it
            rnd = _round_store(programme, planned, None)
    except _TooFew as error:
        return _job_fail(job, code="too_few", present=error.present, smallest=error.smallest)
    except Exception:
        logger.exception("Forming round job %s failed", job.uuid)
        return _job_fail(job, code="failed")
    _job_update(job, status=RoundJobStatus.DONE, round=rnd, number=rnd.number, finished_at=timezone.now())
    return job


def round_job_error(job: RoundJob) -> str:
    """Why a job failed, in the reader's language."""
    code = (job.error or {}).get("code")
    if code == "too_few":
        return _too_few_message(_TooFew(job.error.get("present", 0), job.error.get("smallest", 0)))
    if code == "stopped":
        return _("The programme was stopped before the round was formed.")
    return _("Something went wrong while forming the groups. Nothing was saved; try again.")


def _stable_groups(programme, last: Round, present: list[int], sizes) -> list[list[int]]:
    """Stable circles keep their groups; who left goes, who is new joins the smallest groups."""
    groups = [list(g) for g in selectors.earlier_groups_of_round(last)]
    here = set(present)
    groups = [[p for p in g if p in here] for g in groups]
    placed = {p for g in groups for p in g}
    for p in present:
        if p not in placed:
            min(groups, key=len).append(p)
    groups = [g for g in groups if g]
    if any(len(g) < sizes.smallest for g in groups):
        # Too many left a group: form new groups rather than hold a circle of two.
        return algorithms.plan_round(present, sizes=sizes, seed=last.pk)
    return groups


def opt_out_set(*, programme: Programme, person: Person, round_number: int, skip: bool) -> None:
    if skip:
        OptOut.objects.get_or_create(organisation=programme.organisation, programme=programme, person=person,
                                     round_number=round_number)
    else:
        OptOut.objects.filter(programme=programme, person=person, round_number=round_number).delete()


def participant_set(*, programme: Programme, person: Person, joined: bool) -> None:
    if joined:
        Participant.objects.get_or_create(organisation=programme.organisation, programme=programme, person=person)
    else:
        Participant.objects.filter(programme=programme, person=person).delete()


@transaction.atomic
def group_reflect(*, member: GroupMember, text: str) -> GroupMember:
    text = text.strip()
    if not text:
        raise ValidationError({"reflection": _("Write what you learned, in a sentence or two.")})
    first = member.reflected_at is None
    member.reflection = text
    member.reflected_at = timezone.now()
    member.save(update_fields=["reflection", "reflected_at"])
    if first:
        programme = member.group.round.programme
        learning_event_record(person=member.person, kind=LearningKind.PEER_MEETING, obj=member.group,
                              title=_("Learned together in %(programme)s") % {"programme": programme.name},
                              data={"reflection": text[:500]})
    return member


def programme_stop(*, programme: Programme) -> None:
    programme.is_active = False
    programme.save(update_fields=["is_active"])


# --- Coaching -------------------------------------------------------------------------------------

@transaction.atomic
def coach_offer_save(*, person: Person, skills: list[Skill], capacity: int, description: str = "",
                     languages: list[str] = ("nl",), is_active: bool = True) -> CoachOffer:
    if not 1 <= capacity <= 10:
        raise ValidationError({"capacity": _("Take 1 to 10 learners at a time.")})
    if not skills:
        raise ValidationError({"skills": _("Choose at least one skill you can help with.")})
    if not languages:
        raise ValidationError({"languages": _("Choose at least one language.")})
    offer, _created = CoachOffer.objects.update_or_create(
        person=person, defaults={"organisation": person.organisation, "capacity": capacity,
                                 "description": description, "languages": list(languages),
                                 "is_active": is_active, "updated_at": timezone.now()})
    offer.skills.set(skills)
    return offer


@transaction.atomic
def coaching_request_create(*, person: Person, goal: str, skills: list[Skill], language: str = "nl",
                            other_team_only: bool = False) -> CoachingRequest:
    if not goal.strip():
        raise ValidationError({"goal": _("Describe your goal: what do you want to be able to do?")})
    if not skills:
        raise ValidationError({"skills": _("Choose at least one skill.")})
    request = CoachingRequest.objects.create(organisation=person.organisation, person=person, goal=goal.strip(),
                                             language=language, other_team_only=other_team_only)
    request.skills.set(skills)
    return request


def coaching_request_withdraw(*, request: CoachingRequest) -> None:
    request.status = RequestStatus.WITHDRAWN
    request.save(update_fields=["status"])


def _taken_places() -> dict[int, int]:
    from django.db.models import Count

    return dict(Match.objects.filter(status__in=[MatchStatus.PUBLISHED, MatchStatus.ACTIVE])
                .values("coach_id").annotate(n=Count("pk")).values_list("coach_id", "n"))


def candidate_pairs(requests: list[CoachingRequest], offers: list[CoachOffer]):
    """Every allowed (request, offer, score, reasons), from skills, levels, teams and languages."""
    people = {r.person_id for r in requests} | {o.person_id for o in offers}
    levels = {(e.person_id, e.skill_id): e.level for e in PersonSkill.objects.filter(person_id__in=people)}
    teams = selectors.teams_of(people)
    leads = selectors.leads_of([r.person_id for r in requests])
    names = {}
    for r in requests:
        for s in r.skills.all():
            names[s.pk] = s.name
    for r in requests:
        wanted = {s.pk: levels.get((r.person_id, s.pk)) for s in r.skills.all()}
        for o in offers:
            if o.person_id == r.person_id:
                continue
            offered = {s.pk: levels.get((o.person_id, s.pk)) for s in o.skills.all()}
            result = algorithms.coaching_score(
                wanted=wanted, offered=offered,
                same_team=bool(teams[r.person_id] & teams[o.person_id]),
                is_own_lead=o.person_id in leads[r.person_id],
                languages_shared=r.language in (o.languages or []),
                require_other_team=r.other_team_only,
            )
            if result is not None:
                score, reasons = result
                yield r, o, score, [_reason_json(reason, names) for reason in reasons]


def _reason_json(reason, names) -> dict:
    code, value = reason
    if code == "shared_skill":
        return {"code": code, "skill": names.get(value, "")}
    if code == "level_difference":
        skill, gap = value
        return {"code": code, "skill": names.get(skill, ""), "gap": gap}
    return {"code": code}


@transaction.atomic
def matching_run_create(*, by: Person) -> MatchingRun:
    """Propose coaches for every open request: the most learners first, then the best total score."""
    requests = list(CoachingRequest.objects.filter(status=RequestStatus.OPEN, person__is_active=True)
                    .exclude(matches__status__in=[MatchStatus.PROPOSED]).prefetch_related("skills"))
    offers = list(CoachOffer.objects.filter(is_active=True, person__is_active=True).prefetch_related("skills"))
    taken = _taken_places()
    capacity = {o.pk: o.capacity - taken.get(o.person_id, 0) for o in offers}
    offers = [o for o in offers if capacity[o.pk] > 0]
    candidates = list(candidate_pairs(requests, offers))
    details = {(r.pk, o.pk): (score, reasons) for r, o, score, reasons in candidates}
    plan = algorithms.match_coaching([r.pk for r in requests], {o.pk: capacity[o.pk] for o in offers},
                                     [(r.pk, o.pk, score) for r, o, score, _ in candidates])
    run = MatchingRun.objects.create(organisation=by.organisation, created_by=by)
    by_request = {r.pk: r for r in requests}
    by_offer = {o.pk: o for o in offers}
    Match.objects.bulk_create([
        Match(organisation=by.organisation, run=run, request=by_request[r], learner_id=by_request[r].person_id,
              coach_id=by_offer[o].person_id, score=details[(r, o)][0], reasons=details[(r, o)][1])
        for r, o in plan.pairs
    ])
    run.unmatched = [str(by_request[r].uuid) for r in plan.unmatched]
    run.save(update_fields=["unmatched"])
    return run


def coach_choices(match: Match) -> list[tuple[CoachOffer, int, list]]:
    """The coaches this match's learner may get instead, best score first (for adjusting a proposal)."""
    offers = list(CoachOffer.objects.filter(is_active=True, person__is_active=True)
                  .select_related("person__user").prefetch_related("skills"))
    request = CoachingRequest.objects.prefetch_related("skills").get(pk=match.request_id)
    choices = [(o, score, reasons) for _r, o, score, reasons in candidate_pairs([request], offers)]
    return sorted(choices, key=lambda c: -c[1])


@transaction.atomic
def match_adjust(*, match: Match, coach: Person | None) -> Match | None:
    """Give a proposed match another allowed coach, or remove it (coach None)."""
    if match.status != MatchStatus.PROPOSED:
        raise ValidationError(_("Only proposals not yet published can be changed."))
    if coach is None:
        match.delete()
        return None
    allowed = {o.person_id: (score, reasons) for o, score, reasons in coach_choices(match)}
    if coach.pk not in allowed:
        raise ValidationError(_("This coach does not offer what the learner asks for, or may not coach them."))
    offer = CoachOffer.objects.get(person=coach)
    planned = Match.objects.filter(coach=coach, status__in=[MatchStatus.PUBLISHED, MatchStatus.ACTIVE]).count()
    planned += (Match.objects.filter(coach=coach, run=match.run, status=MatchStatus.PROPOSED)
                .exclude(pk=match.pk).count())
    if planned >= offer.capacity:
        raise ValidationError(_("%(name)s takes %(n)s learner(s) at a time and has no place left.")
                              % {"name": coach.display_name, "n": offer.capacity})
    match.coach = coach
    match.score, match.reasons = allowed[coach.pk]
    match.save(update_fields=["coach", "score", "reasons"])
    return match


@transaction.atomic
def matching_run_publish(*, run: MatchingRun, by: Person) -> int:
    if run.published_at is not None:
        raise ValidationError(_("This matching is already published."))
    matches = list(run.matches.filter(status=MatchStatus.PROPOSED).select_related("learner__user", "coach__user"))
    for match in matches:
        match.status = MatchStatus.PUBLISHED
        match.save(update_fields=["status"])
        CoachingRequest.objects.filter(pk=match.request_id).update(status=RequestStatus.MATCHED)
        url = _url("match", run.organisation, uuid=match.uuid)
        notify(match.learner, MATCH_PUBLISHED_KIND, {"match": match, "other": match.coach.display_name,
                                                     "as_coach": False}, url=url, dedupe_key=f"match:{match.uuid}")
        notify(match.coach, MATCH_PUBLISHED_KIND, {"match": match, "other": match.learner.display_name,
                                                   "as_coach": True}, url=url, dedupe_key=f"match:{match.uuid}")
    run.published_at = timezone.now()
    run.save(update_fields=["published_at"])
    return len(matches)


@transaction.atomic
def match_answer(*, match: Match, person: Person, accept: bool) -> Match:
    match = Match.objects.select_for_update().select_related("learner__user", "coach__user").get(pk=match.pk)
    if match.status != MatchStatus.PUBLISHED:
        raise ValidationError(_("This match is no longer waiting for an answer."))
    if person.pk not in (match.learner_id, match.coach_id):
        raise ValidationError(_("Only the learner and the coach answer."))
    other = match.coach if person.pk == match.learner_id else match.learner
    if accept:
        field = "learner_accepted_at" if person.pk == match.learner_id else "coach_accepted_at"
        setattr(match, field, timezone.now())
        fields = [field]
        if match.learner_accepted_at and match.coach_accepted_at:
            match.status = MatchStatus.ACTIVE
            fields.append("status")
        match.save(update_fields=fields)
    else:
        match.status = MatchStatus.DECLINED
        match.declined_by = person
        match.save(update_fields=["status", "declined_by"])
        CoachingRequest.objects.filter(pk=match.request_id).update(status=RequestStatus.OPEN)
    notify(other, MATCH_ANSWERED_KIND, {"match": match, "by": person.display_name, "accepted": accept},
           url=_url("match", match.organisation, uuid=match.uuid))
    return match


@transaction.atomic
def coaching_meeting_log(*, match: Match, by: Person, held_on: date, notes: str, minutes: int = 60,
                         progress: int | None = None, next_meeting_at: datetime | None = None) -> CoachingMeeting:
    if match.status != MatchStatus.ACTIVE:
        raise ValidationError(_("Meetings are logged while the coaching runs."))
    if not notes.strip():
        raise ValidationError({"notes": _("Write what you worked on.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting is logged after it took place.")})
    if not 5 <= minutes <= 480:
        raise ValidationError({"minutes": _("A meeting takes 5 to 480 minutes.")})
    meeting = CoachingMeeting.objects.create(organisation=match.organisation, match=match, held_on=held_on,
                                             minutes=minutes, notes=notes.strip(), logged_by=by)
    fields = []
    goal_reached = False
    if progress is not None:
        if not 0 <= progress <= 100:
            raise ValidationError({"progress": _("Progress is 0 to 100%.")})
        goal_reached = progress == 100 and match.progress < 100
        match.progress = progress
        fields.append("progress")
    if next_meeting_at is not None:
        match.next_meeting_at = next_meeting_at
        fields.append("next_meeting_at")
    if fields:
        match.save(update_fields=fields)
    occurred = timezone.make_aware(datetime.combine(held_on, time(12, 0)))
    for person, title in ((match.learner, _("Coaching meeting with %(name)s") % {"name": match.coach.display_name}),
                          (match.coach, _("Coached %(name)s") % {"name": match.learner.display_name})):
        learning_event_record(person=person, kind=LearningKind.COACHING_MEETING, title=title, obj=meeting,
                              occurred_at=occurred, minutes=minutes)
    if goal_reached:
        # Private, as the coaching is: the learner's own celebration card and learning record.
        learning_event_record(person=match.learner, kind=LearningKind.COACHING_GOAL_REACHED,
                              title=match.request.goal.strip().splitlines()[0][:200] or _("Coaching goal"),
                              obj=match, occurred_at=occurred)
    return meeting


@transaction.atomic
def match_close(*, match: Match, reflection: str) -> Match:
    if match.status != MatchStatus.ACTIVE:
        raise ValidationError(_("Only a running coaching can be closed."))
    if not reflection.strip():
        raise ValidationError({"reflection": _("Look back in a few sentences: what did the coaching bring?")})
    match.status = MatchStatus.CLOSED
    match.reflection = reflection.strip()
    match.closed_at = timezone.now()
    match.next_meeting_at = None
    match.save(update_fields=["status", "reflection", "closed_at", "next_meeting_at"])
    return match


# --- Buddies --------------------------------------------------------------------------------------

@transaction.atomic
def buddies_propose(*, organisation, now: datetime | None = None) -> list[Buddy]:
    """A buddy from another team for every recent newcomer who has none yet (idempotent)."""
    now = now or timezone.now()
    newcomers = list(Person.objects.filter(is_active=True, joined_at__gte=now - timedelta(days=NEWCOMER_DAYS))
                     .exclude(pk__in=Buddy.objects.values("newcomer_id")).select_related("user"))
    newcomers = [p for p in newcomers if p.joined_at <= now]
    if not newcomers:
        return []
    team, department = selectors.team_and_department([p.pk for p in newcomers])
    newcomers = [p for p in newcomers if p.pk in team]  # buddies come from another team: a team is needed
    if not newcomers:
        return []
    # Experienced colleagues (a year or more), the least busy first; a sample keeps it fast at 20,000.
    pool_ids = list(Person.objects.filter(is_active=True, joined_at__lte=now - timedelta(days=365))
                    .exclude(pk__in=[p.pk for p in newcomers]).order_by("?").values_list("pk", flat=True)
                    [: 40 * len(newcomers) + 40])
    pool_team, pool_department = selectors.team_and_department(pool_ids)
    pool_ids = [p for p in pool_ids if p in pool_team]
    from django.db.models import Count

    load = dict(Buddy.objects.filter(buddy_id__in=pool_ids, status__in=[BuddyStatus.PROPOSED, BuddyStatus.ACTIVE])
                .values("buddy_id").annotate(n=Count("pk")).values_list("buddy_id", "n"))
    chosen = algorithms.propose_buddies([p.pk for p in newcomers], pool_ids, team={**team, **pool_team},
                                        load=load, department={**department, **pool_department})
    by_id = {p.pk: p for p in newcomers}
    buddies_people = {p.pk: p for p in Person.objects.filter(pk__in=chosen.values()).select_related("user")}
    made = Buddy.objects.bulk_create([Buddy(organisation=organisation, newcomer=by_id[n], buddy=buddies_people[b],
                                            proposed_at=now) for n, b in chosen.items()])
    for buddy in made:
        url = _url("buddy", organisation, uuid=buddy.uuid)
        notify(buddy.newcomer, BUDDY_KIND, {"other": buddy.buddy.display_name, "as_buddy": False}, url=url,
               dedupe_key=f"buddy:{buddy.uuid}")
        notify(buddy.buddy, BUDDY_KIND, {"other": buddy.newcomer.display_name, "as_buddy": True}, url=url,
               dedupe_key=f"buddy:{buddy.uuid}")
    return made


def buddy_answer(*, buddy: Buddy, person: Person, accept: bool) -> Buddy:
    if person.pk != buddy.buddy_id:
        raise ValidationError(_("Only the proposed buddy answers."))
    if buddy.status != BuddyStatus.PROPOSED:
        raise ValidationError(_("This proposal was already answered."))
    buddy.status = BuddyStatus.ACTIVE if accept else BuddyStatus.DECLINED
    buddy.answered_at = timezone.now()
    buddy.save(update_fields=["status", "answered_at"])
    return buddy
