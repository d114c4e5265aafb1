"""Fixtures for test modules that read messages in English: the people they log in as choose English.

The Dutch is checked elsewhere (CI refuses an untranslated or fuzzy string; the click-through reads it).
A conftest takes them by assigning `alice = english.alice` (and so on) after `from tests import english`; each
overrides the root conftest's fixture of the same name.
"""

import pytest


def in_english(person):
    person.user.language = "en"
    person.user.save(update_fields=["language"])
    return person


@pytest.fixture
def alice(alice):
    return in_english(alice)


@pytest.fixture
def bob(bob):
    return in_english(bob)


@pytest.fixture
def carol(carol):
    return in_english(carol)


@pytest.fixture
def dave(dave):
    return in_english(dave)


@pytest.fixture(autouse=True)
def english_messages():
    from django.utils import translation

    with translation.override("en"):
        yield
