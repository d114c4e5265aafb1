"""Requests for offers: ask, approve or decline (lead, then L&D above the threshold), book, complete, cancel.

Every change of state is one transaction that locks the request row first (two clicks on "approve" can
never reserve twice), writes the ledger through `services.budget`, and records who did it and when in
`RequestEvent`. Notifications are stored in the same transaction; their e-mail goes out on commit.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.growth.models import (
    ZERO,
    OfferRequest,
    PlanGoal,
    RequestEvent,
    RequestStatus,
)
from leerritme.growth.rules import is_ld, leads
from leerritme.growth.services.budget import available_now, money, release, reserve, rule_on
from leerritme.learning.models import LearningKind, Visibility
from leerritme.learning.services import learning_event_record
from leerritme.notifications.services import notify
from leerritme.orgs.models import Person, Role, TeamMembership, TeamRole
from leerritme.orgs.rules import can

TRANSFER_AFTER = timedelta(weeks=4)
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
# The files' own first bytes, so a renamed executable is not accepted as a certificate.
EVIDENCE_MAGIC = {".pdf": (b"%PDF",), ".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",)}


def request_url(request: OfferRequest) -> str:
    return reverse("growth:request", kwargs={"org": request.person.organisation.slug, "uuid": request.uuid})


def _record(request: OfferRequest, from_status: str, by: Person | None, note: str = "") -> None:
    RequestEvent.objects.create(organisation_id=request.organisation_id, request=request, from_status=from_status,
                                to_status=request.status, by=by, note=note)


def _move(request: OfferRequest, to: str, by: Person | None, note: str = "", **fields) -> None:
    before = request.status
    request.status = to
    request.updated_at = timezone.now()
    for name, value in fields.items():
        setattr(request, name, value)
    request.save(update_fields=["status", "updated_at", *fields])
    _record(request, before, by, note)


def _lock(request: OfferRequest) -> OfferRequest:
    """The request re-read under a row lock: its status as it is now, not as the page saw it."""
    locked = (OfferRequest.objects.select_for_update().select_related("person__user", "person__organisation", "offer")
              .get(pk=request.pk))
    return locked


def leads_of(person: Person) -> list[Person]:
    their_teams = TeamMembership.objects.filter(person=person).values("team_id")
    return list(Person.objects.filter(
        is_active=True, team_memberships__team_id__in=their_teams, team_memberships__role=TeamRole.LEAD,
    ).exclude(pk=person.pk).select_related("user", "organisation").distinct())


def ld_admins() -> list[Person]:
    return list(Person.objects.filter(is_active=True, role__in=[Role.LD_ADMIN, Role.OWNER])
                .select_related("user", "organisation"))


@transaction.atomic
def offer_request_create(*, person: Person, offer, cost, hours, motivation: str, goal: PlanGoal | None = None,
                         starts_on=None) -> OfferRequest:
    """A person asks to follow an offer; their team lead(s) are asked to decide."""
    cost = money(cost)
    errors = {}
    if cost < ZERO:
        errors["cost"] = _("The cost cannot be negative.")
    try:
        hours = Decimal(str(hours or 0))
    except Exception:
        errors["hours"] = _("Enter a number of hours.")
    else:
        if hours < 0:
            errors["hours"] = _("The hours cannot be negative.")
    if not (motivation or "").strip():
        errors["motivation"] = _("Say why you want to do this.")
    if goal is not None and goal.plan.person_id != person.pk:
        errors["goal"] = _("Choose one of your own development goals.")
    if offer.organisation_id != person.organisation_id or not offer.active:
        errors["offer"] = _("This offer is not in the catalogue.")
    free = available_now(person) if not errors else ZERO
    if not errors and cost > free:
        errors["cost"] = _("This is more than your remaining budget (%(free)s).") % {"free": free}
    if errors:
        raise ValidationError(errors)
    rule = rule_on(person.organisation_id, timezone.localdate())
    request = OfferRequest.objects.create(
        organisation_id=person.organisation_id, person=person, offer=offer, goal=goal, cost=cost, hours=hours,
        motivation=motivation.strip(), starts_on=starts_on,
        needs_ld=bool(rule and cost > rule.approval_threshold),
    )
    _record(request, "", person)
    leads_found = leads_of(person)
    deciders = leads_found or [admin for admin in ld_admins() if admin.pk != person.pk]
    if not leads_found:
        # Nobody leads a team of theirs: L&D takes the lead's part, so the request is never stuck.
        _move(request, RequestStatus.LEAD_APPROVED, None, note=_("No team lead: passed to L&D."))
    for decider in deciders:
        notify(decider, "growth.request_to_decide", {"request": request, "requester": person},
               url=request_url(request), dedupe_key=f"growth.decide:{request.uuid}:{request.status}")
    return request


@transaction.atomic
def offer_request_decide(*, request: OfferRequest, by: Person, approve: bool, reason: str = "") -> OfferRequest:
    """The lead's (or, second, L&D's) decision. Approval reserves the cost; refused when the budget is short."""
    request = _lock(request)
    if not can(by, "growth.decide", request):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not approve:
        if not reason:
            raise ValidationError({"reason": _("Give a reason when you decline.")})
        _move(request, RequestStatus.DECLINED, by, reason, decision_reason=reason)
        notify(request.person, "growth.request_decided", {"request": request, "approved": False},
               url=request_url(request), dedupe_key=f"growth.decided:{request.uuid}")
        return request
    if request.status == RequestStatus.REQUESTED and request.needs_ld:
        _move(request, RequestStatus.LEAD_APPROVED, by, reason)
        for admin in ld_admins():
            if admin.pk != request.person_id:
                notify(admin, "growth.request_to_decide", {"request": request, "requester": request.person},
                       url=request_url(request), dedupe_key=f"growth.decide:{request.uuid}:{request.status}")
        return request
    reserve(request, by=by)
    _move(request, RequestStatus.APPROVED, by, reason, decision_reason=reason)
    notify(request.person, "growth.request_decided", {"request": request, "approved": True},
           url=request_url(request), dedupe_key=f"growth.decided:{request.uuid}")
    return request


def _may_handle(by: Person, request: OfferRequest) -> bool:
    return by.pk == request.person_id or is_ld(by) or leads(by, request.person)


@transaction.atomic
def offer_request_book(*, request: OfferRequest, by: Person) -> OfferRequest:
    """The course is booked and paid: the reservation becomes spending."""
    request = _lock(request)
    if not _may_handle(by, request):
        raise PermissionDenied
    if request.status != RequestStatus.APPROVED:
        raise ValidationError(_("Only an approved request can be booked."))
    release(request, by=by, then_spend=True)
    _move(request, RequestStatus.BOOKED, by)
    return request


def check_evidence(upload) -> None:
    """Certificates: PDF, PNG or JPEG, at most 10 MB, and the file must be what its name says."""
    if upload is None:
        return
    name = (upload.name or "").lower()
    extension = name[name.rfind("."):] if "." in name else ""
    if extension not in EVIDENCE_TYPES:
        raise ValidationError({"evidence": _("Upload a PDF, PNG or JPEG file.")})
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"evidence": _("The file is larger than 10 MB.")})
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(EVIDENCE_MAGIC[extension]):
        raise ValidationError({"evidence": _("This file is not the PDF or image its name says it is.")})


@transaction.atomic
def offer_request_complete(*, request: OfferRequest, by: Person, apply: str, with_whom: str, evidence=None,
                           share_with_team: bool = False) -> OfferRequest:
    """Completed, with evidence and a reflection; recorded as learning; a transfer reminder four weeks on."""
    request = _lock(request)
    if by.pk != request.person_id:
        raise PermissionDenied
    if request.status not in (RequestStatus.BOOKED, RequestStatus.APPROVED):
        raise ValidationError(_("Only a booked request can be completed."))
    errors = {}
    if not (apply or "").strip():
        errors["reflection_apply"] = _("Write what you will apply in your work.")
    if not (with_whom or "").strip():
        errors["reflection_with"] = _("Say with whom you will apply it.")
    if errors:
        raise ValidationError(errors)
    check_evidence(evidence)
    if request.status == RequestStatus.APPROVED:
        # Completed without a separate booking step: it was paid all the same.
        release(request, by=by, then_spend=True)
    now = timezone.now()
    fields = {"reflection_apply": apply.strip(), "reflection_with": with_whom.strip()[:300], "completed_at": now,
              "transfer_reminder_on": timezone.localdate() + TRANSFER_AFTER}
    if evidence is not None:
        request.evidence.save(evidence.name.rsplit("/", 1)[-1][-100:], evidence, save=False)
        fields["evidence"] = request.evidence
    _move(request, RequestStatus.COMPLETED, by, **fields)
    team_membership = TeamMembership.objects.filter(person=request.person).select_related("team").first()
    team = team_membership.team if (share_with_team and team_membership) else None
    learning_event_record(
        person=request.person, kind=LearningKind.COURSE_COMPLETED, title=request.offer.title,
        visibility=Visibility.TEAM if team else Visibility.PRIVATE, team=team, occurred_at=now, obj=request,
        minutes=int(request.hours * 60) if request.hours else None,
        data={"provider": request.offer.provider},
    )
    return request


@transaction.atomic
def offer_request_cancel(*, request: OfferRequest, by: Person, reason: str = "") -> OfferRequest:
    """The person withdraws (or L&D cancels) a request that is not yet booked; any reservation is released."""
    request = _lock(request)
    if not (by.pk == request.person_id or is_ld(by)):
        raise PermissionDenied
    if request.status not in (RequestStatus.REQUESTED, RequestStatus.LEAD_APPROVED, RequestStatus.APPROVED):
        raise ValidationError(_("This request can no longer be cancelled."))
    release(request, by=by)
    _move(request, RequestStatus.CANCELLED, by, (reason or "").strip())
    return request


def transfer_remind(request: OfferRequest) -> bool:
    """Four weeks after completing: how did applying it go? Once per request (dedupe key)."""
    notification = notify(request.person, "growth.transfer_reminder", {"request": request},
                          url=request_url(request), dedupe_key=f"growth.transfer:{request.uuid}")
    OfferRequest.objects.filter(pk=request.pk, transfer_reminded_at__isnull=True).update(
        transfer_reminded_at=timezone.now())
    return notification is not None


def transfer_note_save(*, request: OfferRequest, by: Person, note: str) -> RequestEvent:
    """The person's answer to the transfer reminder: how applying it went, kept in the request's history."""
    if by.pk != request.person_id:
        raise PermissionDenied
    if request.status != RequestStatus.COMPLETED:
        raise ValidationError(_("Only a completed request has an application to look back on."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Write how it went.")})
    return RequestEvent.objects.create(organisation_id=request.organisation_id, request=request,
                                       from_status=request.status, to_status=request.status, by=by,
                                       note=note.strip())
