from django.urls import path

from leerritme.growth.views import budget, catalogue, plans, record, requests, team_plans

app_name = "growth"

urlpatterns = [
    path("", plans.index, name="index"),
    # Budget
    path("budget/", budget.my_budget, name="budget"),
    path("budget/reminders/", budget.nudges_toggle, name="nudges"),
    path("budget/people/<uuid:uuid>/", budget.person_budget, name="person_budget"),
    path("budget/people/<uuid:uuid>/adjust/", budget.budget_adjust, name="adjust"),
    path("budget/people/<uuid:uuid>/profile/", budget.profile_update, name="profile"),
    path("budget/teams/<uuid:uuid>/", budget.team_budget, name="team_budget"),
    path("budget/organisation/", budget.organisation_budget, name="organisation_budget"),
    path("budget/rules/", budget.rules, name="rules"),
    path("budget/rules/<uuid:uuid>/", budget.rule_edit, name="rule_edit"),
    # Catalogue
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/new/", catalogue.offer_form, name="offer_new"),
    path("catalogue/import/", catalogue.offer_import, name="offer_import"),
    path("catalogue/<uuid:uuid>/", catalogue.offer_detail, name="offer"),
    path("catalogue/<uuid:uuid>/edit/", catalogue.offer_form, name="offer_edit"),
    path("catalogue/<uuid:uuid>/request/", requests.request_new, name="request_new"),
    # Requests
    path("requests/", requests.request_list, name="requests"),
    path("requests/<uuid:uuid>/", requests.request_detail, name="request"),
    path("requests/<uuid:uuid>/decide/", requests.request_decide, name="request_decide"),
    path("requests/<uuid:uuid>/book/", requests.request_book, name="request_book"),
    path("requests/<uuid:uuid>/cancel/", requests.request_cancel, name="request_cancel"),
    path("requests/<uuid:uuid>/complete/", requests.request_complete, name="request_complete"),
    path("requests/<uuid:uuid>/look-back/", requests.request_look_back, name="request_look_back"),
    path("requests/<uuid:uuid>/evidence/", requests.request_evidence, name="request_evidence"),
    # Development plan
    path("plan/", plans.plan_page, name="plan"),
    path("plan/<uuid:uuid>/", plans.plan_page, name="plan_year"),
    path("plan/<uuid:uuid>/edit/", plans.plan_edit, name="plan_edit"),
    path("plan/<uuid:uuid>/goals/", plans.goal_edit, name="goal_add"),
    path("plan/<uuid:uuid>/goals/<uuid:goal>/", plans.goal_edit, name="goal_edit"),
    path("plan/<uuid:uuid>/actions/", plans.action_add, name="action_add"),
    path("plan/<uuid:uuid>/actions/<uuid:action>/toggle/", plans.action_toggle, name="action_toggle"),
    path("plan/<uuid:uuid>/reviews/", plans.review_add, name="review_add"),
    path("plan/<uuid:uuid>/reviews/held/", plans.review_held, name="review_held"),
    path("plan/<uuid:uuid>/notes/", plans.note_add, name="note_add"),
    path("plans/teams/<uuid:uuid>/", plans.team_plans, name="team_plans"),
    # Team learning plans
    path("teams/<uuid:uuid>/plan/", team_plans.team_plan, name="team_plan"),
    path("teams/<uuid:uuid>/plan/<int:year>/", team_plans.team_plan, name="team_plan_year"),
    path("teams/<uuid:uuid>/plan/start/", team_plans.team_plan_start, name="team_plan_start"),
    path("teams/<uuid:uuid>/plan/ambition/", team_plans.team_plan_edit, name="team_plan_edit"),
    path("teams/<uuid:uuid>/plan/focus/", team_plans.focus_add, name="team_plan_focus_add"),
    path("teams/<uuid:uuid>/plan/focus/<uuid:focus>/", team_plans.focus_edit, name="team_plan_focus_edit"),
    path("teams/<uuid:uuid>/plan/focus/<uuid:focus>/remove/", team_plans.focus_remove, name="team_plan_focus_remove"),
    path("team-plans/", team_plans.team_plans_overview, name="team_plans_overview"),
    # Learning time
    path("time/", plans.learning_time, name="time"),
    path("time/blocks/<uuid:uuid>/stop/", plans.block_stop, name="block_stop"),
    path("time/teams/<uuid:uuid>/", plans.team_time, name="team_time"),
    path("time/organisation/", plans.organisation_time, name="organisation_time"),
    # Micro-learning paths
    path("paths/", plans.path_list, name="paths"),
    path("paths/new/", plans.path_form, name="path_new"),
    path("paths/<uuid:uuid>/", plans.path_detail, name="path"),
    path("paths/<uuid:uuid>/edit/", plans.path_form, name="path_edit"),
    path("paths/<uuid:uuid>/steps/", plans.step_add, name="step_add"),
    path("paths/<uuid:uuid>/follow/", plans.path_follow, name="path_follow"),
    path("paths/<uuid:uuid>/steps/<uuid:step>/done/", plans.step_done, name="step_done"),
    # Learning record
    path("record/", record.record, name="record"),
    path("record/export.csv", record.record_csv, name="record_csv"),
    path("record/export.pdf", record.record_pdf, name="record_pdf"),
    path("record/<uuid:uuid>/", record.record, name="person_record"),
    path("record/<uuid:uuid>/export.csv", record.record_csv, name="person_record_csv"),
    path("record/<uuid:uuid>/export.pdf", record.record_pdf, name="person_record_pdf"),
]
