"""Who manages the Learning Record Store's clients: L&D admins and owners."""

from leerritme.orgs.models import Role
from leerritme.orgs.rules import rule


@rule("xapi.manage")
def _manage(person, obj=None):
    """L&D admins and owners create and revoke the credentials outside tools use to send learning."""
    return person.role in (Role.LD_ADMIN, Role.OWNER)
