"""Imports of people, teams and skills: check the file first (dry run), import it only when clean.

The flow: `import_job_create` stores the upload and enqueues the check; the task worker runs
`import_job_check`, which stores a preview and every bad row; when the file is clean the admin starts
the import (`import_job_start`), and the worker runs `import_job_run`: it checks again against the
organisation as it is now and then writes everything in one transaction, or nothing.

Work is done in bulk (lookups in chunks of a few hundred e-mail addresses, bulk inserts and updates),
so a file of 20,000 people costs a few dozen queries rather than tens of thousands.
"""

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django_scopes import scopes_disabled

from leerritme.accounts.models import User
from leerritme.orgs.models import Organisation, Person, Role, Team, TeamMembership
from leerritme.people import importing
from leerritme.people.importing import ImportFileError, row_error
from leerritme.people.models import ImportJob, ImportKind, ImportStatus, Skill

logger = logging.getLogger(__name__)

CHUNK = 500
USER_FIELDS = ("id", "email", "name")
PERSON_FIELDS = ("id", "uuid", "organisation_id", "user_id", "role", "job_title", "is_active",
                 "deactivated_at")
PREVIEW_ROWS = 100
Progress = Callable[[int], None]


def _no_progress(done: int) -> None:
    pass


def _chunks(items: list, size: int | None = None):
    size = size or CHUNK
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _unusable_password() -> str:
    # What make_password(None) stores, without its 40 calls to the random generator per person
    # (seconds for a large file): the person sets a password through an invitation or a reset.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _bulk_set(model, objects: list, fields: list[str], *, organisation_id: int | None = None) -> None:
    """Write these fields of these rows by primary key, as one prepared UPDATE run for every row.

    Django's bulk_update builds a CASE expression per field and row, which costs tens of seconds for
    20,000 people; this is one statement executed many times. Table and column names come from the
    model, never from the file. For tenant tables the organisation is part of the condition too.
    """
    if not objects:
        return
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    where = f"{quote(model._meta.pk.column)} = %s"
    if organisation_id is not None:
        where += f" AND {quote('organisation_id')} = %s"
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {where}"  # noqa: S608  # nosec B608
    tail = [organisation_id] if organisation_id is not None else []
    rows = [
        [column.get_db_prep_save(getattr(obj, column.attname), connection) for column in columns]
        + [obj.pk, *tail]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        for batch in _chunks(rows, 2000):
            cursor.executemany(sql, batch)


# --- Jobs ------------------------------------------------------------------------------------------


def invitations_available() -> bool:
    """Whether new people can be invited from an import (the invitation service exists)."""
    try:
        from leerritme.people.services import invitations  # noqa: F401
    except ImportError:
        return False
    return hasattr(invitations, "invitation_create")


def import_job_create(
    *,
    organisation: Organisation,
    uploaded_by: Person | None,
    kind: str,
    file_name: str,
    content: bytes,
    options: dict | None = None,
    enqueue: bool = True,
) -> ImportJob:
    """Store an uploaded file and have the worker check it (a dry run: nothing is imported yet)."""
    job = ImportJob.objects.create(
        organisation=organisation,
        uploaded_by=uploaded_by,
        kind=kind,
        file_name=file_name[:255],
        content=content,
        options=options or {},
        status=ImportStatus.UPLOADED,
    )
    if enqueue:
        from leerritme.people.tasks import check_import

        transaction.on_commit(lambda: check_import.enqueue(str(job.uuid)))
    return job


def import_job_recheck(*, job: ImportJob) -> ImportJob:
    """Check a stored file again, e.g. after the organisation changed under a failed import."""
    if job.status not in (ImportStatus.CHECKED, ImportStatus.FAILED) or not job.content:
        raise ValueError("Only a checked or failed import with its file can be checked again.")
    job.status = ImportStatus.UPLOADED
    job.processed_rows = 0
    job.save(update_fields=["status", "processed_rows"])
    from leerritme.people.tasks import check_import

    transaction.on_commit(lambda: check_import.enqueue(str(job.uuid)))
    return job


def import_job_start(*, job: ImportJob) -> ImportJob:
    """Start the import of a checked, clean file; the worker does the work."""
    if not job.is_ready:
        raise ValueError("Only a checked file without errors can be imported.")
    # A conditional update, so a double click (or two admins) starts the import once.
    started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.IMPORTING, processed_rows=0
    )
    if not started:
        raise ValueError("This import has already been started.")
    job.status, job.processed_rows = ImportStatus.IMPORTING, 0
    from leerritme.people.tasks import run_import

    transaction.on_commit(lambda: run_import.enqueue(str(job.uuid)))
    return job


