"""Statements on Leerritme's own pages: known verbs in the reader's language, language maps the nearest one."""

import pytest
from django.utils import translation

from leerritme.xapi.vocabulary import ADL, VERB_LABELS, in_reader_language, verb_label


@pytest.mark.parametrize(("language", "expected"), [("nl", "afgerond"), ("en", "completed")])
def test_a_known_verb_reads_in_the_readers_language_whatever_the_tool_sent(language, expected):
    with translation.override(language):
        assert verb_label({"id": ADL + "completed", "display": {"en-US": "finished"}}) == expected


def test_every_known_verb_has_a_dutch_label():
    with translation.override("nl"):
        untranslated = [verb for verb, label in VERB_LABELS.items() if str(label) == verb.rstrip("/").rsplit("/")[-1]]
    assert untranslated == []


def test_an_unknown_verb_shows_the_tools_text_in_the_nearest_language_or_its_iri():
    verb = {"id": "https://tool.example/verbs/bookmarked", "display": {"en-US": "bookmarked", "nl-NL": "bewaard"}}
    with translation.override("nl"):
        assert verb_label(verb) == "bewaard"
    with translation.override("en"):
        assert verb_label(verb) == "bookmarked"
    with translation.override("nl"):
        assert verb_label({"id": "https://tool.example/verbs/bookmarked/"}) == "bookmarked"


@pytest.mark.parametrize(("language", "language_map", "expected"), [
    ("nl", {"en-US": "Safety", "nl-NL": "Veiligheid"}, "Veiligheid"),
    ("nl", {"en-GB": "Safety", "nl-BE": "Veiligheid"}, "Veiligheid"),  # the same language, another region
    ("nl", {"de-DE": "Sicherheit", "en-GB": "Safety"}, "Safety"),  # English before any other
    ("nl", {"de-DE": "Sicherheit"}, "Sicherheit"),  # whatever there is
    ("en", {"nl-NL": "Veiligheid", "EN-us": "Safety"}, "Safety"),  # tags are case-insensitive (RFC 5646)
    ("en", {}, ""),
    ("en", None, ""),
])
def test_language_maps_read_in_the_nearest_language(language, language_map, expected):
    with translation.override(language):
        assert in_reader_language(language_map) == expected
