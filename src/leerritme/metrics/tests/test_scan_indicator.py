"""Scan dimension trends come from the scan part's own selector, so its minimum group size applies here."""

from leerritme.metrics.periods import period_from
from leerritme.metrics.selectors import dashboard
from leerritme.metrics.tests.conftest import org_scope, team_scope
from leerritme.scan.models import RunToken
from leerritme.scan.services.runs import response_submit
from leerritme.scan.tests.conftest import add_people, answers_for, hierarchy, make_run, shipped  # noqa: F401


def _answer(run, people, value):
    for person in people:
        token = RunToken.objects.get(run=run, person=person)
        response_submit(token=token, answers=answers_for(run, value=value))


def test_absent_until_a_run_is_published_then_per_dimension(org, hierarchy, make_run):  # noqa: F811
    period = period_from("3m")
    installatie, service = hierarchy["installatie"], hierarchy["service"]
    people = add_people(installatie, 5, "inst")
    run = make_run([installatie, service])
    board = dashboard(org, org_scope(org), period, cached=False)
    assert board.result("scan-learning-culture") is None  # a run without published results: absent
    assert "scan-learning-culture" in [i.slug for i in board.absent]

    _answer(run, people, 3)
    add_people(service, 2, "serv")
    board = dashboard(org, org_scope(org), period, cached=False)
    result = board.result("scan-learning-culture")
    assert len(result.series) == 9
    assert all(s.values[-1] == 3.0 and s.values[:-1] == [None] * (len(s.values) - 1) for s in result.series)
    assert all(s.total == 3.0 for s in result.series)
    assert board.result("scan-team-health-check") is None

    team = dashboard(org, team_scope(installatie), period, cached=False).result("scan-learning-culture")
    assert {s.total for s in team.series} == {3.0}
    # Service has no answers: the indicator exists in the organisation, but shows no group figures.
    assert dashboard(org, team_scope(service), period, cached=False).result("scan-learning-culture").series == []