def _progress_saver(job: ImportJob) -> Progress:
    def save(done: int) -> None:
        job.processed_rows = done
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    return save


def import_job_check(*, job: ImportJob, progress: Progress | None = None) -> ImportJob:
    """The dry run: read and check the file, store the preview and every bad row. Writes nothing else."""
    job.status = ImportStatus.CHECKING
    job.processed_rows = 0
    job.save(update_fields=["status", "processed_rows"])
    try:
        plan = make_plan(job, progress or _progress_saver(job))
    except ImportFileError as exc:
        job.errors, job.preview, job.total_rows = [exc.as_dict()], {}, 0
    except Exception:
        logger.exception("Checking import %s failed", job.uuid)
        job.errors, job.preview = [{"row": None, "code": "failed"}], {}
        job.status = ImportStatus.FAILED
        job.save(update_fields=["errors", "preview", "status"])
        return job
    else:
        job.errors, job.preview, job.total_rows = plan.errors, plan.preview, plan.total_rows
    # Kept in the (small) preview too, so lists of imports need not load every error.
    job.preview["error_count"] = len(job.errors)
    job.status = ImportStatus.CHECKED
    job.processed_rows = job.total_rows
    job.save(update_fields=["errors", "preview", "total_rows", "processed_rows", "status"])
    return job


def import_job_run(*, job: ImportJob, progress: Progress | None = None) -> ImportJob:
    """Check the file once more against the organisation as it is now, then import it all or nothing."""
    progress = progress or _progress_saver(job)
    try:
        plan = make_plan(job, progress)
    except ImportFileError as exc:
        plan = None
        job.errors = [exc.as_dict()]
    if plan is None or plan.errors:
        # Something changed since the dry run (a team was removed, say): show the errors, import nothing.
        if plan is not None:
            job.errors, job.preview = plan.errors, plan.preview
        job.preview["error_count"] = len(job.errors)
        job.status = ImportStatus.CHECKED
        job.save(update_fields=["errors", "preview", "status"])
        return job
    try:
        with transaction.atomic():
            summary = plan.apply()
    except IntegrityError:
        # Someone added the same person or team while we were writing; the transaction rolled back.
        logger.warning("Import %s collided with a concurrent change", job.uuid, exc_info=True)
        job.status, job.errors = ImportStatus.FAILED, [{"row": None, "code": "changed"}]
        job.save(update_fields=["status", "errors"])
        return job
    except Exception:
        logger.exception("Import %s failed", job.uuid)
        job.status, job.errors = ImportStatus.FAILED, [{"row": None, "code": "failed"}]
        job.save(update_fields=["status", "errors"])
        return job
    job.summary = summary
    job.status = ImportStatus.DONE
    job.processed_rows = job.total_rows = plan.total_rows
    job.finished_at = timezone.now()
    # The file holds personal data that now lives in the organisation itself; don't keep a second copy.
    job.content = b""
    job.save(update_fields=["summary", "status", "processed_rows", "total_rows", "finished_at", "content"])
    return job


# --- Plans -----------------------------------------------------------------------------------------


@dataclass
class Plan:
    """What an import would do: the errors, the preview shown to the admin, and how to apply it."""

    organisation: Organisation
    total_rows: int
    errors: list[dict] = field(default_factory=list)
    preview: dict = field(default_factory=dict)

    def apply(self) -> dict:
        raise NotImplementedError


def make_plan(job: ImportJob, progress: Progress) -> Plan:
    table = importing.read_table(file_name=job.file_name, content=bytes(job.content), kind=job.kind)
    job.total_rows = len(table.rows)
    ImportJob.objects.filter(pk=job.pk).update(total_rows=job.total_rows)
    planner = {ImportKind.PEOPLE: PeoplePlan, ImportKind.TEAMS: TeamPlan, ImportKind.SKILLS: SkillPlan}[
        job.kind
    ]
    plan = planner.build(job=job, table=table, progress=progress)
    plan.errors.sort(key=lambda error: error["row"] or 0)
    plan.preview.update(columns=table.columns, ignored_columns=table.ignored_columns, rows=len(table.rows))
    return plan


def _team_lookup(teams) -> dict[str, Team]:
    """Teams by their name without case; an exact spelling wins over one that differs only in case."""
    found = {}
    for team in sorted(teams, key=lambda t: t.name):
        found.setdefault(team.name.casefold(), team)
    return found


