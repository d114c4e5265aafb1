# The xAPI endpoint (/xapi/): HTTP basic with an organisation's client key and secret; 401 without.
from django.urls import path, re_path

from leerritme.xapi.views import lrs

app_name = "lrs"

# xAPI resources have no trailing slash (clients join the endpoint and the resource name); both are accepted.
urlpatterns = [
    re_path(r"^about/?$", lrs.about, name="about"),
    re_path(r"^statements/?$", lrs.statements, name="statements"),
    path("statements/more/<str:token>", lrs.statements_more, name="statements_more"),
    re_path(r"^activities/state/?$", lrs.state, name="state"),
    re_path(r"^activities/profile/?$", lrs.activity_profile, name="activity_profile"),
    re_path(r"^activities/?$", lrs.activities, name="activities"),
    re_path(r"^agents/profile/?$", lrs.agent_profile, name="agent_profile"),
    re_path(r"^agents/?$", lrs.agents, name="agents"),
]
