"""The shipped catalogue file: enough practices, every field filled in both languages, valid choices."""

import json
import re

from leerritme.practices.catalogue import CATALOGUE_FILE, LANGUAGES, TEXT_FIELDS, seed_titles, shipped_practices
from leerritme.practices.models import KolbPhase, Practice, PracticeLevel, PracticePart, TypicalCadence

RAW = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
ENTRIES = RAW["practices"]


def test_it_ships_at_least_28_practices_with_unique_slug_keys():
    keys = [entry["key"] for entry in ENTRIES]
    assert len(keys) >= 28
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key) for key in keys)
    assert all(len(key) <= Practice._meta.get_field("key").max_length for key in keys)


def test_it_fills_every_text_in_dutch_and_english():
    for entry in ENTRIES:
        for field in TEXT_FIELDS:
            for language in LANGUAGES:
                value = entry[field][language]
                assert value, (entry["key"], field, language)
                if field == "howto":
                    assert 4 <= len(value) <= 8, (entry["key"], language, len(value))
                    assert all(step.strip() and "\n" not in step for step in value), entry["key"]
        # The two languages are two texts, not one copied.
        assert entry["purpose"]["nl"] != entry["purpose"]["en"], entry["key"]
        assert len(entry["howto"]["nl"]) == len(entry["howto"]["en"]), entry["key"]


def test_it_fits_the_model_fields():
    for entry in ENTRIES:
        for field in ("name", "participants"):
            limit = Practice._meta.get_field(f"{field}_nl").max_length
            assert all(len(entry[field][language]) <= limit for language in LANGUAGES), (entry["key"], field)
        assert isinstance(entry["duration_minutes"], int) and 5 <= entry["duration_minutes"] <= 480


def test_it_uses_valid_choices_only():
    for entry in ENTRIES:
        assert entry["typical_cadence"] in TypicalCadence.values, entry["key"]
        assert entry["kolb_phase"] in KolbPhase.values, entry["key"]
        assert entry["level"] in PracticeLevel.values, entry["key"]
        assert entry["part"] in PracticePart.values, entry["key"]
        assert entry["seed"] in RAW["seeds"], entry["key"]


def test_it_covers_every_phase_level_and_seed():
    assert {e["kolb_phase"] for e in ENTRIES} == set(KolbPhase.values)
    assert {e["level"] for e in ENTRIES} == set(PracticeLevel.values)
    assert {e["seed"] for e in ENTRIES} == {"000", "001", "002", "003", "004"}


def test_it_names_each_seed_article_in_both_languages():
    for code, titles in seed_titles().items():
        assert re.fullmatch(r"\d{3}", code)
        assert titles["nl"] and titles["en"]


def test_it_includes_the_practices_the_design_asks_for():
    keys = {entry["key"] for entry in ENTRIES}
    for key in ("reflection-round", "check-out", "retrospective", "project-evaluation", "peer-review",
                "feedback-round", "rotating-duos", "shadowing", "skill-instruction", "knowledge-session",
                "lunch-and-learn", "virtual-coffee", "newcomer-buddy", "coach-on-a-goal", "mentoring",
                "intervision", "learning-circle", "community-of-practice", "peer-learning-assignment",
                "reserved-learning-time", "learning-budget", "micro-learning", "learning-challenge",
                "celebrate-learning", "lessons-from-mistakes", "experiment", "kaizen",
                "learning-time-conversation", "team-brainstorm", "share-what-you-read"):
        assert key in keys, key


def test_the_loader_flattens_steps_one_per_line():
    lunch = next(p for p in shipped_practices() if p.key == "lunch-and-learn")
    assert lunch.values["howto_nl"].count("\n") == len(next(e for e in ENTRIES if e["key"] == "lunch-and-learn")
                                                        ["howto"]["nl"]) - 1
    assert lunch.values["part"] == PracticePart.KNOWLEDGE