# --- People ----------------------------------------------------------------------------------------


@dataclass
class PersonChange:
    row: importing.PersonRow
    user: User | None
    person: Person | None
    changes: list[dict]
    team_adds: list[tuple[str, str]] = field(default_factory=list)  # (team key, team role)
    team_role_changes: list[tuple[TeamMembership, str]] = field(default_factory=list)
    team_removals: list[TeamMembership] = field(default_factory=list)


@dataclass
class PeoplePlan(Plan):
    importer: Person | None = None
    options: dict = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    new_teams: dict[str, str] = field(default_factory=dict)  # key → name as written first in the file
    team_names: dict[int, str] = field(default_factory=dict)
    mixed_case_users: dict[str, User] = field(default_factory=dict)
    new: list[PersonChange] = field(default_factory=list)
    updated: list[PersonChange] = field(default_factory=list)
    unchanged: int = 0

    @classmethod
    def build(cls, *, job: ImportJob, table: importing.Table, progress: Progress) -> "PeoplePlan":
        rows, errors = importing.clean_people_rows(table)
        plan = cls(
            organisation=job.organisation,
            total_rows=len(table.rows),
            errors=errors,
            importer=job.uploaded_by,
            options=job.options or {},
        )
        teams = list(Team.objects.only("id", "name"))
        plan.teams = _team_lookup(teams)
        plan.team_names = {team.pk: team.name for team in teams}
        # Addresses are stored in lower case, so lookups can use the index; the few accounts that were
        # stored otherwise are read once, here, rather than scanning every account for every chunk.
        plan.mixed_case_users = {
            user.email.lower(): user for user in User.objects.exclude(email=Lower("email")).only(*USER_FIELDS)
        }
        for row in rows:
            team_errors = plan._team_errors(row)
            if team_errors:
                plan.errors.extend(team_errors)
                row.valid = False
        valid = [row for row in rows if row.valid]
        done = len(rows) - len(valid)
        progress(done)
        for chunk in _chunks(valid):
            plan._plan_chunk(chunk)
            done += len(chunk)
            progress(done)
        plan.preview = plan._preview()
        return plan

    def _plan_chunk(self, rows: list[importing.PersonRow]) -> None:
        emails = [row.email for row in rows]
        users = {user.email: user for user in User.objects.filter(email__in=emails).only(*USER_FIELDS)}
        for email in emails:
            if email not in users and email in self.mixed_case_users:
                users[email] = self.mixed_case_users[email]
        user_ids = [user.pk for user in users.values()]
        in_organisation = Person.objects.filter(user_id__in=user_ids).only(*PERSON_FIELDS)
        persons = {person.user_id: person for person in in_organisation}
        with scopes_disabled():
            # A name belongs to the account, shared by every organisation the person is in; an import
            # into one organisation only sets names of accounts that are in no other organisation.
            shared = set(
                Person.objects.filter(user_id__in=user_ids)
                .exclude(organisation=self.organisation)
                .values_list("user_id", flat=True)
            )
        memberships: dict[int, dict[int, TeamMembership]] = {}
        for membership in TeamMembership.objects.filter(person__in=persons.values()).only(
            "id", "person_id", "team_id", "role"
        ):
            memberships.setdefault(membership.person_id, {})[membership.team_id] = membership

        for row in rows:
            user = users.get(row.email)
            person = persons.get(user.pk) if user else None
            row_errors = self._role_errors(row, person)
            if row_errors:
                self.errors.extend(row_errors)
                continue
            change = PersonChange(row=row, user=user, person=person, changes=[])
            if person is None:
                change.team_adds = [(name.casefold(), role) for name, role in row.teams or []]
                self.new.append(change)
                continue
            if row.name and row.name != user.name and user.pk not in shared:
                change.changes.append({"field": "name", "old": user.name, "new": row.name})
            if row.job_title is not None and row.job_title != person.job_title:
                change.changes.append({"field": "job_title", "old": person.job_title, "new": row.job_title})
            if row.role and row.role != person.role:
                change.changes.append({"field": "role", "old": person.role, "new": row.role})
            if not person.is_active:
                change.changes.append({"field": "active", "old": "", "new": ""})
            if row.teams is not None:
                self._plan_teams(change, memberships.get(person.pk, {}))
            if change.changes:
                self.updated.append(change)
            else:
                self.unchanged += 1

    def _team_errors(self, row: importing.PersonRow) -> list[dict]:
        errors = []
        for name, _role in row.teams or []:
            key = name.casefold()
            if key in self.teams:
                continue
            if self.options.get("create_teams"):
                self.new_teams.setdefault(key, name)
            else:
                errors.append(row_error(row.number, "unknown_team", "team", name))
        return errors

    def _role_errors(self, row: importing.PersonRow, person: Person | None) -> list[dict]:
        if self.importer is None or not row.role:
            return []  # the operator's command line is trusted
        if person is not None and person.pk == self.importer.pk and row.role != person.role:
            return [row_error(row.number, "own_role", "role", row.role)]
        importer_is_owner = self.importer.role == Role.OWNER
        touches_owner = row.role == Role.OWNER or (person is not None and person.role == Role.OWNER)
        if touches_owner and not importer_is_owner and (person is None or row.role != person.role):
            return [row_error(row.number, "owner_only", "role", row.role)]
        return []

    def _plan_teams(self, change: PersonChange, current: dict[int, TeamMembership]) -> None:
        wanted = {name.casefold(): role for name, role in change.row.teams}
        kept = set()
        for key, role in wanted.items():
            team = self.teams.get(key)
            membership = current.get(team.pk) if team else None
            if membership is None:
                change.team_adds.append((key, role))
            else:
                kept.add(team.pk)
                if membership.role != role:
                    change.team_role_changes.append((membership, role))
        change.team_removals = [m for team_id, m in current.items() if team_id not in kept]
        if change.team_adds or change.team_role_changes or change.team_removals:
            # Stored as [team name, team role] pairs; the page shows the roles in the reader's language.
            old = sorted([self.team_names[m.team_id], m.role] for m in current.values())
            new = sorted([self._team_name(key), role] for key, role in wanted.items())
            change.changes.append({"field": "teams", "old": old, "new": new})

    def _team_name(self, key: str) -> str:
        team = self.teams.get(key)
        return team.name if team else self.new_teams.get(key, key)

    def _preview(self) -> dict:
        def described(change: PersonChange) -> dict:
            row = change.row
            teams = ", ".join(self._team_name(name.casefold()) for name, _role in row.teams or [])
            name = row.name or (change.user.name if change.user else "")
            return {
                "row": row.number,
                "email": row.email,
                "name": name,
                "teams": teams,
                "has_account": change.user is not None,
                "changes": change.changes,
            }

        return {
            "kind": "people",
            "counts": {"new": len(self.new), "updated": len(self.updated), "unchanged": self.unchanged},
            "new_teams": sorted(self.new_teams.values(), key=str.casefold),
            "new_sample": [described(c) for c in self.new[:PREVIEW_ROWS]],
            "updated_sample": [described(c) for c in self.updated[:PREVIEW_ROWS]],
        }

    def apply(self) -> dict:
        org, now = self.organisation, timezone.now()
        created_teams = Team.objects.bulk_create(
            [Team(organisation=org, name=name) for name in self.new_teams.values()], batch_size=CHUNK
        )
        if created_teams:
            self.teams = _team_lookup(Team.objects.all())

        new_users = [
            User(
                email=c.row.email,
                name=c.row.name or "",
                language=c.row.language or org.default_language,
                password=_unusable_password(),
            )
            for c in self.new
            if c.user is None
        ]
        User.objects.bulk_create(new_users, batch_size=CHUNK)
        if any(user.pk is None for user in new_users):  # backends that cannot return ids from bulk inserts
            ids = {}
            for emails in _chunks([u.email for u in new_users]):
                ids.update(User.objects.filter(email__in=emails).values_list("email", "pk"))
            for user in new_users:
                user.pk = user.id = ids[user.email]
        users_by_email = {user.email: user for user in new_users}
        for change in self.new:
            change.user = change.user or users_by_email[change.row.email]
            change.person = Person(
                organisation=org,
                user=change.user,
                role=change.row.role or Role.MEMBER,
                job_title=change.row.job_title or "",
                joined_at=now,
            )
        Person.objects.bulk_create([c.person for c in self.new], batch_size=CHUNK)
        if any(c.person.pk is None for c in self.new):
            ids = {}
            for user_ids in _chunks([c.user.pk for c in self.new]):
                ids.update(Person.objects.filter(user_id__in=user_ids).values_list("user_id", "pk"))
            for change in self.new:
                change.person.pk = change.person.id = ids[change.user.pk]

        renamed, persons_changed = [], []
        for change in self.updated:
            fields = {c["field"]: c["new"] for c in change.changes}
            if "name" in fields:
                change.user.name = fields["name"]
                renamed.append(change.user)
            if {"job_title", "role", "active"} & fields.keys():
                change.person.job_title = fields.get("job_title", change.person.job_title)
                change.person.role = fields.get("role", change.person.role)
                if "active" in fields:
                    change.person.is_active, change.person.deactivated_at = True, None
                persons_changed.append(change.person)
        _bulk_set(User, renamed, ["name"])
        _bulk_set(Person, persons_changed, ["job_title", "role", "is_active", "deactivated_at"],
                  organisation_id=org.pk)

        additions, role_changes, removals = [], [], []
        for change in [*self.new, *self.updated]:
            for key, role in change.team_adds:
                additions.append(
                    TeamMembership(
                        organisation=org, team=self.teams[key], person=change.person, role=role, joined_at=now
                    )
                )
            for membership, role in change.team_role_changes:
                membership.role = role
                role_changes.append(membership)
            removals.extend(m.pk for m in change.team_removals)
        TeamMembership.objects.bulk_create(additions, batch_size=CHUNK)
        _bulk_set(TeamMembership, role_changes, ["role"], organisation_id=org.pk)
        for ids in _chunks(removals):
            TeamMembership.objects.filter(pk__in=ids).delete()

        invited = self._invite(self.new) if self.options.get("invite") else 0

        def listed(change: PersonChange) -> dict:
            return {"uuid": str(change.person.uuid), "name": change.user.name, "email": change.user.email}

        return {
            "kind": "people",
            "created": len(self.new),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "teams_created": sorted((t.name for t in created_teams), key=str.casefold),
            "memberships_added": len(additions),
            "memberships_removed": len(removals),
            "invited": invited,
            "created_people": [listed(c) for c in self.new[:PREVIEW_ROWS]],
            "updated_people": [listed(c) for c in self.updated[:PREVIEW_ROWS]],
        }

    def _invite(self, changes: list[PersonChange]) -> int:
        if not invitations_available():
            return 0
        from leerritme.people.services.invitations import invitation_create

        for change in changes:
            memberships = change.team_adds[:1]
            team = self.teams[memberships[0][0]] if memberships else None
            invitation_create(
                organisation=self.organisation,
                invited_by=self.importer,
                email=change.user.email,
                name=change.user.name,
                role=change.person.role,
                team=team,
                team_role=memberships[0][1] if memberships else "member",
            )
        return len(changes)


