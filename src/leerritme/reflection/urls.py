from django.urls import path

from leerritme.reflection.views import actions as action_views
from leerritme.reflection.views import board as board_views
from leerritme.reflection.views import summary as summary_views
from leerritme.reflection.views import team as team_views
from leerritme.reflection.views import templates as template_views
from leerritme.reflection.views import trends as trend_views

app_name = "reflection"

urlpatterns: list = [
    # The live board (BOARD): start a session, the board, its plain-form operations.
    path("teams/<uuid:uuid>/start/", board_views.session_start_view, name="start"),
    path("occurrences/<uuid:uuid>/start/", board_views.session_start_from_occurrence, name="start_occurrence"),
    path("sessions/<uuid:uuid>/", board_views.board, name="board"),
    path("sessions/<uuid:uuid>/do/", board_views.board_do, name="board_do"),
    # --- AROUND: everything around the board (team page, actions, templates, summaries, trends) ---
    path("", team_views.index, name="index"),
    path("teams/<uuid:uuid>/", team_views.team, name="team"),
    path("teams/<uuid:uuid>/actions/", action_views.team_actions, name="team_actions"),
    path("teams/<uuid:uuid>/templates/", template_views.team_templates, name="team_templates"),
    path("teams/<uuid:uuid>/templates/new/", template_views.template_create, name="team_template_create"),
    path("templates/", template_views.organisation_templates, name="templates"),
    path("templates/new/", template_views.template_create, name="template_create"),
    path("templates/<uuid:uuid>/", template_views.template_edit, name="template_edit"),
    path("templates/<uuid:uuid>/archive/", template_views.template_archive, name="template_archive"),
    path("actions/", action_views.my_actions, name="my_actions"),
    path("actions/<uuid:uuid>/", action_views.action_edit, name="action_edit"),
    path("actions/<uuid:uuid>/status/", action_views.action_status, name="action_status"),
    path("summary/<uuid:uuid>/", summary_views.summary, name="summary"),
    path("summary/<uuid:uuid>/markdown/", summary_views.summary_markdown, name="summary_markdown"),
    path("summary/<uuid:uuid>/pdf/", summary_views.summary_pdf, name="summary_pdf"),
    path("summary/<uuid:uuid>/email/", summary_views.summary_email, name="summary_email"),
    path("trends/", trend_views.trends, name="trends"),
    # --- end of AROUND ---
]
