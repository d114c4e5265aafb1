"""Badges: defining (images checked), awarding by hand and by rule, hiding, revoking, and the Open Badges 2.0
documents checked against every required field and type of the specification (Assertion, BadgeClass, Profile,
IdentityObject, VerificationObject, Image), since the JSON-LD context cannot be fetched here."""

import hashlib
import re
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from leerritme.learning.models import LearningEvent, LearningKind, Visibility
from leerritme.learning.services import learning_event_record, learning_events_record_many
from leerritme.notifications.models import Notification
from leerritme.recognition.models import Badge, BadgeAward, RecognitionSettings
from leerritme.recognition.services.badges import (
    badge_award,
    badge_award_hide,
    badge_award_revoke,
    badge_rule_apply,
    badge_save,
    check_image,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4" cx="5" cy="5"/></svg>'
IRI = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


def u(name, **kwargs):
    return reverse(f"recognition:{name}", kwargs={"org": "vonk", **kwargs})


def sessions_given(person, n):
    return learning_events_record_many([{"person": person, "kind": LearningKind.SESSION_GIVEN,
                                         "title": f"Sessie {i}", "visibility": Visibility.ORGANISATION}
                                        for i in range(n)])


# --- Awarding -----------------------------------------------------------------------------------------------------


def test_awarding_by_hand_records_badge_earned_for_the_organisation(in_org, alice, bob, hand_badge):
    award = badge_award(badge=hand_badge, person=alice, by=bob)
    event = LearningEvent.objects.get(kind=LearningKind.BADGE_EARNED)
    assert event.person == alice and event.visibility == Visibility.ORGANISATION and event.title == hand_badge.name
    assert award.identity_hash == "sha256$" + hashlib.sha256(("alice@vonk.test" + award.salt).encode()).hexdigest()
    assert len(award.salt) == 32
    assert Notification.objects.filter(person=alice, kind="recognition.badge").exists()


def test_a_badge_is_awarded_once_and_never_to_oneself(in_org, alice, bob, hand_badge):
    badge_award(badge=hand_badge, person=alice, by=bob)
    with pytest.raises(ValidationError):
        badge_award(badge=hand_badge, person=alice, by=bob)
    with pytest.raises(ValidationError):
        badge_award(badge=hand_badge, person=bob, by=bob)
    hand_badge.active = False
    hand_badge.save()
    with pytest.raises(ValidationError):
        badge_award(badge=hand_badge, person=bob, by=alice)
    assert BadgeAward.objects.count() == 1


def test_a_rule_badge_is_earned_by_the_fifth_session_given(in_org, alice, rule_badge):
    sessions_given(alice, 4)
    assert not BadgeAward.objects.exists()
    learning_event_record(person=alice, kind=LearningKind.SESSION_GIVEN, title="Sessie 5")
    award = BadgeAward.objects.get()
    assert award.person == alice and award.awarded_by is None
    sessions_given(alice, 3)
    assert BadgeAward.objects.count() == 1


def test_a_rule_badge_counts_a_bulk_recording_too(in_org, alice, bob, rule_badge):
    sessions_given(alice, 6)
    sessions_given(bob, 2)
    assert list(BadgeAward.objects.values_list("person", flat=True)) == [alice.pk]


def test_award_now_applies_a_new_rule_to_history(in_org, alice, bob, carol):
    sessions_given(alice, 5)
    badge = badge_save(badge=Badge(name="Spreker", description="Vijf sessies", criteria="Geef er vijf",
                                   rule_kind=LearningKind.SESSION_GIVEN, rule_count=5), by=carol)
    assert badge_rule_apply(badge) == 1
    assert badge_rule_apply(badge) == 0


def test_hiding_a_badge_makes_its_event_private_and_keeps_the_assertion(in_org, client, alice, bob, erik, hand_badge):
    from leerritme.learning.selectors import learning_record

    award = badge_award(badge=hand_badge, person=alice, by=bob)
    badge_award_hide(award=award, person=alice, hidden=True)
    assert learning_record(alice, erik).filter(kind=LearningKind.BADGE_EARNED).count() == 0
    assert learning_record(alice, alice).filter(kind=LearningKind.BADGE_EARNED).count() == 1
    assert client.get(reverse("openbadges_assertion", kwargs={"uuid": award.uuid})).status_code == 200
    with pytest.raises(ValidationError):
        badge_award_hide(award=award, person=bob, hidden=False)
    badge_award_hide(award=award, person=alice, hidden=False)
    assert learning_record(alice, erik).filter(kind=LearningKind.BADGE_EARNED).count() == 1


def test_revoking_withdraws_the_event_and_the_assertion_answers_410(in_org, client, alice, bob, carol, hand_badge):
    award = badge_award(badge=hand_badge, person=alice, by=bob)
    with pytest.raises(ValidationError):
        badge_award_revoke(award=award, by=carol, reason=" ")
    badge_award_revoke(award=award, by=carol, reason="Ten onrechte toegekend")
    assert not LearningEvent.objects.filter(kind=LearningKind.BADGE_EARNED).exists()
    response = client.get(reverse("openbadges_assertion", kwargs={"uuid": award.uuid}))
    assert response.status_code == 410
    body = response.json()
    assert body["revoked"] is True and body["id"].endswith(f"/badges/assertions/{award.uuid}.json")
    assert body["revocationReason"] == "Ten onrechte toegekend"
    listing = client.get(reverse("openbadges_revocations", kwargs={"uuid": alice.organisation.uuid})).json()
    assert listing["type"] == "RevocationList" and listing["revokedAssertions"][0]["id"] == body["id"]
    # A revoked badge can be awarded again.
    badge_award(badge=hand_badge, person=alice, by=bob)


# --- Images --------------------------------------------------------------------------------------------------------


def test_images_are_checked():
    assert check_image(PNG) == "image/png"
    assert check_image(SVG) == "image/svg+xml"
    bad = [
        b"GIF89a....",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        b'<image x:href="https://evil.example/x.png"/></svg>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>',
        b"<svg><unclosed></svg>",
        PNG + b"\x00" * (512 * 1024),
    ]
    for content in bad:
        with pytest.raises(ValidationError):
            check_image(content)


def test_the_badge_image_is_the_upload_or_a_generated_svg(in_org, client, carol, hand_badge):
    response = client.get(reverse("openbadges_badge_image", kwargs={"uuid": hand_badge.uuid}))
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content and b"VV" in response.content
    assert "sandbox" in response["Content-Security-Policy"]
    hand_badge.description, hand_badge.criteria = "Veilig", "Toegekend"
    badge_save(badge=hand_badge, by=carol, image=PNG)
    response = client.get(reverse("openbadges_badge_image", kwargs={"uuid": hand_badge.uuid}))
    assert response["Content-Type"] == "image/png" and response.content == PNG


# --- Open Badges 2.0 documents --------------------------------------------------------------------------------------


def assert_iri(value):
    assert isinstance(value, str) and IRI.match(value), value


def assert_type(document, expected):
    kind = document["type"]
    assert kind == expected or (isinstance(kind, list) and expected in kind), kind


def assert_datetime(value):
    assert isinstance(value, str)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert parsed.tzinfo is not None


def check_image_object(image):
    """Image: id (IRI, required); type defaults to schema:ImageObject."""
    if isinstance(image, str):
        assert_iri(image)
        return image
    assert_iri(image["id"])
    assert image.get("type", "schema:ImageObject") in ("schema:ImageObject", "ImageObject")
    if "caption" in image:
        assert isinstance(image["caption"], str)
    return image["id"]


def check_profile(document):
    """Issuer Profile: id, type, name, url and email are required for an issuer."""
    assert document["@context"] == "https://w3id.org/openbadges/v2"
    assert_iri(document["id"])
    assert document["type"] in ("Issuer", "Profile")
    assert isinstance(document["name"], str) and document["name"]
    assert_iri(document["url"])
    assert isinstance(document["email"], str) and re.match(r"^[^@\s]+@[^@\s]+$", document["email"])
    if "verification" in document:
        assert_type(document["verification"], "VerificationObject")
    if "revocationList" in document:
        assert_iri(document["revocationList"])


def check_badge_class(document):
    """BadgeClass: id, type, name, description, image, criteria, issuer."""
    assert document["@context"] == "https://w3id.org/openbadges/v2"
    assert_iri(document["id"])
    assert_type(document, "BadgeClass")
    assert isinstance(document["name"], str) and document["name"]
    assert isinstance(document["description"], str) and document["description"]
    check_image_object(document["image"])
    criteria = document["criteria"]
    if isinstance(criteria, str):
        assert_iri(criteria)
    else:
        assert criteria.get("type", "Criteria") == "Criteria"
        assert "id" in criteria or "narrative" in criteria
        if "narrative" in criteria:
            assert isinstance(criteria["narrative"], str) and criteria["narrative"]
    assert_iri(document["issuer"])


def check_assertion(document):
    """Assertion: id, type, recipient (IdentityObject), badge, verification (VerificationObject), issuedOn."""
    assert document["@context"] == "https://w3id.org/openbadges/v2"
    assert_iri(document["id"])
    assert_type(document, "Assertion")
    recipient = document["recipient"]
    assert recipient["type"] == "email"
    assert recipient["hashed"] is True
    assert isinstance(recipient["salt"], str) and recipient["salt"]
    assert re.match(r"^sha256\$[0-9a-f]{64}$", recipient["identity"])
    assert_iri(document["badge"])
    verification = document["verification"]
    assert verification["type"] in ("hosted", "HostedBadge")
    assert_datetime(document["issuedOn"])
    if "image" in document:
        check_image_object(document["image"])
    assert "revoked" not in document or document["revoked"] is False


def test_a_hosted_assertion_verifies_end_to_end(in_org, client, settings, alice, bob, hand_badge):
    settings.SITE_URL = "https://leren.example"
    RecognitionSettings.objects.create(organisation=in_org, issuer_name="De Vonk Academie",
                                       issuer_url="https://vonk.example", issuer_email="leren@vonk.example")
    award = badge_award(badge=hand_badge, person=alice, by=bob, narrative="Voor het veilig werken op hoogte")
    response = client.get(reverse("openbadges_assertion", kwargs={"uuid": award.uuid}))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/ld+json")
    assertion = response.json()
    check_assertion(assertion)
    assert assertion["id"] == f"https://leren.example/badges/assertions/{award.uuid}.json"
    assert assertion["narrative"] == "Voor het veilig werken op hoogte"
    # Hosted verification: the id is where it lives, on the issuer's allowed origin.
    path = assertion["badge"].removeprefix("https://leren.example")
    badge_class = client.get(path).json()
    check_badge_class(badge_class)
    assert badge_class["id"] == assertion["badge"] and badge_class["name"] == hand_badge.name
    image = client.get(check_image_object(badge_class["image"]).removeprefix("https://leren.example"))
    assert image.status_code == 200 and image["Content-Type"] in ("image/png", "image/svg+xml")
    issuer = client.get(badge_class["issuer"].removeprefix("https://leren.example")).json()
    check_profile(issuer)
    assert issuer["name"] == "De Vonk Academie" and issuer["email"] == "leren@vonk.example"
    assert issuer["verification"]["allowedOrigins"] == "leren.example"
    # The recipient's e-mail matches the hashed identity; another address does not.
    salt = assertion["recipient"]["salt"]
    assert assertion["recipient"]["identity"] == "sha256$" + hashlib.sha256(
        (alice.user.email + salt).encode()).hexdigest()
    other = "sha256$" + hashlib.sha256(("bob@vonk.test" + salt).encode()).hexdigest()
    assert assertion["recipient"]["identity"] != other
    assert "alice@vonk.test" not in response.content.decode()


def test_the_issuer_has_defaults_without_settings(in_org, client):
    issuer = client.get(reverse("openbadges_issuer", kwargs={"uuid": in_org.uuid})).json()
    check_profile(issuer)
    assert issuer["name"] == in_org.name


def test_public_addresses_give_404_for_unknown_ids(db, client):
    import uuid

    for name in ("openbadges_issuer", "openbadges_revocations", "openbadges_badge", "openbadges_badge_image",
                 "openbadges_assertion"):
        assert client.get(reverse(name, kwargs={"uuid": uuid.uuid4()})).status_code == 404, name


def test_issued_on_is_in_utc(in_org, alice, bob, hand_badge):
    from leerritme.recognition.openbadges import assertion_document

    award = badge_award(badge=hand_badge, person=alice, by=bob, when=timezone.now())
    assert assertion_document(award)["issuedOn"].endswith("Z")


# --- Views ----------------------------------------------------------------------------------------------------------


def test_ld_defines_a_badge_with_an_uploaded_image(in_org, login, alice, carol):
    assert login(alice).get(u("badge_new")).status_code == 403
    client = login(carol)
    response = client.post(u("badge_new"), {
        "name": "Schrijver", "description": "Schreef een artikel", "criteria": "Publiceer een artikel",
        "colour": "#123456", "rule_kind": "article_written", "rule_count": "1", "active": "on",
        "upload": SimpleUploadedFile("b.svg", SVG, content_type="image/svg+xml")})
    badge = Badge.objects.get()
    assert response.status_code == 302 and badge.image_type == "image/svg+xml" and badge.rule_count == 1


def test_bad_badge_input_shows_messages_and_stores_nothing(in_org, login, carol):
    client = login(carol)
    response = client.post(u("badge_new"), {"name": "X", "description": "d", "criteria": "c", "colour": "#123456",
                                            "rule_kind": "session_given", "rule_count": ""})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    response = client.post(u("badge_new"), {"name": "X", "description": "d", "criteria": "c", "colour": "#123456",
                                            "upload": SimpleUploadedFile("x.gif", b"GIF89a", content_type="image/gif")})
    assert response.status_code == 200 and "PNG or SVG" in response.content.decode()
    assert not Badge.objects.exists()


def test_a_lead_awards_to_their_team_only(in_org, login, alice, bob, erik, hand_badge):
    client = login(bob)
    response = client.post(u("badge_award", uuid=hand_badge.uuid), {"email": "erik@vonk.test"})
    assert response.status_code == 400 and not BadgeAward.objects.exists()
    response = client.post(u("badge_award", uuid=hand_badge.uuid), {"email": "alice@vonk.test"})
    assert response.status_code == 302 and BadgeAward.objects.get().person == alice
    assert login(alice).post(u("badge_award", uuid=hand_badge.uuid), {"email": "bob@vonk.test"}).status_code == 403
    response = login(bob).post(u("badge_award", uuid=hand_badge.uuid), {"email": "niemand@vonk.test"})
    assert response.status_code == 400 and "No colleague" in response.content.decode()


def test_my_page_shows_the_assertion_address_to_copy(in_org, login, alice, bob, erik, hand_badge):
    award = badge_award(badge=hand_badge, person=alice, by=bob)
    html = login(alice).get(u("mine")).content.decode()
    assert f"/badges/assertions/{award.uuid}.json" in html and "data-copy" in html
    login(alice).post(u("award_visibility", uuid=award.uuid), {"hidden": "1"})
    assert hand_badge.name not in login(erik).get(u("person", uuid=alice.uuid)).content.decode()
    assert hand_badge.name in login(alice).get(u("mine")).content.decode()
    assert login(erik).post(u("award_visibility", uuid=award.uuid), {"hidden": "0"}).status_code == 404


def test_only_ld_revokes(in_org, login, alice, bob, carol, hand_badge):
    award = badge_award(badge=hand_badge, person=alice, by=bob)
    assert login(bob).post(u("award_revoke", uuid=award.uuid), {"reason": "x"}).status_code == 403
    assert login(carol).post(u("award_revoke", uuid=award.uuid), {"reason": "Fout"}).status_code == 302
    award.refresh_from_db()
    assert award.is_revoked


def test_charlie_gets_404_on_badges_of_another_organisation(in_org, login, alice, bob, charlie, hand_badge):
    award = badge_award(badge=hand_badge, person=alice, by=bob)
    client = login(charlie)
    for url in (u("badge", uuid=hand_badge.uuid), u("badge_edit", uuid=hand_badge.uuid), u("badges")):
        assert client.get(url).status_code == 404
    assert client.post(u("award_revoke", uuid=award.uuid), {"reason": "x"}).status_code == 404
