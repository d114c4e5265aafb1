"""Defining, awarding, hiding and revoking badges; awarding by rule from recorded learning.

Every award records BADGE_EARNED (organisation-visible; private while the recipient hides the badge) and is
published as an Open Badges 2.0 hosted assertion (`recognition.openbadges`). A revoked assertion answers
410 and its event is withdrawn.
"""

import xml.etree.ElementTree as ET  # noqa: S405  # nosec B405 (DOCTYPE and ENTITY refused before parsing, see _check_svg)
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from leerritme.learning.listeners import on_learning_recorded
from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.learning.services import learning_event_record, learning_events_remove_for
from leerritme.notifications.services import notify
from leerritme.orgs.models import Person
from leerritme.recognition.models import Badge, BadgeAward, ImageType

MAX_IMAGE_BYTES = 512 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _check_svg(content: bytes) -> None:
    head = content[:2048].lower()
    if b"<!doctype" in head or b"<!entity" in content.lower():
        raise ValidationError(_("This SVG file contains a document type declaration; save it as plain SVG."))
    try:
        root = ET.fromstring(content)  # noqa: S314  # nosec B314 (no DTD or entities, checked above)
    except ET.ParseError:
        raise ValidationError(_("This is not a readable SVG image.")) from None
    if root.tag not in (f"{SVG_NS}svg", "svg"):
        raise ValidationError(_("This is not an SVG image."))
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "embed", "object"):
            raise ValidationError(_("SVG images with scripts or embedded content are not allowed."))
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise ValidationError(_("SVG images with scripts or embedded content are not allowed."))
            if local == "href" and not value.strip().startswith(("#", "data:image/")):
                raise ValidationError(_("SVG images may not link to other files."))


def check_image(content: bytes) -> str:
    """The image's content type after checking it is a PNG or a safe SVG of at most 512 KB."""
    if len(content) > MAX_IMAGE_BYTES:
        raise ValidationError(_("The image is larger than 512 KB."))
    if content.startswith(PNG_MAGIC):
        return ImageType.PNG
    stripped = content.lstrip()
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<svg") or b"<svg" in stripped[:1024]:
        _check_svg(content)
        return ImageType.SVG
    raise ValidationError(_("Upload a PNG or SVG image."))


def _check_rule(kind: str, count: int | None) -> None:
    if bool(kind) != bool(count):
        raise ValidationError({"rule_count": _("For an automatic badge, choose both the kind of learning and "
                                                "how many times.")})
    if kind and kind not in LearningKind.values:
        raise ValidationError({"rule_kind": _("Choose a kind of learning.")})
    if kind == LearningKind.BADGE_EARNED:
        raise ValidationError({"rule_kind": _("A badge cannot be earned by earning badges.")})


@transaction.atomic
def badge_save(*, badge: Badge, by: Person, image: bytes | None = None, remove_image: bool = False) -> Badge:
    """Create or change a badge (L&D). The image is checked; without one a generated image is used."""
    badge.name = (badge.name or "").strip()
    if not badge.name:
        raise ValidationError({"name": _("Give the badge a name.")})
    if not (badge.description or "").strip():
        raise ValidationError({"description": _("Describe the badge in a sentence.")})
    if not (badge.criteria or "").strip():
        raise ValidationError({"criteria": _("Write what someone does to earn it.")})
    _check_rule(badge.rule_kind, badge.rule_count)
    clash = Badge.objects.filter(name__iexact=badge.name).exclude(pk=badge.pk).exists()
    if clash:
        raise ValidationError({"name": _("There is already a badge with this name.")})
    if image:
        badge.image_type = check_image(image)
        badge.image = image
    elif remove_image:
        badge.image, badge.image_type = None, ""
    if badge.pk is None:
        badge.organisation_id = by.organisation_id
        badge.created_by = by
    badge.save()
    return badge


def _event_for(award: BadgeAward) -> None:
    learning_event_record(
        person=award.person, kind=LearningKind.BADGE_EARNED, title=award.badge.name, obj=award,
        occurred_at=award.issued_on, visibility=Visibility.PRIVATE if award.hidden else Visibility.ORGANISATION,
        data={"badge": str(award.badge.uuid)},
    )


@transaction.atomic
def badge_award(*, badge: Badge, person: Person, by: Person | None, narrative: str = "", when=None,
                notify_person: bool = True) -> BadgeAward:
    """Award a badge (by hand when `by` is given, by its rule otherwise); one valid award per person."""
    if badge.organisation_id != person.organisation_id:
        raise ValidationError(_("This badge belongs to another organisation."))
    if not badge.active:
        raise ValidationError(_("This badge can no longer be awarded."))
    if not person.is_active:
        raise ValidationError(_("Badges can only go to active colleagues."))
    if by is not None and by.pk == person.pk:
        raise ValidationError(_("You cannot award a badge to yourself."))
    if BadgeAward.objects.filter(badge=badge, person=person, revoked_at__isnull=True).exists():
        raise ValidationError(_("%(name)s already has this badge.") % {"name": person.display_name})
    award = BadgeAward(organisation_id=badge.organisation_id, badge=badge, person=person, awarded_by=by,
                       narrative=(narrative or "").strip(), issued_on=when or timezone.now())
    award.set_identity(person.user.email)
    award.save()
    _event_for(award)
    if notify_person:
        notify(person, "recognition.badge", {"award": award, "badge": badge},
               url=reverse("recognition:mine", kwargs={"org": person.organisation.slug}))
    return award


@transaction.atomic
def badge_award_hide(*, award: BadgeAward, person: Person, hidden: bool) -> BadgeAward:
    """The recipient keeps a badge to themselves (or shows it again); the public assertion stays valid."""
    if award.person_id != person.pk:
        raise ValidationError(_("Only the person who earned this badge can change who sees it."))
    if award.is_revoked or award.hidden == hidden:
        return award
    award.hidden = hidden
    award.save(update_fields=["hidden"])
    learning_events_remove_for(award)
    _event_for(award)
    return award


@transaction.atomic
def badge_award_revoke(*, award: BadgeAward, by: Person, reason: str) -> BadgeAward:
    """L&D revokes an award: its assertion answers 410 Gone from now on and its event is withdrawn."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking; it is published with the revocation.")})
    if award.is_revoked:
        raise ValidationError(_("This badge was already revoked."))
    award.revoked_at = timezone.now()
    award.revocation_reason = reason[:250]
    award.save(update_fields=["revoked_at", "revocation_reason"])
    learning_events_remove_for(award)
    return award


def _award_by_rules(person_ids: set[int], kinds: set[str]) -> int:
    badges = list(Badge.objects.filter(active=True, rule_kind__in=kinds, rule_count__isnull=False))
    if not badges or not person_ids:
        return 0
    counts = {(row["person_id"], row["kind"]): row["n"] for row in
              LearningEvent.objects.filter(person_id__in=person_ids, kind__in={b.rule_kind for b in badges})
              .values("person_id", "kind").annotate(n=Count("id"))}
    held = set(BadgeAward.objects.filter(badge__in=badges, person_id__in=person_ids, revoked_at__isnull=True)
               .values_list("badge_id", "person_id"))
    due = [(badge, pid) for badge in badges for pid in sorted(person_ids)
           if counts.get((pid, badge.rule_kind), 0) >= badge.rule_count and (badge.pk, pid) not in held]
    if not due:
        return 0
    people = Person.objects.select_related("user", "organisation").in_bulk({pid for _b, pid in due})
    awarded = 0
    for badge, pid in due:
        person = people.get(pid)
        if person is not None and person.is_active:
            badge_award(badge=badge, person=person, by=None)
            awarded += 1
    return awarded


def badge_rule_apply(badge: Badge) -> int:
    """Award a rule badge to everyone who already meets its rule (L&D's "award now"); returns how many."""
    if not badge.has_rule:
        return 0
    people = set(LearningEvent.objects.filter(kind=badge.rule_kind).values("person_id")
                 .annotate(n=Count("id")).filter(n__gte=badge.rule_count).values_list("person_id", flat=True))
    with transaction.atomic():
        return _award_by_rules(people, {badge.rule_kind})


@on_learning_recorded
def award_by_rules(events: Sequence) -> None:
    """Rule badges react to learning as it is recorded: three queries per batch when a rule may apply."""
    kinds = {e.kind for e in events} - {LearningKind.BADGE_EARNED}
    if not kinds:
        return
    if not Badge.objects.filter(active=True, rule_kind__in=kinds, rule_count__isnull=False).exists():
        return
    _award_by_rules({e.person_id for e in events if e.kind in kinds}, kinds)
