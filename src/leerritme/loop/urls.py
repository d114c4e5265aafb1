from django.urls import path

from leerritme.loop.views import experiments, ideas, lessons, overview, timeline

app_name = "loop"

urlpatterns = [
    path("", overview.index, name="index"),
    path("teams/<uuid:uuid>/", overview.team, name="team"),
    path("teams/<uuid:uuid>/ideas/", ideas.idea_box, name="ideas"),
    path("teams/<uuid:uuid>/timeline/", timeline.team_timeline, name="team_timeline"),
    path("timeline/", timeline.organisation_timeline, name="timeline"),
    path("experiments/new/", experiments.experiment_create, name="experiment_create"),
    path("experiments/<uuid:uuid>/", experiments.experiment_detail, name="experiment"),
    path("experiments/<uuid:uuid>/edit/", experiments.experiment_edit, name="experiment_edit"),
    path("experiments/<uuid:uuid>/move/", experiments.experiment_move, name="experiment_move"),
    path("experiments/<uuid:uuid>/evaluate/", experiments.experiment_evaluate, name="experiment_evaluate"),
    path("lessons/", lessons.lesson_list, name="lessons"),
    path("lessons/new/", lessons.lesson_create, name="lesson_create"),
    path("lessons/<uuid:uuid>/", lessons.lesson_detail, name="lesson"),
    path("lessons/<uuid:uuid>/edit/", lessons.lesson_edit, name="lesson_edit"),
    path("lessons/<uuid:uuid>/delete/", lessons.lesson_delete, name="lesson_delete"),
    path("lessons/<uuid:uuid>/react/", lessons.lesson_react, name="lesson_react"),
    path("lessons/<uuid:uuid>/promote/", lessons.lesson_promote, name="lesson_promote"),
    path("lessons/<uuid:uuid>/month/", lessons.lesson_month, name="lesson_month"),
    path("lessons/<uuid:uuid>/consent/", lessons.lesson_consent, name="lesson_consent"),
    path("ideas/<uuid:uuid>/", ideas.idea_detail, name="idea"),
    path("ideas/<uuid:uuid>/vote/", ideas.idea_vote, name="idea_vote"),
    path("ideas/<uuid:uuid>/decide/", ideas.idea_decide, name="idea_decide"),
]
