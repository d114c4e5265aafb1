"""Writes to a person's own profile."""

from leerritme.orgs.models import Person


def profile_update(*, person: Person, job_title: str, about: str) -> Person:
    """Change what colleagues read about a person: their job title and a few words about themselves."""
    person.job_title = " ".join(job_title.split())[:150]
    person.about = about.strip()
    person.save(update_fields=["job_title", "about"])
    return person
