"""Writes about survey runs: opening one for an audience, drafts, anonymous answers, publications, reminders.

Answering: the token holder's draft is theirs until they submit; `response_submit` then, in one transaction,
stores a `Response` that carries no person and no time, marks the token used (without a time either) and
clears the draft, and tries to publish (see `scan/anonymity.py`).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.notifications.models import Notification
from leerritme.notifications.services import notify
from leerritme.orgs.models import Person, Team, TeamMembership
from leerritme.scan import anonymity
from leerritme.scan.models import TRENDS, Instrument, Publication, Response, Run, RunToken, encode_answers

INVITED_KIND = "scan.invited"
REMINDER_KIND = "scan.reminder"
MAX_COMMENT = 2000


def team_tree() -> dict[int, int | None]:
    """Every team of the current organisation: id -> parent id."""
    return dict(Team.objects.values_list("pk", "parent_id"))


def audience(*, whole_organisation: bool, teams: list[Team]) -> dict[int, int | None]:
    """person id -> reporting group (their most specific team in the audience; None: no team)."""
    parents = team_tree()
    depth = {t: len(anonymity.ancestors(parents, t)) for t in parents}
    if whole_organisation:
        allowed = set(parents)
    else:
        allowed = set()
        for node, groups in anonymity.subtrees(parents).items():
            if node in {t.pk for t in teams}:
                allowed |= groups
    found: dict[int, int | None] = {}
    rows = TeamMembership.objects.filter(person__is_active=True, team_id__in=allowed).values_list("person_id",
                                                                                                  "team_id")
    for person_id, team_id in sorted(rows, key=lambda r: (-depth.get(r[1], 0), r[1])):
        found.setdefault(person_id, team_id)
    if whole_organisation:
        for person_id in Person.objects.filter(is_active=True).values_list("pk", flat=True):
            found.setdefault(person_id, None)
    return found


@transaction.atomic
def run_create(*, instrument: Instrument, title: str, whole_organisation: bool, teams: list[Team],
               opens_on: date, closes_on: date, created_by: Person, today: date | None = None) -> Run:
    """Open (or plan) a run of the instrument for the organisation or some departments and teams."""
    today = today or timezone.localdate()
    title = (title or "").strip() or instrument.name
    if not instrument.items.exists():
        raise ValidationError(_("This instrument has no statements yet, so it cannot be opened."))
    if not instrument.is_active:
        raise ValidationError(_("This instrument is not available for new runs."))
    if closes_on < opens_on:
        raise ValidationError({"closes_on": [_("The closing date must be on or after the opening date.")]})
    if closes_on < today:
        raise ValidationError({"closes_on": [_("The closing date has already passed.")]})
    if not whole_organisation and not teams:
        raise ValidationError({"teams": [_("Choose the whole organisation or at least one department or team.")]})
    people = audience(whole_organisation=whole_organisation, teams=teams)
    if not people:
        raise ValidationError({"teams": [_("Nobody is in this audience yet.")]})
    organisation = instrument.organisation
    run = Run.objects.create(organisation=organisation, instrument=instrument, title=title[:150],
                             whole_organisation=whole_organisation, opens_on=opens_on, closes_on=closes_on,
                             threshold=organisation.anonymity_threshold, created_by=created_by)
    if not whole_organisation:
        run.teams.set(teams)
    RunToken.objects.bulk_create([RunToken(organisation=organisation, run=run, person_id=pk, group_id=group)
                                  for pk, group in people.items()], batch_size=2000)
    if opens_on <= today:
        from leerritme.scan.tasks import invite_run

        transaction.on_commit(lambda: invite_run.enqueue(run.pk))
    return run


@transaction.atomic
def run_close(*, run: Run, today: date | None = None) -> Run:
    today = today or timezone.localdate()
    if run.status(today) == "closed":
        raise ValidationError(_("This survey is already closed."))
    run.closed_early_on = max(today, run.opens_on)
    if run.opens_on > today:  # a planned run closed before it opened never opens
        run.closes_on = run.opens_on
    run.save(update_fields=["closed_early_on", "closes_on"])
    return run


def token_for(run: Run, person: Person) -> RunToken | None:
    """The person's token for the run; someone who joined a team of the audience later gets one now."""
    token = RunToken.objects.filter(run=run, person=person).first()
    if token is not None or run.status() != "open":
        return token
    people = audience(whole_organisation=run.whole_organisation, teams=list(run.teams.all()))
    if person.pk not in people:
        return None
    token, _created = RunToken.objects.get_or_create(run=run, person=person, defaults={
        "organisation_id": run.organisation_id, "group_id": people[person.pk]})
    return token


