from django.urls import path

from leerritme.knowledge.views import articles, communities, experts, questions, search, sessions

app_name = "knowledge"

urlpatterns = [
    # The one search (also the knowledge part's start page).
    path("", search.search, name="search"),
    # Articles: instructions, how-tos and briefing notes.
    path("articles/", articles.article_list, name="articles"),
    path("articles/new/", articles.article_create, name="article_create"),
    path("articles/preview/", articles.article_preview, name="article_preview"),
    path("articles/<uuid:uuid>/", articles.article_detail, name="article"),
    path("articles/<uuid:uuid>/edit/", articles.article_edit, name="article_edit"),
    path("articles/<uuid:uuid>/publish/", articles.article_publish, name="article_publish"),
    path("articles/<uuid:uuid>/reviewed/", articles.article_reviewed, name="article_reviewed"),
    path("articles/<uuid:uuid>/delete/", articles.article_delete, name="article_delete"),
    path("articles/<uuid:uuid>/history/", articles.article_history, name="article_history"),
    path("articles/<uuid:uuid>/diff/", articles.article_diff, name="article_diff"),
    path("articles/<uuid:uuid>/versions/<int:number>/restore/", articles.article_restore, name="article_restore"),
    path("articles/<uuid:uuid>/feedback/", articles.article_feedback, name="article_feedback"),
    path("articles/<uuid:uuid>/files/", articles.attachment_upload, name="attachment_upload"),
    path("files/<uuid:uuid>/", articles.attachment_file, name="attachment"),
    path("files/<uuid:uuid>/delete/", articles.attachment_delete, name="attachment_delete"),
    # Questions and answers.
    path("questions/", questions.question_list, name="questions"),
    path("questions/new/", questions.question_create, name="question_create"),
    path("questions/<uuid:uuid>/", questions.question_detail, name="question"),
    path("questions/<uuid:uuid>/answer/", questions.answer_create, name="answer_create"),
    path("questions/<uuid:uuid>/edit/", questions.question_edit, name="question_edit"),
    path("questions/<uuid:uuid>/history/", questions.question_history, name="question_history"),
    path("questions/<uuid:uuid>/remove/", questions.question_remove, name="question_remove"),
    path("answers/<uuid:uuid>/edit/", questions.answer_edit, name="answer_edit"),
    path("answers/<uuid:uuid>/history/", questions.answer_history, name="answer_history"),
    path("answers/<uuid:uuid>/remove/", questions.answer_remove, name="answer_remove"),
    path("answers/<uuid:uuid>/vote/", questions.answer_vote, name="answer_vote"),
    path("answers/<uuid:uuid>/accept/", questions.answer_accept, name="answer_accept"),
    # Who knows what.
    path("experts/", experts.experts, name="experts"),
    # Knowledge sessions and series.
    path("sessions/", sessions.session_list, name="sessions"),
    path("sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<uuid:uuid>/", sessions.session_detail, name="session"),
    path("sessions/<uuid:uuid>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<uuid:uuid>/signup/", sessions.session_signup, name="session_signup"),
    path("sessions/<uuid:uuid>/cancel/", sessions.session_cancel, name="session_cancel"),
    path("sessions/<uuid:uuid>/attendance/", sessions.session_attendance, name="session_attendance"),
    path("sessions/<uuid:uuid>/notes/", sessions.session_notes, name="session_notes"),
    path("sessions/<uuid:uuid>/materials/", sessions.session_material, name="session_material"),
    path("sessions/<uuid:uuid>/feedback/", sessions.session_feedback, name="session_feedback"),
    path("sessions/<uuid:uuid>/ics/", sessions.session_ics, name="session_ics"),
    path("sessions/<uuid:uuid>/claim/", sessions.session_claim, name="session_claim"),
    path("sessions/<uuid:uuid>/speaker/", sessions.session_speaker, name="session_speaker"),
    path("materials/<uuid:uuid>/", sessions.material_file, name="material"),
    path("series/new/", sessions.series_create, name="series_create"),
    path("series/<uuid:uuid>/", sessions.series_detail, name="series"),
    path("series/<uuid:uuid>/edit/", sessions.series_edit, name="series_edit"),
    path("series/<uuid:uuid>/end/", sessions.series_end, name="series_end"),
    # Choosing colleagues by name or e-mail address (co-authors, speakers, invitations).
    path("people/pick/", sessions.people_pick, name="people_pick"),
    # Communities of practice.
    path("communities/", communities.community_list, name="communities"),
    path("communities/new/", communities.community_create, name="community_create"),
    path("communities/<uuid:uuid>/", communities.community_detail, name="community"),
    path("communities/<uuid:uuid>/edit/", communities.community_edit, name="community_edit"),
    path("communities/<uuid:uuid>/membership/", communities.community_membership, name="community_membership"),
    path("communities/<uuid:uuid>/invite/", communities.community_invite, name="community_invite"),
    path("communities/<uuid:uuid>/members/<uuid:person>/moderator/", communities.community_moderator,
         name="community_moderator"),
]
