"""The Learning Record Store: clients, statements (with their filter keys), activities and documents.

Statements are immutable once stored: the full statement lives in `body`; the columns beside it are the
keys the statement filters use, indexed per organisation with `stored` last so a filtered page is an index
range scan. `StatementKey` rows hold every agent and activity a statement mentions anywhere, for the
`related_agents` and `related_activities` filters.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerritme.orgs.models import Person, TenantModel


class Client(TenantModel):
    """An outside tool's credentials: HTTP basic key and secret, read and/or write, revocable."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    key = models.CharField(max_length=40, unique=True, editable=False)
    # SHA-256 of the secret: secrets are 32 random bytes, so a fast hash is enough and every request stays cheap.
    secret_hash = models.CharField(max_length=64, editable=False)
    can_read = models.BooleanField(_("may read"), default=True)
    can_write = models.BooleanField(_("may write"), default=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("xAPI client")
        verbose_name_plural = _("xAPI clients")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Clock(TenantModel):
    """The organisation's last `stored` time: locked while storing, so `stored` strictly increases."""

    last_stored = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation"], name="one_xapi_clock_per_org")]


class Statement(TenantModel):
    statement_id = models.UUIDField()
    body = models.JSONField()
    # Absent keys are NULL, so the partial indexes below leave those rows out (fewer index writes on ingest).
    actor_key = models.CharField(max_length=255, null=True, blank=True)
    object_agent_key = models.CharField(max_length=255, null=True, blank=True)
    verb_id = models.CharField(max_length=512)
    activity_id = models.CharField(max_length=512, null=True, blank=True)
    registration = models.UUIDField(null=True, blank=True)
    stored = models.DateTimeField()
    timestamp = models.DateTimeField()
    voided = models.BooleanField(default=False)
    # The statement a voiding statement voids (or a StatementRef points at), for erasure and look-ups.
    ref_id = models.UUIDField(null=True, blank=True)
    client = models.ForeignKey(Client, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    has_attachments = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "statement_id"], name="one_xapi_statement_id_per_org"),
        ]
        indexes = [
            models.Index(fields=["organisation", "voided", "stored"], name="xapi_st_stored"),
            models.Index(fields=["organisation", "actor_key", "verb_id", "stored"], name="xapi_st_actor_verb"),
            models.Index(fields=["organisation", "object_agent_key", "stored"], name="xapi_st_object_agent",
                         condition=Q(object_agent_key__isnull=False)),
            models.Index(fields=["organisation", "verb_id", "stored"], name="xapi_st_verb"),
            models.Index(fields=["organisation", "activity_id", "stored"], name="xapi_st_activity",
                         condition=Q(activity_id__isnull=False)),
            models.Index(fields=["organisation", "registration", "stored"], name="xapi_st_registration",
                         condition=Q(registration__isnull=False)),
            models.Index(fields=["organisation", "ref_id"], name="xapi_st_ref", condition=Q(ref_id__isnull=False)),
        ]

    def __str__(self):
        return str(self.statement_id)


class KeyKind(models.TextChoices):
    AGENT = "g", _("agent")
    ACTIVITY = "c", _("activity")
    # A member of the Group that is the statement's actor or object: the agent filter matches it even without
    # related_agents (Communication 2.1.3).
    MEMBER = "m", _("group member")


class StatementKey(TenantModel):
    """An agent or activity a statement mentions beyond its actor and object (context, authority, members of
    its actor or object group, sub-statement, ...): with the indexed columns it answers the agent filter on
    group members, `related_agents` and `related_activities`.

    It points at the statement by its statement id, so a batch is written with two plain multi-row inserts.
    """

    statement_uuid = models.UUIDField()
    kind = models.CharField(max_length=1, choices=KeyKind)
    key = models.CharField(max_length=512)
    stored = models.DateTimeField()

    class Meta:
        # No index on statement_uuid: it would be written at a random place for every row on ingest, and only
        # erasure looks rows up that way (by key instead: the person's own keys are what must go).
        indexes = [models.Index(fields=["organisation", "kind", "key", "stored"], name="xapi_key_lookup")]


class Attachment(TenantModel):
    """An attachment's content, stored once per SHA-2 hash."""

    sha2 = models.CharField(max_length=128)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "sha2"], name="one_xapi_attachment_per_hash")]


class Activity(TenantModel):
    """The LRS's canonical definition of an activity: the latest definition a client sent."""

    activity_id = models.CharField(max_length=512)
    definition = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "activity_id"], name="one_xapi_activity_per_org"),
        ]


class DocumentKind(models.TextChoices):
    STATE = "state", _("state")
    ACTIVITY_PROFILE = "activity_profile", _("activity profile")
    AGENT_PROFILE = "agent_profile", _("agent profile")


class Document(TenantModel):
    """A state, activity profile or agent profile document."""

    kind = models.CharField(max_length=20, choices=DocumentKind)
    activity_id = models.CharField(max_length=512, blank=True, default="")
    agent_key = models.CharField(max_length=255, blank=True, default="")
    registration = models.CharField(max_length=36, blank=True, default="")
    document_id = models.CharField(max_length=512)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=64)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "activity_id", "agent_key", "registration", "document_id"],
                name="one_xapi_document_per_key",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "kind", "agent_key"], name="xapi_doc_agent")]


def _opaque_name() -> str:
    return uuid.uuid4().hex


class PersonAccount(TenantModel):
    """The opaque account name that identifies a person in the statements Leerritme makes."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="xapi_account")
    name = models.CharField(max_length=32, unique=True, default=_opaque_name)

    def __str__(self):
        return self.name
