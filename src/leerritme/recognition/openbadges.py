"""Open Badges 2.0 documents (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html).

Hosted verification: each Assertion, BadgeClass and issuer Profile is a JSON-LD document at a stable public
URL under SITE_URL; the assertion's `id` is its own URL, so a verifier fetches it, follows `badge` to the
BadgeClass and `issuer` to the Profile, and compares the recipient's hashed e-mail. A revoked assertion
answers 410 Gone with `{"id", "revoked": true, "revocationReason"}`; the issuer also lists revocations in
its RevocationList.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

CONTEXT = "https://w3id.org/openbadges/v2"


def _url(name: str, uuid) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"uuid": uuid})


def issuer_url(organisation) -> str:
    return _url("openbadges_issuer", organisation.uuid)


def badge_url(badge) -> str:
    return _url("openbadges_badge", badge.uuid)


def badge_image_url(badge) -> str:
    return _url("openbadges_badge_image", badge.uuid)


def assertion_url(award) -> str:
    return _url("openbadges_assertion", award.uuid)


def revocations_url(organisation) -> str:
    return _url("openbadges_revocations", organisation.uuid)


def _iso(moment) -> str:
    return timezone.localtime(moment, timezone.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def issuer_document(organisation, config) -> dict:
    """The issuer Profile: id, type, name, url and email are required for issuers."""
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": issuer_url(organisation),
        "name": (config.issuer_name if config and config.issuer_name else organisation.name),
        "url": (config.issuer_url if config and config.issuer_url else settings.SITE_URL + "/"),
        "email": (config.issuer_email if config and config.issuer_email else _fallback_email()),
        "verification": {"type": "VerificationObject", "allowedOrigins": _host()},
        "revocationList": revocations_url(organisation),
    }


def _host() -> str:
    from urllib.parse import urlsplit

    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _fallback_email() -> str:
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or f"badges@{_host()}"


def badge_document(badge) -> dict:
    """The BadgeClass: id, type, name, description, image, criteria and issuer."""
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": badge_url(badge),
        "name": badge.name,
        "description": badge.description,
        "image": {"type": "schema:ImageObject", "id": badge_image_url(badge), "caption": badge.name},
        "criteria": {"type": "Criteria", "narrative": badge.criteria},
        "issuer": issuer_url(badge.organisation),
    }


def assertion_document(award) -> dict:
    """The Assertion: id, type, recipient (IdentityObject), badge, verification and issuedOn."""
    document = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_url(award),
        "recipient": {"type": "email", "hashed": True, "salt": award.salt, "identity": award.identity_hash},
        "badge": badge_url(award.badge),
        "verification": {"type": "hosted"},
        "issuedOn": _iso(award.issued_on),
        "image": {"type": "schema:ImageObject", "id": badge_image_url(award.badge)},
    }
    if award.narrative:
        document["narrative"] = award.narrative
    return document


def revoked_document(award) -> dict:
    return {"@context": CONTEXT, "type": "Assertion", "id": assertion_url(award), "revoked": True,
            "revocationReason": award.revocation_reason}


def revocation_list_document(organisation, awards) -> dict:
    return {
        "@context": CONTEXT,
        "type": "RevocationList",
        "id": revocations_url(organisation),
        "issuer": issuer_url(organisation),
        "revokedAssertions": [{"id": assertion_url(a), "revocationReason": a.revocation_reason} for a in awards],
    }


def default_svg(badge) -> str:
    """A simple round badge with the initials of its name, for badges without an uploaded image."""
    from django.utils.html import escape

    words = [w for w in badge.name.split() if w[:1].isalnum()]
    initials = escape("".join(w[0] for w in words[:2]).upper() or "★")
    colour = badge.colour if len(badge.colour) == 7 and badge.colour.startswith("#") else "#1b6e5a"
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256" role="img" '
        f'aria-label="{escape(badge.name)}">'
        f'<circle cx="128" cy="128" r="120" fill="{escape(colour)}"/>'
        '<circle cx="128" cy="128" r="100" fill="none" stroke="#ffffff" stroke-width="6" opacity="0.7"/>'
        '<text x="128" y="150" font-family="sans-serif" font-size="72" font-weight="700" fill="#ffffff" '
        f'text-anchor="middle">{initials}</text></svg>'
    )
