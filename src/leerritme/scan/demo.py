"""This part's registration with the demo seam: the shipped instruments, two learning-culture scans of the whole
organisation six months apart (the second showing change: reflection time and openness up, leadership
steady), a team health check of every team three months ago and one open now (the demo logins have not
answered it yet, so their home page shows "a survey is waiting for you").

Answers are drawn per person from a team's level plus noise, so dimensions hang together (a realistic
Cronbach's alpha) and teams differ. Tokens and responses are bulk-inserted; each run is published once
through the same anonymity rules as live answers.
"""

from datetime import timedelta

from django.utils import timezone

from leerritme.lib.demo import DemoContext, DemoDataPart, register_demo_part
from leerritme.orgs.models import Person
from leerritme.people.demo import demo_logins
from leerritme.scan.models import Instrument, Response, Run, RunToken, encode_answers
from leerritme.scan.services.instruments import instruments_ensure_shipped
from leerritme.scan.services.runs import audience, publish_pending

BATCH = 2000
# How the second scan differs from the first, per dimension key (on a 1-5 scale).
CHANGE = {"reflection-time": 0.6, "openness": 0.4, "team-learning": 0.3, "capture-share": 0.2}
WEAKER = {"reflection-time": -0.7, "capture-share": -0.5, "leadership": 0.2, "continuous-learning": -0.2}


def _answers(instrument, items, rng, level: float, shift: dict, trends: bool):
    values = instrument.values
    low, high = min(values), max(values)
    middle = (low + high) / 2 + (0.35 if trends else 0)  # most teams vote green more often than red
    spread = (high - low) / 4
    person = rng.gauss(0, 0.5)
    by_dimension: dict[int, float] = {}
    answers, trend_answers = {}, {}
    for pk, dimension_id, dimension_key, reverse in items:
        if dimension_id not in by_dimension:
            by_dimension[dimension_id] = rng.gauss(0, 0.35) + WEAKER.get(dimension_key, 0) + shift.get(dimension_key, 0)
        raw = middle + spread * (level + person) + by_dimension[dimension_id] + rng.gauss(0, 0.55)
        value = int(min(high, max(low, round(raw))))
        answers[str(pk)] = low + high - value if reverse else value
        if trends:
            trend_answers[str(pk)] = rng.choice((-1, 0, 0, 1, 1))
    return answers, trend_answers


def _run(context: DemoContext, instrument, title, opens_on, closes_on, share, shift, skip=frozenset()):
    organisation, rng = context.organisation, context.rng
    run = Run.objects.create(organisation=organisation, instrument=instrument, title=title,
                             whole_organisation=True, opens_on=opens_on, closes_on=closes_on,
                             threshold=organisation.anonymity_threshold, invited=True,
                             reminded=closes_on < timezone.localtime(context.now).date())
    people = audience(whole_organisation=True, teams=[])
    items = list(instrument.items.order_by("order", "pk").values_list("pk", "dimension_id", "dimension__key",
                                                                      "reverse_scored"))
    team_level: dict = {}
    tokens, responses = [], []
    comments = ["Meer tijd om samen terug te kijken zou helpen.", "Fijn dat we dit vragen, ga zo door.",
                "Kennis blijft te veel bij een paar mensen hangen.", "De nieuwe werkwijze in de planning werkt goed.",
                "Ik mis soms uitleg bij veranderingen.", ""]
    for person_id, group in people.items():
        answered = person_id not in skip and rng.random() < share
        tokens.append(RunToken(organisation=organisation, run=run, person_id=person_id, group_id=group,
                               used=answered))
        if answered:
            level = team_level.setdefault(group, rng.gauss(0.1, 0.45))
            answers, trends = _answers(instrument, items, rng, level, shift, instrument.has_trend)
            vector, trend_vector = encode_answers([i[0] for i in items], answers, trends)
            responses.append(Response(organisation=organisation, run=run, group_id=group, answers=answers,
                                      trends=trends, vector=vector, trend_vector=trend_vector,
                                      comment=rng.choice(comments) if rng.random() < 0.15 else ""))
    rng.shuffle(responses)
    RunToken.objects.bulk_create(tokens, batch_size=BATCH)
    Response.objects.bulk_create(responses, batch_size=BATCH)
    publish_pending(run)
    return run


def add_scans(context: DemoContext) -> None:
    organisation = context.organisation
    instruments_ensure_shipped(organisation)
    today = timezone.localtime(context.now).date()
    culture = Instrument.objects.get(key="learning-culture")
    health = Instrument.objects.get(key="team-health-check")
    _run(context, culture, "Leercultuurscan voorjaar", today - timedelta(days=200), today - timedelta(days=186),
         0.7, {})
    _run(context, culture, "Leercultuurscan najaar", today - timedelta(days=20), today - timedelta(days=6),
         0.75, CHANGE)
    _run(context, health, "Teamgezondheidscheck kwartaal 1", today - timedelta(days=95), today - timedelta(days=85),
         0.8, {})
    emails = [email for _login, email in demo_logins(organisation)]
    logins = set(Person.objects.filter(user__email__in=emails).values_list("pk", flat=True))
    _run(context, health, "Teamgezondheidscheck nu", today - timedelta(days=3), today + timedelta(days=11),
         0.55, {"learning": 0.3}, skip=logins)


register_demo_part(DemoDataPart("scan", add_scans, after=("people.people", "orgs.teams")))
