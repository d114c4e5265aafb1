"""Writes on accounts: creating people's log-ins and changing their own settings."""

from allauth.account.models import EmailAddress
from django.contrib.auth import password_validation
from django.db import transaction

from leerritme.accounts.models import Language, User


@transaction.atomic
def user_create(
    *,
    email: str,
    name: str,
    password: str | None,
    language: str = Language.DUTCH,
    email_verified: bool = False,
) -> User:
    """A new log-in, known to allauth by its e-mail address (for password resets and address changes).

    Without a password the account can only be entered through a password reset (or an invitation).
    The caller validates the password against the validators; this only stores it. `email_verified`
    when the person proved the address is theirs (e.g. by following an invitation link): allauth lets
    only verified addresses turn on two-factor authentication.
    """
    user = User.objects.create_user(email=email, password=password, name=name.strip(), language=language)
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user


def user_settings_update(*, user: User, name: str, language: str) -> User:
    user.name = name.strip()
    user.language = language
    user.save(update_fields=["name", "language"])
    return user


def user_language_set(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """What the configured password validators say about a password for a not yet existing user."""
    try:
        password_validation.validate_password(password, User(email=email, name=name))
    except password_validation.ValidationError as error:
        return list(error.messages)
    return []
