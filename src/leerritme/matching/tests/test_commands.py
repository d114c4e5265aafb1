"""The `schedule` and `match` commands: JSON in the issue's formats, clear messages for bad input."""

import json
import subprocess
import sys
from io import StringIO
from itertools import combinations
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def run(*args, stdin=None):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def cli(*args, stdin=None):
    """Run the real `leerritme` command, as an operator would."""
    return subprocess.run([sys.executable, "-m", "leerritme.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=60, check=False)


def test_schedule_prints_rounds_that_partition_the_people():
    out, _ = run("schedule", "--people", "16", "--size", "4", "--rounds", "5", "--seconds", "1")
    rounds = json.loads(out)["rounds"]
    assert len(rounds) == 5
    met = set()
    for rnd in rounds:
        assert sorted(p for g in rnd for p in g) == list(range(16))
        assert all(len(g) == 4 for g in rnd)
        for g in rnd:
            for pair in combinations(sorted(g), 2):
                assert pair not in met
                met.add(pair)


def test_schedule_asks_for_more_rounds_than_possible_and_still_gets_valid_rounds():
    out, err = run("schedule", "--people", "8", "--size", "2", "--rounds", "9", "--seconds", "0.5",
                   "--seed", "3", "--verbosity", "2")
    rounds = json.loads(out)["rounds"]
    assert len(rounds) == 9
    assert all(sorted(p for g in rnd for p in g) == list(range(8)) for rnd in rounds)
    assert "7 of 9 leading rounds" in err


@pytest.mark.parametrize(("people", "size", "rounds", "message"), [
    ("3", "4", "2", "too few"),
    ("10", "4", "2", "not divisible"),
    ("10", "1", "2", "at least 2"),
    ("8", "2", "0", "at least 1 round"),
])
def test_schedule_refuses_bad_sizes_with_a_message(people, size, rounds, message):
    with pytest.raises(CommandError, match=message) as caught:
        run("schedule", "--people", people, "--size", size, "--rounds", rounds)
    assert caught.value.returncode == 2


def test_schedule_on_the_command_line_exits_2_without_a_traceback():
    done = cli("schedule", "--people", "10", "--size", "4", "--rounds", "2")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "not divisible" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture
def write(tmp_path):
    def write(data, name="in.json"):
        path = Path(tmp_path) / name
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return str(path)
    return write


def test_match_prints_the_most_learners_then_the_best_score(write):
    path = write({
        "learners": [{"id": "l1"}, {"id": "l2"}],
        "coaches": [{"id": "c1", "capacity": 1}, {"id": "c2", "capacity": 3}],
        "candidates": [["l1", "c1", 1000], ["l2", "c1", 900], ["l1", "c2", 10]],
    })
    out, err = run("match", "--input", path)
    assert sorted(json.loads(out)["pairs"]) == [["l1", "c2"], ["l2", "c1"]]
    assert err == ""


def test_match_reports_learners_left_out_because_coaches_are_full(write):
    path = write({"learners": [{"id": "a"}, {"id": "b"}], "coaches": [{"id": "c", "capacity": 1}],
                  "candidates": [["a", "c", 5], ["b", "c", 7]]})
    out, err = run("match", "--input", path)
    assert json.loads(out) == {"pairs": [["b", "c"]]}
    assert "coaches are full: a" in err


def test_a_learner_without_any_allowed_coach_gets_the_plan_and_exit_1(write):
    path = write({"learners": [{"id": "a"}, {"id": "b"}], "coaches": [{"id": "c", "capacity": 2}],
                  "candidates": [["a", "c", 5]]})
    done = cli("match", "--input", path)
    assert done.returncode == 1
    assert json.loads(done.stdout) == {"pairs": [["a", "c"]]}
    assert "no allowed coach" in done.stderr and "b" in done.stderr


@pytest.mark.parametrize(("data", "message"), [
    ("{not json", "not valid JSON"),
    ("[]", "JSON object"),
    ({"learners": [], "coaches": []}, "'candidates'"),
    ({"learners": [{"id": "a"}], "coaches": [{"id": "c", "capacity": 0}], "candidates": []}, "capacity 0"),
    ({"learners": [{"id": "a"}], "coaches": [{"id": "c", "capacity": "3"}], "candidates": []}, "capacity '3'"),
    ({"learners": [{"id": "a"}], "coaches": [{"id": "c"}], "candidates": []}, "coaches\\[0\\]"),
    ({"learners": [{"id": "a"}], "coaches": [{"id": "c", "capacity": 1}], "candidates": [["a", "x", 1]]},
     "unknown coach"),
    ({"learners": [{"id": "a"}], "coaches": [{"id": "c", "capacity": 1}], "candidates": [["a", "c", 2000]]},
     "0-1000"),
    ({"learners": [{"id": "a"}], "coaches": [{"id": "c", "capacity": 1}], "candidates": [["a", "c"]]},
     "candidates\\[0\\]"),
    ({"learners": [{"id": None}], "coaches": [], "candidates": []}, "learners\\[0\\]"),
])
def test_match_refuses_unusable_input_with_a_message(write, data, message):
    with pytest.raises(CommandError, match=message) as caught:
        run("match", "--input", write(data))
    assert caught.value.returncode == 2


def test_match_on_the_command_line_exits_2_for_malformed_json_without_a_traceback():
    done = cli("match", "--input", "-", stdin="{oops")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "not valid JSON" in done.stderr
    assert "Traceback" not in done.stderr


def test_match_names_a_missing_file():
    with pytest.raises(CommandError, match="cannot read"):
        run("match", "--input", "/nonexistent/input.json")


def test_match_prints_ids_back_as_they_were_given(write):
    path = write({"learners": [{"id": 7}, {"id": "8"}], "coaches": [{"id": 1, "capacity": 2}],
                  "candidates": [[7, 1, 10], ["8", 1, 20]]})
    out, _ = run("match", "--input", path)
    assert json.loads(out) == {"pairs": [[7, 1], ["8", 1]]}


def test_the_pure_commands_run_without_setting_django_up():
    """`schedule` and `match` are calculations: `leerritme` runs them without loading the apps (seconds saved)."""
    code = (
        "import django.apps, sys\n"
        "from leerritme import cli\n"
        "cli.main(['leerritme', 'schedule', '--people', '8', '--size', '2', '--rounds', '3', '--seconds', '1'])\n"
        "sys.stderr.write(f'apps ready: {django.apps.apps.ready}')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["rounds"]) == 3
    assert done.stderr.endswith("apps ready: False")
    # Every other command still goes through Django, with its apps.
    assert cli("help", "schedule").returncode == 0