# --- Teams -----------------------------------------------------------------------------------------


@dataclass
class TeamPlan(Plan):
    existing: dict[str, Team] = field(default_factory=dict)
    rows: list[importing.TeamRow] = field(default_factory=list)
    new: list[importing.TeamRow] = field(default_factory=list)
    updated: list[tuple[importing.TeamRow, list[dict]]] = field(default_factory=list)
    unchanged: int = 0

    @classmethod
    def build(cls, *, job: ImportJob, table: importing.Table, progress: Progress) -> "TeamPlan":
        rows, errors = importing.clean_team_rows(table)
        plan = cls(organisation=job.organisation, total_rows=len(table.rows), errors=errors)
        teams = list(Team.objects.all())
        plan.existing = _team_lookup(teams)
        by_id = {team.pk: team for team in teams}
        names = {key: team.name for key, team in plan.existing.items()}
        parent_of = {
            key: by_id[team.parent_id].name.casefold() if team.parent_id in by_id else None
            for key, team in plan.existing.items()
        }
        in_file = {row.name.casefold() for row in rows}
        good, starts = [], {}
        for row in rows:
            key = row.name.casefold()
            names.setdefault(key, row.name)
            parent_of.setdefault(key, None)
            if row.parent:
                if row.parent.casefold() not in plan.existing and row.parent.casefold() not in in_file:
                    plan.errors.append(row_error(row.number, "unknown_parent", "parent", row.parent))
                    continue
                parent_of[key] = row.parent.casefold()
                starts[key] = row.number
            good.append(row)
        plan.errors.extend(importing.find_cycles(parent_of, starts, names))
        cyclic = {error["row"] for error in plan.errors}
        plan.rows = [row for row in good if row.number not in cyclic]
        for row in plan.rows:
            team = plan.existing.get(row.name.casefold())
            if team is None:
                plan.new.append(row)
                continue
            changes = []
            if row.parent:
                old = by_id[team.parent_id].name if team.parent_id in by_id else ""
                if old.casefold() != row.parent.casefold():
                    changes.append({"field": "parent", "old": old, "new": names[row.parent.casefold()]})
            if row.description is not None and row.description != team.description:
                changes.append({"field": "description", "old": team.description, "new": row.description})
            if changes:
                plan.updated.append((row, changes))
            else:
                plan.unchanged += 1
        progress(len(table.rows))
        plan.preview = {
            "kind": "teams",
            "counts": {"new": len(plan.new), "updated": len(plan.updated), "unchanged": plan.unchanged},
            "new_sample": [
                {"row": r.number, "name": r.name, "parent": names.get((r.parent or "").casefold(), "")}
                for r in plan.new[:PREVIEW_ROWS]
            ],
            "updated_sample": [
                {"row": r.number, "name": r.name, "changes": c} for r, c in plan.updated[:PREVIEW_ROWS]
            ],
        }
        return plan

    def apply(self) -> dict:
        org = self.organisation
        Team.objects.bulk_create(
            [Team(organisation=org, name=row.name, description=row.description or "") for row in self.new],
            batch_size=CHUNK,
        )
        teams = _team_lookup(Team.objects.all())
        changed = []
        for row in [*self.new, *(row for row, _changes in self.updated)]:
            team = teams[row.name.casefold()]
            if row.parent:
                team.parent = teams[row.parent.casefold()]
            if row.description is not None:
                team.description = row.description
            changed.append(team)
        _bulk_set(Team, changed, ["parent", "description"], organisation_id=org.pk)
        return {
            "kind": "teams",
            "created": len(self.new),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "created_teams": [
                {"uuid": str(teams[r.name.casefold()].uuid), "name": r.name} for r in self.new[:PREVIEW_ROWS]
            ],
            "updated_teams": [
                {"uuid": str(teams[r.name.casefold()].uuid), "name": r.name}
                for r, _c in self.updated[:PREVIEW_ROWS]
            ],
        }


