"""Cronbach's alpha per shown group: from summed figures, equal to the direct computation on the group's own
answers; shown only from ten complete answer sets, else left out with the reason."""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from leerritme.scan.models import RunToken
from leerritme.scan.selectors import ALPHA_MIN_ANSWERS, alpha_from_sums, cronbach_alpha, run_results
from leerritme.scan.services.runs import response_submit

from .conftest import add_people


@settings(max_examples=200, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(ALPHA_MIN_ANSWERS, 40), st.integers(2, 8)),
              elements=st.integers(1, 5)))
def test_alpha_from_sums_equals_the_direct_computation(matrix):
    items = [(float(matrix[:, j].sum()), float((matrix[:, j] ** 2).sum())) for j in range(matrix.shape[1])]
    totals = matrix.sum(axis=1)
    found, why = alpha_from_sums(len(matrix), items, float(totals.sum()), float((totals ** 2).sum()))
    expected = cronbach_alpha(matrix)
    if expected is None:
        assert found is None and why == "variance"
    else:
        assert found == pytest.approx(expected, abs=1e-9) and why == ""


def test_the_reasons_alpha_is_left_out():
    assert alpha_from_sums(20, [(60.0, 200.0)], 60.0, 200.0) == (None, "items")
    assert alpha_from_sums(ALPHA_MIN_ANSWERS - 1, [(1.0, 1.0), (2.0, 4.0)], 3.0, 9.0) == (None, "few")
    # Everyone the same total: no variance to explain.
    assert alpha_from_sums(10, [(30.0, 90.0), (30.0, 90.0)], 60.0, 360.0) == (None, "variance")


def test_each_group_gets_its_own_alpha_from_ten_answers(hierarchy, make_run):
    installers = add_people(hierarchy["installatie"], ALPHA_MIN_ANSWERS, "inst")
    servicers = add_people(hierarchy["service"], 5, "serv")
    run = make_run([hierarchy["department"]])
    items = list(run.instrument.items.order_by("order", "pk").select_related("dimension"))
    rng = random.Random(4)
    given_answers = {"inst": [], "serv": []}
    # Servicers first, then installers in fives: every answer joins the results (see anonymity.publish).
    for prefix, people in (("serv", servicers), ("inst", installers)):
        for person in people:
            base = rng.randint(1, 5)
            answers = {str(i.pk): max(1, min(5, base + rng.choice((-1, 0, 0, 1)))) for i in items}
            given_answers[prefix].append(answers)
            response_submit(token=RunToken.objects.get(run=run, person=person), answers=answers)
    results = run_results(run)
    team = results.group(hierarchy["installatie"].pk)
    small = results.group(hierarchy["service"].pk)
    department = results.group(hierarchy["department"].pk)
    assert team.n == 10 and small.n == 5 and department.n == 15 and results.waiting == 0

    def reference(answer_sets, dimension):
        own = [i for i in items if i.dimension_id == dimension.pk]
        return cronbach_alpha([[6 - a[str(i.pk)] if i.reverse_scored else a[str(i.pk)] for i in own]
                               for a in answer_sets])

    for d in team.dimensions:
        assert d.alpha == pytest.approx(reference(given_answers["inst"], d.dimension), abs=1e-9)
    for d in department.dimensions:
        assert d.alpha == pytest.approx(reference(given_answers["inst"] + given_answers["serv"], d.dimension),
                                        abs=1e-9)
    # Five answers: shown as a team (at the threshold) but too few for alpha.
    assert all(d.alpha is None and d.alpha_missing == "few" for d in small.dimensions)
