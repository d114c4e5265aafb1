# Open Badges 2.0 hosted verification: assertions, badge classes, issuers and images at stable public URLs.
# Every URL name here starts with "openbadges_" (tests/test_url_walk.py lists them as public).
from django.urls import path

from leerritme.recognition.views import public

urlpatterns = [
    path("badges/issuers/<uuid:uuid>.json", public.issuer, name="openbadges_issuer"),
    path("badges/issuers/<uuid:uuid>/revocations.json", public.revocations, name="openbadges_revocations"),
    path("badges/classes/<uuid:uuid>.json", public.badge, name="openbadges_badge"),
    path("badges/classes/<uuid:uuid>/image", public.badge_image, name="openbadges_badge_image"),
    path("badges/assertions/<uuid:uuid>.json", public.assertion, name="openbadges_assertion"),
]
