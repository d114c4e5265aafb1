"""Services of the scan: opening runs, drafts, anonymous answers, publications, bad input, reminders."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leerritme.notifications.models import Notification
from leerritme.scan.models import Instrument, Response, Run, RunToken
from leerritme.scan.selectors import dimension_trend, run_results
from leerritme.scan.services.instruments import instrument_create, instruments_ensure_shipped, item_add
from leerritme.scan.services.runs import draft_save, response_submit, run_close, run_create

from .conftest import add_people, answers_for


def submit(run, person, **kwargs):
    token = RunToken.objects.get(run=run, person=person)
    return response_submit(token=token, answers=kwargs.pop("answers", None) or answers_for(run, **kwargs))


def test_the_shipped_instruments_are_copied_once(in_org):
    assert instruments_ensure_shipped(in_org) == 4
    assert instruments_ensure_shipped(in_org) == 0
    culture = Instrument.objects.get(key="learning-culture")
    assert culture.dimensions.count() == 9 and culture.items.count() == 27
    assert Instrument.objects.get(key="psychological-safety").items.filter(reverse_scored=True).count() == 3
    assert Instrument.objects.get(key="team-health-check").scale == "traffic_light"
    assert "Edmondson" in Instrument.objects.get(key="psychological-safety").description_en


def test_an_instrument_without_items_cannot_open(in_org, carol, team, alice):
    own = instrument_create(organisation=in_org, name_nl="Eigen", name_en="Own")
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="no statements"):
        run_create(instrument=own, title="", whole_organisation=True, teams=[], opens_on=today, closes_on=today,
                   created_by=carol)
    assert not Run.objects.exists()
    item_add(instrument=own, dimension_name="Samen", text_nl="We helpen elkaar.", text_en="We help each other.")
    run = run_create(instrument=own, title="", whole_organisation=True, teams=[], opens_on=today,
                     closes_on=today, created_by=carol)
    assert run.title == "Own" and RunToken.objects.filter(run=run).count() == 2  # alice and carol
    with pytest.raises(ValidationError, match="used in a run"):
        item_add(instrument=own, dimension_name="Samen", text_nl="x", text_en="x")


def test_bad_dates_and_an_empty_audience_are_refused(shipped, carol):
    today = timezone.localdate()
    culture = shipped["learning-culture"]
    with pytest.raises(ValidationError):
        run_create(instrument=culture, title="", whole_organisation=False, teams=[], opens_on=today,
                   closes_on=today, created_by=carol)
    with pytest.raises(ValidationError):
        run_create(instrument=culture, title="", whole_organisation=True, teams=[], opens_on=today,
                   closes_on=today - timedelta(days=1), created_by=carol)


def test_a_department_audience_reaches_its_teams_with_the_team_as_reporting_group(hierarchy, make_run):
    installers = add_people(hierarchy["installatie"], 3, "inst")
    servicers = add_people(hierarchy["service"], 2, "serv")
    run = make_run([hierarchy["department"]])
    groups = dict(RunToken.objects.filter(run=run).values_list("person_id", "group_id"))
    assert groups == {**{p.pk: hierarchy["installatie"].pk for p in installers},
                      **{p.pk: hierarchy["service"].pk for p in servicers}}


def test_the_stored_response_has_no_link_to_the_person_and_no_time(hierarchy, make_run):
    people = add_people(hierarchy["installatie"], 1, "inst")
    run = make_run([hierarchy["installatie"]])
    submit(run, people[0])
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "organisation", "run", "group", "answers", "trends", "comment", "vector", "trend_vector",
                      "published_in"}
    assert not any(f.get_internal_type() in ("DateTimeField", "DateField") for f in Response._meta.fields)
    token = RunToken.objects.get(run=run)
    assert token.used and token.draft == {}
    assert not any(f.get_internal_type() in ("DateTimeField", "DateField") for f in RunToken._meta.fields)


def test_bad_input_is_refused_with_a_message_and_stores_nothing(hierarchy, make_run):
    people = add_people(hierarchy["installatie"], 2, "inst")
    run = make_run([hierarchy["installatie"]])
    token = RunToken.objects.get(run=run, person=people[0])
    answers = answers_for(run)
    first = next(iter(answers))
    with pytest.raises(ValidationError, match="not on the scale"):
        response_submit(token=token, answers={**answers, first: 7})
    with pytest.raises(ValidationError, match="not on the scale"):
        response_submit(token=token, answers={**answers, first: "veel"})
    with pytest.raises(ValidationError, match="every statement"):
        response_submit(token=token, answers={first: 3})
    assert not Response.objects.exists()
    response_submit(token=token, answers=answers)
    with pytest.raises(ValidationError, match="already answered"):
        response_submit(token=token, answers=answers)
    assert Response.objects.count() == 1
    run_close(run=run)
    with pytest.raises(ValidationError, match="closed"):
        response_submit(token=RunToken.objects.get(run=run, person=people[1]), answers=answers)
    assert Response.objects.count() == 1


def test_a_draft_is_kept_for_the_token_holder_and_cleared_on_sending(hierarchy, make_run):
    people = add_people(hierarchy["installatie"], 1, "inst")
    run = make_run([hierarchy["installatie"]])
    token = RunToken.objects.get(run=run)
    first = str(run.instrument.items.first().pk)
    draft_save(token=token, answers={first: "2"}, comment="half")
    token.refresh_from_db()
    assert token.draft == {first: 2} and token.draft_comment == "half" and not Response.objects.exists()
    with pytest.raises(ValidationError):
        draft_save(token=token, answers={first: "9"})
    submit(run, people[0])
    token.refresh_from_db()
    assert token.draft == {} and token.draft_comment == ""


def test_a_team_shows_from_its_fifth_answer_and_later_answers_wait_for_company(hierarchy, make_run):
    people = add_people(hierarchy["installatie"], 11, "inst")
    run = make_run([hierarchy["installatie"]])
    for person in people[:4]:
        assert submit(run, person) is None
    assert run_results(run).groups == []
    assert submit(run, people[4]) is not None
    shown = run_results(run)
    assert {g.name for g in shown.groups} == {"Werkplaats De Vonk", "Techniek", "Installatie"}
    assert shown.group(hierarchy["installatie"].pk).n == 5
    for person in people[5:9]:
        assert submit(run, person) is None  # a sixth answer alone would be readable by comparing
    assert run_results(run).group(hierarchy["installatie"].pk).n == 5 and run_results(run).waiting == 4
    assert submit(run, people[9]) is not None
    assert run_results(run).group(hierarchy["installatie"].pk).n == 10


def test_results_hide_a_team_that_subtraction_would_expose(hierarchy, make_run):
    installers = add_people(hierarchy["installatie"], 6, "inst")
    servicers = add_people(hierarchy["service"], 2, "serv")
    run = make_run([hierarchy["department"]])
    for person in servicers + installers:
        submit(run, person)
    names = {g.name for g in run_results(run).groups}
    assert "Service" not in names and "Installatie" not in names
    assert {"Techniek", "Werkplaats De Vonk"} <= names or names == {"Werkplaats De Vonk"}


def test_means_distribution_alpha_and_weakest_dimension(hierarchy, make_run):
    people = add_people(hierarchy["installatie"], 5, "inst")
    run = make_run([hierarchy["installatie"]])
    for number, person in enumerate(people):
        submit(run, person, value=4 if number % 2 else 5, low_dimension="reflection-time", low=1 + number % 2)
    team = run_results(run).group(hierarchy["installatie"].pk)
    by_key = {d.dimension.key: d for d in team.dimensions}
    assert by_key["reflection-time"].mean == pytest.approx(1.4)
    assert by_key["openness"].mean == pytest.approx(4.6)
    assert {v: c for v, c, _p in by_key["openness"].distribution} == {1: 0, 2: 0, 3: 0, 4: 6, 5: 9}
    assert team.weakest[0].dimension.key == "reflection-time"
    organisation = run_results(run).organisation
    # Five answers are too few for alpha to mean anything: it is left out, with the reason.
    assert organisation.dimensions[0].alpha is None and organisation.dimensions[0].alpha_missing == "few"


def test_dimension_trend_gives_each_published_run_for_the_asked_group(hierarchy, make_run, org):
    people = add_people(hierarchy["installatie"], 5, "inst")
    run = make_run([hierarchy["installatie"]])
    for person in people:
        submit(run, person, value=3)
    rows = dimension_trend(org, team=hierarchy["installatie"], instrument_slug="learning-culture")
    assert len(rows) == 9 and all(r[0] == run and r[2] == pytest.approx(3.0) and r[3] == 5 for r in rows)
    assert dimension_trend(org, team=hierarchy["service"]) == []
    assert len(dimension_trend(org)) == 9
    assert dimension_trend(org, instrument_slug="team-health-check") == []


def test_reminders_go_only_to_those_who_have_not_answered(hierarchy, make_run):
    from leerritme.scan.due import surveys_due
    from leerritme.scan.services.runs import run_remind

    people = add_people(hierarchy["installatie"], 3, "inst")
    run = make_run([hierarchy["installatie"]], days=1)
    assert Notification.objects.filter(kind="scan.invited").count() == 0  # sent on commit, by the task
    submit(run, people[0])
    assert run_remind(run) == 2
    assert set(Notification.objects.filter(kind="scan.reminder").values_list("person_id", flat=True)) == {
        people[1].pk, people[2].pk}
    assert run_remind(run) == 0  # deduplicated
    Run.objects.filter(pk=run.pk).update(invited=True, reminded=False)
    assert surveys_due(timezone.now()) == 1


def test_opening_a_run_invites_the_audience_when_it_commits(hierarchy, make_run,
                                                              django_capture_on_commit_callbacks):
    people = add_people(hierarchy["installatie"], 2, "inst")
    with django_capture_on_commit_callbacks(execute=True):
        run = make_run([hierarchy["installatie"]])
    assert set(Notification.objects.filter(kind="scan.invited").values_list("person_id", flat=True)) == {
        p.pk for p in people}
    run.refresh_from_db()
    assert run.invited


def test_a_deleted_team_disappears_from_results_without_showing_a_small_remainder(hierarchy, make_run):
    people = add_people(hierarchy["installatie"], 5, "inst")
    run = make_run([hierarchy["installatie"]])
    for person in people:
        submit(run, person)
    hierarchy["installatie"].delete()
    shown = run_results(run)
    assert [g.n for g in shown.groups] == [5]  # only the organisation, which still holds all five
