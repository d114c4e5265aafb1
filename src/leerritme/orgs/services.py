"""Writes on organisations and memberships: starting an organisation, its settings, adding people."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from django_scopes import scope

from leerritme.accounts.models import User
from leerritme.accounts.services import user_create
from leerritme.orgs.models import Organisation, Person, Role

SLUG_MAX_LENGTH = Organisation._meta.get_field("slug").max_length


def organisation_slug_suggest(name: str) -> str:
    """A free short name for web addresses from the organisation's name ("De Vonk B.V." → "de-vonk-bv")."""
    base = slugify(name)[: SLUG_MAX_LENGTH - 4].strip("-") or "organisation"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def organisation_create(
    *, name: str, slug: str, owner_user: User, default_language: str = "nl"
) -> Organisation:
    """A new organisation with `owner_user` as its first owner."""
    organisation = Organisation(
        name=name.strip(), slug=slug.strip().lower(), default_language=default_language
    )
    organisation.full_clean()
    organisation.save()
    membership_add(organisation=organisation, user=owner_user, role=Role.OWNER)
    return organisation


@transaction.atomic
def organisation_setup(
    *,
    organisation_name: str,
    slug: str,
    default_language: str,
    name: str,
    email: str,
    password: str,
    language: str,
) -> tuple[Organisation, User]:
    """First start and self-service sign-up: a new account and the organisation it owns, both or neither."""
    user = user_create(email=email, name=name, password=password, language=language)
    organisation = organisation_create(
        name=organisation_name, slug=slug, owner_user=user, default_language=default_language
    )
    return organisation, user


def organisation_update(
    *, organisation: Organisation, name: str, default_language: str, anonymity_threshold: int,
    team_rankings: bool | None = None,
) -> Organisation:
    organisation.name = name.strip()
    organisation.default_language = default_language
    organisation.anonymity_threshold = anonymity_threshold
    if team_rankings is not None:
        organisation.team_rankings = team_rankings
    organisation.full_clean(exclude=["slug"])
    organisation.save(update_fields=["name", "default_language", "anonymity_threshold", "team_rankings"])
    return organisation


def membership_add(*, organisation: Organisation, user: User, role: str = Role.MEMBER) -> Person:
    """Make an existing account a member of the organisation (one membership per account and organisation)."""
    with scope(organisation=organisation):
        if Person.objects.filter(user=user).exists():
            raise ValidationError(
                gettext("%(email)s is already a member of %(organisation)s.")
                % {"email": user.email, "organisation": organisation.name}
            )
        return Person.objects.create(organisation=organisation, user=user, role=role)
