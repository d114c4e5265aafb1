from django.urls import path

from leerritme.practices.views import catalogue, feeds, rhythm, way

app_name = "practices"

urlpatterns = [
    # The catalogue (everyone reads; L&D admins add and adapt).
    path("practices/", catalogue.practice_list, name="list"),
    path("practices/<uuid:uuid>/", catalogue.practice_detail, name="detail"),
    # The organisation's way of learning and adoptions.
    path("way-of-learning/", way.way_of_learning, name="way"),
    # Rhythms and occurrences.
    path("teams/<uuid:uuid>/rhythm/", rhythm.team_rhythm, name="team_rhythm"),
    path("occurrences/<uuid:uuid>/", rhythm.occurrence_detail, name="occurrence"),
    # Calendar feeds (managing them; the feeds themselves are public, by secret token).
    path("calendar/", feeds.my_feeds, name="feeds"),
]
