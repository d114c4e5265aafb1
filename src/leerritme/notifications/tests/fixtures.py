"""Notification kinds that exist only in tests (production code registers no fake kinds).

Import the fixtures into a test module (or conftest) to use them: they register the kinds and put
their templates on the template path for the duration of one test.
"""

from pathlib import Path

import pytest

from leerritme.notifications.kinds import NotificationKind, register_kind, unregister_kind

TEMPLATES_DIR = Path(__file__).parent / "templates"


@pytest.fixture
def test_kinds(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEMPLATES_DIR]}, *settings.TEMPLATES[1:]]
    kinds = [
        register_kind(NotificationKind("tests.reminder", "Test reminder")),
        register_kind(NotificationKind("tests.quiet", "Quiet test notice", email_by_default=False)),
    ]
    yield kinds
    for kind in kinds:
        unregister_kind(kind.code)


@pytest.fixture
def reminder_kind(test_kinds):
    return test_kinds[0].code
