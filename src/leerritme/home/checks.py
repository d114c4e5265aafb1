"""System checks for how Leerritme is configured."""

from django.conf import settings
from django.core.checks import Error, Tags, register


def secret_key_missing() -> bool:
    # Read past LazySettings, which raises for an empty SECRET_KEY instead of letting us explain.
    return not settings.DEBUG and not getattr(settings._wrapped, "SECRET_KEY", "")


# A deploy check (`leerritme check --deploy`), and `serve` and `worker` refuse to start on it; commands
# that sign nothing (makemigrations, migrate) run without a key.
@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs=None, **kwargs):
    """Serving without DEBUG needs a SECRET_KEY: sessions, password resets and invitations are signed with it."""
    if secret_key_missing():
        return [Error("SECRET_KEY must be set when DEBUG is off.",
                      hint="Set the SECRET_KEY environment variable to a long random string (see .env.example).",
                      id="leerritme.E001")]
    return []
