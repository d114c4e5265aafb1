from django.urls import path

from leerritme.recognition.views import badges, challenges, settings, wall

app_name = "recognition"

urlpatterns = [
    path("", wall.wall, name="wall"),
    path("teams/<uuid:uuid>/", wall.team_wall, name="team_wall"),
    path("kudos/new/", wall.kudos_new, name="kudos_new"),
    path("kudos/<uuid:uuid>/", wall.kudos_detail, name="kudos"),
    path("kudos/<uuid:uuid>/hide/", wall.kudos_hide, name="kudos_hide"),
    path("cards/<uuid:uuid>/hide/", wall.celebration_hide, name="celebration_hide"),
    path("cards/<uuid:uuid>/congratulate/", wall.congratulate, name="congratulate"),
    path("me/", wall.person_page, name="mine"),
    path("people/<uuid:uuid>/", wall.person_page, name="person"),
    # Badges
    path("badges/", badges.badge_list, name="badges"),
    path("badges/new/", badges.badge_form, name="badge_new"),
    path("badges/<uuid:uuid>/", badges.badge_detail, name="badge"),
    path("badges/<uuid:uuid>/edit/", badges.badge_form, name="badge_edit"),
    path("badges/<uuid:uuid>/award/", badges.badge_award, name="badge_award"),
    path("badges/<uuid:uuid>/apply-rule/", badges.badge_apply_rule, name="badge_apply_rule"),
    path("awards/<uuid:uuid>/revoke/", badges.award_revoke, name="award_revoke"),
    path("awards/<uuid:uuid>/visibility/", badges.award_visibility, name="award_visibility"),
    # Challenges
    path("challenges/", challenges.challenge_list, name="challenges"),
    path("challenges/new/", challenges.challenge_form, name="challenge_new"),
    path("challenges/<uuid:uuid>/", challenges.challenge_detail, name="challenge"),
    path("challenges/<uuid:uuid>/edit/", challenges.challenge_form, name="challenge_edit"),
    path("challenges/<uuid:uuid>/join/", challenges.challenge_join, name="challenge_join"),
    path("challenges/<uuid:uuid>/leave/", challenges.challenge_leave, name="challenge_leave"),
    path("challenges/<uuid:uuid>/check-in/", challenges.challenge_check_in, name="challenge_check_in"),
    # Settings (L&D)
    path("settings/", settings.recognition_settings, name="settings"),
    path("settings/test/", settings.webhook_test, name="webhook_test"),
]