# --- Skills ----------------------------------------------------------------------------------------


@dataclass
class SkillPlan(Plan):
    existing: dict[str, Skill] = field(default_factory=dict)
    new: list[importing.SkillRow] = field(default_factory=list)
    updated: list[tuple[importing.SkillRow, Skill, list[dict]]] = field(default_factory=list)
    unchanged: int = 0

    @classmethod
    def build(cls, *, job: ImportJob, table: importing.Table, progress: Progress) -> "SkillPlan":
        rows, errors = importing.clean_skill_rows(table)
        plan = cls(organisation=job.organisation, total_rows=len(table.rows), errors=errors)
        for skill in sorted(Skill.objects.all(), key=lambda s: s.name):
            plan.existing.setdefault(skill.name.casefold(), skill)
        for row in rows:
            skill = plan.existing.get(row.name.casefold())
            if skill is None:
                plan.new.append(row)
                continue
            changes = []
            if row.category is not None and row.category != skill.category:
                changes.append({"field": "category", "old": skill.category, "new": row.category})
            if row.description is not None and row.description != skill.description:
                changes.append({"field": "description", "old": skill.description, "new": row.description})
            if changes:
                plan.updated.append((row, skill, changes))
            else:
                plan.unchanged += 1
        progress(len(table.rows))
        plan.preview = {
            "kind": "skills",
            "counts": {"new": len(plan.new), "updated": len(plan.updated), "unchanged": plan.unchanged},
            "new_sample": [
                {"row": r.number, "name": r.name, "category": r.category or ""}
                for r in plan.new[:PREVIEW_ROWS]
            ],
            "updated_sample": [
                {"row": r.number, "name": r.name, "changes": c} for r, _s, c in plan.updated[:PREVIEW_ROWS]
            ],
        }
        return plan

    def apply(self) -> dict:
        created = Skill.objects.bulk_create(
            [
                Skill(
                    organisation=self.organisation,
                    name=row.name,
                    category=row.category or "",
                    description=row.description or "",
                )
                for row in self.new
            ],
            batch_size=CHUNK,
        )
        changed = []
        for _row, skill, changes in self.updated:
            for change in changes:
                setattr(skill, change["field"], change["new"])
            changed.append(skill)
        _bulk_set(Skill, changed, ["category", "description"], organisation_id=self.organisation.pk)
        return {
            "kind": "skills",
            "created": len(self.new),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "created_skills": [{"uuid": str(s.uuid), "name": s.name} for s in created[:PREVIEW_ROWS]],
            "updated_skills": [
                {"uuid": str(s.uuid), "name": s.name} for _r, s, _c in self.updated[:PREVIEW_ROWS]
            ],
        }
