from leerritme.notifications.tests.fixtures import reminder_kind, test_kinds  # noqa: F401
