"""Who may do what in the scan.

L&D admins and owners build instruments and open runs. Results are anonymous and shown only per published,
large-enough group, so everyone in the organisation may read a run's results page; a team lead adopts a
recommended practice for their own team (the practices' own rule).
"""

from leerritme.orgs.models import Role
from leerritme.orgs.rules import rule


@rule("scan.manage")
def _manage(person, obj=None):
    """L&D admins and owners build instruments and open, close and follow survey runs."""
    return person.role in (Role.LD_ADMIN, Role.OWNER)


@rule("scan.results")
def _results(person, run=None):
    """Everyone in the organisation reads results (only groups large enough are ever shown)."""
    return run is None or run.organisation_id == person.organisation_id