def _check_answers(run: Run, answers: dict, trends: dict, *, complete: bool) -> tuple[dict, dict]:
    instrument = run.instrument
    item_ids = [str(pk) for pk in instrument.items.values_list("pk", flat=True)]
    allowed = set(instrument.values)
    clean, clean_trends = {}, {}
    for key, value in (answers or {}).items():
        key = str(key)
        if key not in item_ids:
            raise ValidationError(_("An answer belongs to a statement that is not in this survey."))
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number not in allowed:
            raise ValidationError(_("%(value)s is not on the scale; choose one of %(allowed)s.") % {
                "value": value, "allowed": ", ".join(str(v) for v in sorted(allowed))})
        clean[key] = number
    if instrument.has_trend:
        for key, value in (trends or {}).items():
            key = str(key)
            if value in (None, ""):
                continue
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = None
            if key not in item_ids or number not in TRENDS:
                raise ValidationError(_("Choose whether it is getting better, staying the same or getting worse."))
            clean_trends[key] = number
    if complete:
        missing = [k for k in item_ids if k not in clean]
        if missing:
            raise ValidationError(_("Please answer every statement (%(count)s still open).") % {
                "count": len(missing)})
    return clean, clean_trends


def _check_token(token: RunToken, today: date | None) -> None:
    if token.used:
        raise ValidationError(_("You have already answered this survey; everyone answers once."))
    status = token.run.status(today)
    if status == "closed":
        raise ValidationError(_("This survey is closed; answers are no longer accepted."))
    if status == "planned":
        raise ValidationError(_("This survey opens on %(day)s.") % {"day": token.run.opens_on})


@transaction.atomic
def draft_save(*, token: RunToken, answers: dict, trends: dict | None = None, comment: str = "",
               today: date | None = None) -> RunToken:
    """Keep the token holder's unfinished answers; nothing of it reaches the results."""
    token = RunToken.objects.select_for_update().select_related("run__instrument").get(pk=token.pk)
    _check_token(token, today)
    token.draft, token.draft_trends = _check_answers(token.run, answers, trends or {}, complete=False)
    token.draft_comment = (comment or "")[:MAX_COMMENT]
    token.save(update_fields=["draft", "draft_trends", "draft_comment"])
    return token


@transaction.atomic
def response_submit(*, token: RunToken, answers: dict, trends: dict | None = None, comment: str = "",
                    today: date | None = None) -> Publication | None:
    """Store the anonymous response, use the token, clear the draft; returns a new publication if any."""
    token = RunToken.objects.select_for_update().select_related("run__instrument").get(pk=token.pk)
    _check_token(token, today)
    run = token.run
    clean, clean_trends = _check_answers(run, answers, trends or {}, complete=True)
    if run.instrument.has_trend and len(clean_trends) < len(clean):
        raise ValidationError(_("Please say for every topic whether it is getting better or worse."))
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError(_("Keep your comment under %(limit)s characters.") % {"limit": MAX_COMMENT})
    item_ids = list(run.instrument.items.order_by("order", "pk").values_list("pk", flat=True))
    vector, trend_vector = encode_answers(item_ids, clean, clean_trends)
    Response.objects.create(organisation_id=run.organisation_id, run=run, group_id=token.group_id,
                            answers=clean, trends=clean_trends, comment=comment, vector=vector,
                            trend_vector=trend_vector)
    token.used = True
    token.draft, token.draft_trends, token.draft_comment = {}, {}, ""
    token.save(update_fields=["used", "draft", "draft_trends", "draft_comment"])
    return publish_pending(run)


def publish_pending(run: Run) -> Publication | None:
    """Publish the waiting responses when that exposes no small group (see anonymity.publish)."""
    run = Run.objects.select_for_update().get(pk=run.pk)  # one publication at a time per run
    counts = {
        (row["group_id"] or anonymity.ROOT, row["published_in"]): row["n"]
        for row in Response.objects.filter(run=run).values("group_id", "published_in").annotate(n=Count("pk"))
    }
    if not any(published is None for (_g, published) in counts):
        return None
    earlier = [(p.number, anonymity.cover_from_json(p.visible)) for p in run.publications.all()]
    cover = anonymity.publish(counts, earlier, team_tree(), run.threshold)
    if cover is None:
        return None
    number = (earlier[-1][0] if earlier else 0) + 1
    publication = Publication.objects.create(organisation_id=run.organisation_id, run=run, number=number,
                                             visible=anonymity.cover_to_json(cover))
    Response.objects.filter(run=run, published_in__isnull=True).update(published_in=number)
    return publication


def _answer_url(run: Run) -> str:
    return reverse("scan:answer", kwargs={"org": run.organisation.slug, "uuid": run.uuid})


def _notify_unanswered(run: Run, kind: str, closes_on: date) -> int:
    key = f"{kind}:{run.uuid}"
    done = set(Notification.objects.filter(kind=kind, dedupe_key=key).values_list("person_id", flat=True))
    tokens = (RunToken.objects.filter(run=run, used=False, person__is_active=True).exclude(person_id__in=done)
              .select_related("person__user", "person__organisation"))
    sent = 0
    for token in tokens:
        if notify(token.person, kind, {"run": run, "closes_on": closes_on}, url=_answer_url(run), dedupe_key=key):
            sent += 1
    return sent


def run_invite(run: Run) -> int:
    """Tell everyone in the audience who has not answered that the survey is open (once per run)."""
    Run.objects.filter(pk=run.pk).update(invited=True)
    return _notify_unanswered(run, INVITED_KIND, run.closes_on)


def run_remind(run: Run) -> int:
    """Remind those who have not answered yet; the token is all we know about who answered."""
    Run.objects.filter(pk=run.pk).update(reminded=True)
    return _notify_unanswered(run, REMINDER_KIND, run.last_day)
