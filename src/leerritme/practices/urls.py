from django.urls import path

from leerritme.practices.views import catalogue, feeds, rhythm, way

app_name = "practices"

urlpatterns = [
    # The catalogue (everyone reads; L&D admins add and adapt).
    path("practices/", catalogue.practice_list, name="list"),
    path("practices/<uuid:uuid>/", catalogue.practice_detail, name="detail"),
    path("practices/new/", catalogue.practice_create_view, name="create"),
    path("practices/<uuid:uuid>/edit/", catalogue.practice_edit, name="edit"),
    path("practices/<uuid:uuid>/restore/", catalogue.practice_restore_view, name="restore"),
    path("practices/<uuid:uuid>/visibility/", catalogue.practice_visibility, name="visibility"),
    # The organisation's way of learning and adoptions.
    path("way-of-learning/", way.way_of_learning, name="way"),
    path("way-of-learning/vision/", way.vision_edit, name="vision_edit"),
    path("practices/<uuid:uuid>/adopt/", way.adopt, name="adopt"),
    path("practices/<uuid:uuid>/propose/", way.propose, name="propose"),
    path("adoptions/<uuid:uuid>/proposal/", way.proposal, name="proposal"),
    path("adoptions/<uuid:uuid>/edit/", way.adoption_edit, name="adoption_edit"),
    path("adoptions/<uuid:uuid>/stop/", way.adoption_stop_view, name="adoption_stop"),
    # Rhythms and occurrences.
    path("teams/<uuid:uuid>/rhythm/", rhythm.team_rhythm, name="team_rhythm"),
    path("occurrences/<uuid:uuid>/", rhythm.occurrence_detail, name="occurrence"),
    path("adoptions/<uuid:uuid>/rhythm/", rhythm.rhythm_edit, name="rhythm_edit"),
    path("occurrences/<uuid:uuid>/held/", rhythm.occurrence_held, name="occurrence_held"),
    path("occurrences/<uuid:uuid>/skip/", rhythm.occurrence_skip, name="occurrence_skip"),
    path("occurrences/<uuid:uuid>/move/", rhythm.occurrence_move, name="occurrence_move"),
    path("occurrences/<uuid:uuid>/restore/", rhythm.occurrence_restore, name="occurrence_restore"),
    # Calendar feeds (managing them; the feeds themselves are public, by secret token).
    path("calendar/", feeds.my_feeds, name="feeds"),
    path("calendar/new/", feeds.feed_create, name="feed_create"),
    path("calendar/<uuid:uuid>/replace/", feeds.feed_replace, name="feed_replace"),
    path("calendar/<uuid:uuid>/revoke/", feeds.feed_revoke, name="feed_revoke"),
    path("occurrences/<uuid:uuid>/ics/", feeds.occurrence_ics, name="occurrence_ics"),
]
