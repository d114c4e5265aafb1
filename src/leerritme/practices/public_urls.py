from django.urls import path

from leerritme.practices.views import feeds

urlpatterns = [
    path("calendar/<str:token>.ics", feeds.feed, name="calendar_feed"),
]
