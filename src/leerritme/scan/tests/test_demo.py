"""The scan's demo part: the shipped instruments, two learning-culture scans six months apart showing change,
a health check of every team three months ago and one open now that the demo logins have not answered."""

import random

from django.utils import timezone

from leerritme.lib.demo import DemoContext
from leerritme.scan.demo import add_scans
from leerritme.scan.models import Instrument, Run, RunToken
from leerritme.scan.selectors import dimension_trend, run_results

from .conftest import add_people


def test_the_demo_part_adds_two_scans_six_months_apart_and_health_checks(org, hierarchy):
    for team, prefix in ((hierarchy["installatie"], "inst"), (hierarchy["service"], "serv"),
                         (hierarchy["onderhoud"], "ond")):
        add_people(team, 14, prefix)
    add_scans(DemoContext(organisation=org, size="small", people=42, rng=random.Random(7), now=timezone.now(),
                          log=lambda _m: None))
    assert Instrument.objects.exclude(key="").count() == 4
    spring, autumn = Run.objects.filter(instrument__key="learning-culture").order_by("opens_on")
    assert 170 <= (autumn.opens_on - spring.opens_on).days <= 190
    checks = Run.objects.filter(instrument__key="team-health-check").order_by("opens_on")
    assert checks.count() == 2 and checks[1].status() == "open" and checks[0].status() == "closed"
    # The second scan shows change: reflection time is up at the organisation.
    trend = {(run.pk, d.key): mean for run, d, mean, _n in dimension_trend(org, instrument_slug="learning-culture")}
    assert trend[(autumn.pk, "reflection-time")] > trend[(spring.pk, "reflection-time")]
    # Every team shows in the earlier health check, with trend arrows.
    shown = run_results(checks[0])
    assert {"Installatie", "Service", "Onderhoud"} <= {g.name for g in shown.groups}
    assert all(d.trend is not None for d in shown.organisation.dimensions)
    alpha = [d.alpha for d in run_results(autumn).organisation.dimensions]
    assert all(a is not None for a in alpha)
    assert RunToken.objects.filter(run=checks[1], used=False).exists()
