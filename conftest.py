"""Shared test fixtures: one organisation with alice (member), bob (team lead), carol (L&D admin) and
dave (owner); charlie belongs to another organisation, so a cross-organisation test is one line."""

import os
import shutil

import pytest
from django_scopes import scope, scopes_disabled

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """`pytest` straight from a shell works too, without the SECRET_KEY that ./test exports."""
    from django.conf import settings

    if not os.environ.get("SECRET_KEY"):
        settings.SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"


def pytest_collection_modifyitems(config, items):
    """On SQLite, PostgreSQL-only tests are deselected (reported as such, never skipped)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    keep, drop = [], []
    for item in items:
        (drop if item.get_closest_marker("postgres") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    settings.WHITENOISE_USE_FINDERS = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Rate-limit counters and cached values must not leak between tests (CI runs on a shared Redis).
    from django.core.cache import cache

    cache.clear()
    # Every test starts in the default language, whatever a previous test activated.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def org(db):
    from leerritme.orgs.models import Organisation

    return Organisation.objects.create(name="Werkplaats De Vonk", slug="vonk")


@pytest.fixture
def other_org(db):
    from leerritme.orgs.models import Organisation

    return Organisation.objects.create(name="Andere Zaak", slug="anders")


def make_person(organisation, email, name, role="member", language="nl"):
    from leerritme.accounts.models import User
    from leerritme.orgs.models import Person

    user = User.objects.create_user(email=email, password="correct horse battery", name=name, language=language)
    with scopes_disabled():
        return Person.objects.create(organisation=organisation, user=user, role=role)


@pytest.fixture
def team(org):
    from leerritme.orgs.models import Team

    with scopes_disabled():
        return Team.objects.create(organisation=org, name="Onderhoud")


@pytest.fixture
def alice(org, team):
    from leerritme.orgs.models import TeamMembership

    person = make_person(org, "alice@vonk.test", "Alice de Vries")
    with scopes_disabled():
        TeamMembership.objects.create(organisation=org, team=team, person=person)
    return person


@pytest.fixture
def bob(org, team):
    from leerritme.orgs.models import TeamMembership, TeamRole

    person = make_person(org, "bob@vonk.test", "Bob Jansen")
    with scopes_disabled():
        TeamMembership.objects.create(organisation=org, team=team, person=person, role=TeamRole.LEAD)
    return person


@pytest.fixture
def carol(org):
    return make_person(org, "carol@vonk.test", "Carol Bakker", role="ld_admin")


@pytest.fixture
def dave(org):
    return make_person(org, "dave@vonk.test", "Dave Visser", role="owner")


@pytest.fixture
def charlie(other_org):
    return make_person(other_org, "charlie@anders.test", "Charlie Smit", role="owner")


@pytest.fixture
def in_org(org):
    """Run the test body inside the organisation's scope, as a request would."""
    with scope(organisation=org):
        yield org


@pytest.fixture
def login(client):
    def as_person(person):
        client.force_login(person.user)
        return client

    return as_person


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": shutil.which("chromium"),
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }
