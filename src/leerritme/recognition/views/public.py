"""Open Badges 2.0 hosted verification: public JSON-LD documents and badge images, readable by anyone.

Looked up by UUID with scopes lifted for the lookup only (as the invitation page does), then answered from
that organisation's data. Unknown ids give 404, revoked assertions 410 Gone.
"""

import json

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from django_scopes import scope, scopes_disabled

from leerritme.orgs.models import Organisation
from leerritme.recognition import openbadges
from leerritme.recognition.models import Badge, BadgeAward, RecognitionSettings

JSON_LD = "application/ld+json"


def _json(document: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2), status=status,
                            content_type=f"{JSON_LD}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300" if status == 200 else "no-store"
    return response


@require_GET
def issuer(request, uuid):
    organisation = Organisation.objects.filter(uuid=uuid).first()
    if organisation is None:
        raise Http404
    with scope(organisation=organisation):
        config = RecognitionSettings.objects.filter(organisation=organisation).first()
        return _json(openbadges.issuer_document(organisation, config))


@require_GET
def revocations(request, uuid):
    organisation = Organisation.objects.filter(uuid=uuid).first()
    if organisation is None:
        raise Http404
    with scope(organisation=organisation):
        revoked = list(BadgeAward.objects.filter(revoked_at__isnull=False).order_by("revoked_at"))
        return _json(openbadges.revocation_list_document(organisation, revoked))


def _badge(uuid) -> Badge:
    with scopes_disabled():
        badge = Badge.objects.select_related("organisation").filter(uuid=uuid).first()
    if badge is None:
        raise Http404
    return badge


@require_GET
def badge(request, uuid):
    found = _badge(uuid)
    with scope(organisation=found.organisation):
        return _json(openbadges.badge_document(found))


@require_GET
def badge_image(request, uuid):
    found = _badge(uuid)
    if found.image:
        response = HttpResponse(bytes(found.image), content_type=found.image_type)
    else:
        response = HttpResponse(openbadges.default_svg(found), content_type="image/svg+xml")
    # An uploaded SVG is checked for scripts on upload; this policy keeps it inert even so.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def assertion(request, uuid):
    with scopes_disabled():
        award = BadgeAward.objects.select_related("badge__organisation").filter(uuid=uuid).first()
    if award is None:
        raise Http404
    with scope(organisation=award.badge.organisation):
        if award.is_revoked:
            return _json(openbadges.revoked_document(award), status=410)
        return _json(openbadges.assertion_document(award))
