from django.urls import path

from leerritme.matching.views import coaching, programmes, together

app_name = "matching"

urlpatterns = [
    path("", together.home, name="home"),
    path("people/<uuid:uuid>/", together.person_page, name="person"),
    path("overview/", together.overview, name="overview"),
    path("buddies/<uuid:uuid>/", together.buddy, name="buddy"),
    # Duos, circles and virtual coffee.
    path("programmes/new/", programmes.programme_new, name="programme_new"),
    path("programmes/<uuid:uuid>/", programmes.programme_detail, name="programme"),
    path("programmes/<uuid:uuid>/round/", programmes.programme_round, name="programme_round"),
    path("rounds/forming/<uuid:uuid>/", programmes.round_job, name="round_job"),
    path("programmes/<uuid:uuid>/skip/", programmes.programme_skip, name="programme_skip"),
    path("programmes/<uuid:uuid>/join/", programmes.programme_join, name="programme_join"),
    path("programmes/<uuid:uuid>/stop/", programmes.programme_stop_view, name="programme_stop"),
    path("groups/<uuid:uuid>/", programmes.group_detail, name="group"),
    # Coaching and mentoring.
    path("coaching/", coaching.coaching, name="coaching"),
    path("coaching/ask/", coaching.request_new, name="request_new"),
    path("coaching/requests/<uuid:uuid>/withdraw/", coaching.request_withdraw, name="request_withdraw"),
    path("coaching/offer/", coaching.offer_edit, name="offer"),
    path("coaching/runs/new/", coaching.run_new, name="run_new"),
    path("coaching/runs/<uuid:uuid>/", coaching.run_detail, name="run"),
    path("coaching/matches/<uuid:uuid>/", coaching.match_detail, name="match"),
]
