"""Forms of people and teams administration and of sending invitations."""

import re
from email.utils import parseaddr

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from leerritme.lib.forms import Bootstrap
from leerritme.orgs.models import Person, Role, Team, TeamRole
from leerritme.people.services.invitations import MAX_INVITATIONS_AT_ONCE, Invitee


class BootstrapForm(Bootstrap, forms.Form):
    """A plain form with Bootstrap's classes on its widgets and invalid fields marked (`lib.forms.Bootstrap`)."""


class Status:
    ACTIVE = "active"
    DEACTIVATED = "deactivated"
    ALL = "all"


def team_choices(teams: list[Team], *, exclude: set[int] = frozenset()) -> list[tuple[str, str]]:
    """Teams as (uuid, label) in tree order, sub-teams indented under their department."""
    children: dict[int | None, list[Team]] = {}
    by_pk = {team.pk: team for team in teams}
    for team in teams:
        parent = team.parent_id if team.parent_id in by_pk else None
        children.setdefault(parent, []).append(team)
    choices, seen = [], set()

    def walk(parent, depth):
        for team in sorted(children.get(parent, []), key=lambda t: t.name.casefold()):
            if team.pk in seen:
                continue
            seen.add(team.pk)
            if team.pk not in exclude:
                choices.append((str(team.uuid), "\u2003" * depth + team.name))
                walk(team.pk, depth + 1)

    walk(None, 0)
    # Teams caught in a loop (which the services prevent) still appear, at the top level.
    for team in teams:
        if team.pk not in seen and team.pk not in exclude:
            choices.append((str(team.uuid), team.name))
    return choices


class TeamChoiceField(forms.ChoiceField):
    """A team picked by UUID from a list of teams the form was given."""

    def __init__(self, *args, **kwargs):
        self.teams: dict[str, Team] = {}
        super().__init__(*args, **kwargs)

    def set_teams(self, teams: list[Team], *, exclude: set[int] = frozenset(), empty_label=None):
        self.teams = {str(team.uuid): team for team in teams if team.pk not in exclude}
        choices = team_choices(teams, exclude=exclude)
        self.choices = ([("", empty_label)] if empty_label is not None else []) + choices

    def clean(self, value):
        value = super().clean(value)
        return self.teams.get(value) if value else None


class PeopleFilterForm(BootstrapForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or e-mail")}),
    )
    team = TeamChoiceField(label=_("Team"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (Status.ACTIVE, _("Active")),
            (Status.DEACTIVATED, _("Deactivated")),
            (Status.ALL, _("All")),
        ],
    )

    def __init__(self, *args, teams: list[Team], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].set_teams(teams, empty_label=_("All teams"))

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": "", "team": None, "role": "", "status": Status.ACTIVE}
        data = dict(self.cleaned_data)
        data["status"] = data["status"] or Status.ACTIVE
        return data


class PersonForm(BootstrapForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    job_title = forms.CharField(label=_("Job title"), required=False, max_length=150)

    def __init__(self, *args, actor: Person, person: Person, **kwargs):
        kwargs.setdefault("initial", {"role": person.role, "job_title": person.job_title})
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        if not actor.is_owner:
            if person.is_owner:
                # Only owners make or unmake owners: an L&D admin sees the role but cannot change it.
                role.disabled = True
                role.help_text = _("Only an owner can change the role of an owner.")
            else:
                role.choices = [(value, label) for value, label in Role.choices if value != Role.OWNER]
        role.help_text = role.help_text or _(
            "L&D admins and owners administer people, teams and skills; owners also the "
            "organisation's settings."
        )


class TeamPlacementForm(BootstrapForm):
    """Put a person in a team (from the person's page)."""

    team = TeamChoiceField(label=_("Team"))
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices, initial=TeamRole.MEMBER)

    def __init__(self, *args, teams: list[Team], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].set_teams(teams, empty_label=_("Choose a team"))


class TeamRoleForm(BootstrapForm):
    role = forms.ChoiceField(label=_("Role in the team"), choices=TeamRole.choices)


class TeamMemberAddForm(TeamRoleForm):
    person = forms.UUIDField(label=_("Colleague"))


class TeamForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    parent = TeamChoiceField(
        label=_("Part of department"),
        required=False,
        help_text=_("Leave empty for a top-level team or department."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, teams: list[Team], team: Team | None = None, **kwargs):
        if team is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": team.name,
                    "description": team.description,
                    "parent": str(team.parent.uuid) if team.parent_id else "",
                },
            )
        super().__init__(*args, **kwargs)
        # A team cannot sit under itself or under one of its own sub-teams, so those are not offered.
        exclude = _self_and_descendants(team, teams) if team is not None else set()
        self.fields["parent"].set_teams(teams, exclude=exclude, empty_label=_("(none: top level)"))


def _self_and_descendants(team: Team, teams: list[Team]) -> set[int]:
    children: dict[int, list[int]] = {}
    for other in teams:
        if other.parent_id is not None:
            children.setdefault(other.parent_id, []).append(other.pk)
    found, todo = set(), [team.pk]
    while todo:
        pk = todo.pop()
        if pk in found:
            continue
        found.add(pk)
        todo.extend(children.get(pk, []))
    return found


_SEPARATORS = re.compile(r"[,;\t]")


def parse_invitees(text: str) -> tuple[list[Invitee], list[str]]:
    """Addresses from a textarea: one per line, as `e-mail`, `Name <e-mail>`, `Name, e-mail` or
    `e-mail; e-mail` (pasted from a mail program). Returns the invitees and one message per bad line."""
    invitees, errors = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [part.strip() for part in _SEPARATORS.split(line) if part.strip()]
        with_at = [part for part in parts if "@" in part]
        if len(with_at) > 1:
            entries = [parseaddr(part) if "<" in part else ("", part) for part in with_at]
        elif "<" in line:
            name, email = parseaddr(line)
            entries = [(name, email or line)]
        else:
            email = with_at[0] if with_at else line
            name = " ".join(part for part in parts if part != email)
            entries = [(name, email)]
        for name, email in entries:
            email = email.strip().strip("<>").strip()
            try:
                validate_email(email)
            except ValidationError:
                errors.append(
                    str(
                        _("Line %(number)d: “%(text)s” is not a valid e-mail address.")
                        % {"number": number, "text": email or line}
                    )
                )
                continue
            invitees.append(Invitee(email=email.lower(), name=name.strip().strip('"')))
    return invitees, errors


class InvitationForm(BootstrapForm):
    addresses = forms.CharField(
        label=_("E-mail addresses"),
        max_length=20000,
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": "anna@example.nl\nJan de Boer <jan@example.nl>"}
        ),
        help_text=_(
            "One per line. You may add a name: “Jan de Boer <jan@example.nl>” or “Jan de Boer, "
            "jan@example.nl”."
        ),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    team = TeamChoiceField(label=_("Team"), required=False, help_text=_("Optional: the team they join."))
    team_role = forms.ChoiceField(
        label=_("Role in the team"), choices=TeamRole.choices, initial=TeamRole.MEMBER, required=False
    )

    def __init__(self, *args, actor: Person, teams: list[Team], **kwargs):
        super().__init__(*args, **kwargs)
        if not actor.is_owner:
            self.fields["role"].choices = [(v, label) for v, label in Role.choices if v != Role.OWNER]
        self.fields["team"].set_teams(teams, empty_label=_("(no team)"))

    def clean_team_role(self):
        return self.cleaned_data["team_role"] or TeamRole.MEMBER

    def clean_addresses(self):
        invitees, errors = parse_invitees(self.cleaned_data["addresses"])
        if errors:
            raise ValidationError(errors)
        if not invitees:
            raise ValidationError(_("Enter at least one e-mail address."))
        unique = {invitee.email for invitee in invitees}
        if len(unique) > MAX_INVITATIONS_AT_ONCE:
            raise ValidationError(
                _("Invite at most %(max)d people at once; use the import for more.")
                % {"max": MAX_INVITATIONS_AT_ONCE}
            )
        return invitees


class InvitationFilterForm(BootstrapForm):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("pending", _("Open")),
            ("accepted", _("Accepted")),
            ("expired", _("Expired")),
            ("revoked", _("Revoked")),
            ("all", _("All")),
        ],
    )
