"""`leerritme import-skills FILE --org SLUG`: import-people for a skills file."""

from importlib import import_module

from leerritme.people.models import ImportKind

# The module name has a hyphen (it is the command's name), so it cannot be imported with `import`.
ImportPeople = import_module("leerritme.people.management.commands.import-people").Command


class Command(ImportPeople):
    help = "Import the skills taxonomy from a CSV or XLSX file (name, category, description)."
    default_kind = ImportKind.SKILLS
