"""The article pages: reading, writing with a live preview, history and restore, files and feedback."""


from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from leerritme.knowledge.models import Article, ArticleVisibility, Attachment
from leerritme.knowledge.tests import helpers
from leerritme.knowledge.tests.helpers import article, url

pytestmark = pytest.mark.django_db
english = helpers.english

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path


def test_a_colleague_writes_and_publishes_an_article(org, alice, login):
    skill = helpers.skill(org)
    response = login(alice).post(url("article_create", org=org), {
        "title": "Zo maak je een offerte", "body": "# Stappen\n\n1. Bel de klant", "visibility": "organisation",
        "skills": [skill.pk], "review_interval_days": 180, "publish": "1",
    })
    with scope(organisation=org):
        written = Article.objects.get()
        assert list(written.skills.all()) == [skill]
    assert response.status_code == 302 and response.url == url("article", written)
    assert written.is_published
    assert "<h1>Stappen</h1>" in written.body_html


def test_the_form_says_what_is_wrong(org, alice, english):
    response = english(alice).post(url("article_create", org=org), {"title": "", "visibility": "organisation",
                                                                    "review_interval_days": 180})
    assert response.status_code == 200
    assert b"is-invalid" in response.content
    with scope(organisation=org):
        assert not Article.objects.exists()


def test_the_live_preview_renders_sanitised_markdown(org, alice, login):
    response = login(alice).post(url("article_preview", org=org), {"body": "**vet** <script>alert(1)</script>"},
                                 HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<strong>vet</strong>" in response.content
    assert b"<script>" not in response.content


XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![a](javascript:alert(1))",
    '![x](https://x.test/a.png "t\\" onerror=\\"alert(1))',
    "<svg/onload=alert(1)>",
    "<iframe src=https://evil.test></iframe>",
    "<a href=\"https://x.test\" onclick=\"alert(1)\">x</a>",
    "<style>body{display:none}</style>",
    "<details open ontoggle=alert(1)>",
    "[a](vbscript:msgbox(1))",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "`<script>` in code is text",
]


class _Dangers(HTMLParser):
    """Collects what a browser would run: script-like elements, event handlers, script URLs."""

    BAD_TAGS = {"script", "iframe", "style", "svg", "math", "object", "embed", "details", "base", "link"}
    BAD_SCHEMES = ("javascript:", "vbscript:", "data:")

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BAD_TAGS:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(name)
            if name in ("href", "src", "xlink:href") and (value or "").strip().lower().startswith(self.BAD_SCHEMES):
                self.found.append(f"{name}={value}")


def dangers(html: str) -> list[str]:
    parser = _Dangers()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", XSS)
def test_xss_in_markdown_and_title_is_neutralised_on_the_page(org, alice, bob, login, payload):
    written = article(alice, title=f"Titel {payload}"[:200], body=f"Tekst\n\n{payload}\n")
    page = login(bob).get(url("article", written)).content.decode()
    start, end = page.index('<main id="main"'), page.index("</main>")
    assert dangers(page[start:end]) == []
    assert dangers(written.body_html) == []


@pytest.mark.parametrize("payload", XSS)
def test_xss_in_the_live_preview_is_neutralised(org, alice, login, payload):
    response = login(alice).post(url("article_preview", org=org), {"body": payload}, HTTP_HX_REQUEST="true")
    assert dangers(response.content.decode()) == []


def test_xss_in_a_file_name_is_neutralised(org, alice, login, media):
    written = article(alice)
    upload = SimpleUploadedFile('<img src=x onerror=alert(1)>".png', PNG, content_type="image/png")
    login(alice).post(url("attachment_upload", written), {"file": upload})
    with scope(organisation=org):
        attachment = Attachment.objects.get()
    assert "<" not in attachment.name and '"' not in attachment.name
    page = login(alice).get(url("article", written)).content.decode()
    assert "<img src=x onerror" not in page


def test_an_image_is_accepted_by_its_content_and_served_to_readers_only(org, alice, bob, charlie, login, media, team):
    written = article(alice, visibility=ArticleVisibility.TEAM, team=team)
    login(alice).post(url("attachment_upload", written), {"file": SimpleUploadedFile("schema.png", PNG)})
    with scope(organisation=org):
        attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png" and attachment.is_image
    response = login(bob).get(url("attachment", attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG
    assert login(charlie).get(url("attachment", attachment)).status_code == 404


def test_a_reader_outside_the_team_cannot_fetch_its_files(org, alice, carol, login, media, team):
    written = article(alice, visibility=ArticleVisibility.TEAM, team=team)
    login(alice).post(url("attachment_upload", written), {"file": SimpleUploadedFile("schema.png", PNG)})
    with scope(organisation=org):
        attachment = Attachment.objects.get()
    assert login(carol).get(url("attachment", attachment)).status_code == 404


@pytest.mark.parametrize(("name", "content"), [
    ("foto.png", b"<html><script>alert(1)</script></html>"),  # a page wearing an image's name
    ("tekening.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ("programma.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
    ("archief.zip", b"PK\x03\x04\x14\x00\x00\x00"),
])
def test_disallowed_files_are_refused_with_a_message(org, alice, english, media, name, content):
    written = article(alice)
    response = english(alice).post(url("attachment_upload", written), {"file": SimpleUploadedFile(name, content)},
                                   follow=True)
    assert b"This kind of file is not accepted" in response.content
    with scopes_disabled():
        assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused(org, alice, english, media, settings):
    written = article(alice)
    big = SimpleUploadedFile("groot.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1))
    response = english(alice).post(url("attachment_upload", written), {"file": big}, follow=True)
    assert b"too large" in response.content
    with scopes_disabled():
        assert not Attachment.objects.exists()


def test_an_oversized_image_is_refused(org, alice, english, media):
    written = article(alice)
    big = SimpleUploadedFile("groot.png", PNG + b"\x00" * (5 * 1024 * 1024))
    response = english(alice).post(url("attachment_upload", written), {"file": big}, follow=True)
    assert b"The image is too large" in response.content


def test_a_pdf_is_downloaded_not_shown(org, alice, login, media):
    written = article(alice)
    login(alice).post(url("attachment_upload", written),
                      {"file": SimpleUploadedFile("handleiding.pdf", b"%PDF-1.4\n%%EOF")})
    with scope(organisation=org):
        attachment = Attachment.objects.get()
    response = login(alice).get(url("attachment", attachment))
    assert response["Content-Disposition"].startswith("attachment")


def test_a_draft_is_404_for_everyone_but_its_authors(org, alice, bob, carol, login):
    draft = article(alice, publish=False, co_authors=[bob])
    assert login(alice).get(url("article", draft)).status_code == 200
    assert login(bob).get(url("article", draft)).status_code == 200
    assert login(carol).get(url("article", draft)).status_code == 404


def test_a_team_article_is_404_outside_the_team(org, alice, bob, carol, login, team):
    written = article(alice, visibility=ArticleVisibility.TEAM, team=team)
    assert login(bob).get(url("article", written)).status_code == 200
    assert login(carol).get(url("article", written)).status_code == 404


def test_charlie_gets_404_everywhere(org, alice, charlie, login, media):
    written = article(alice)
    client = login(charlie)
    for name in ("article", "article_edit", "article_history", "article_diff", "article_delete"):
        assert client.get(url(name, written)).status_code == 404, name
    for name in ("article_publish", "article_reviewed", "article_feedback", "attachment_upload"):
        assert client.post(url(name, written)).status_code == 404, name
    assert client.get(url("articles", org=org)).status_code == 404
    assert client.post(url("article_restore", written, number=1)).status_code == 404


def test_only_authors_edit_and_readers_get_403(org, alice, bob, login):
    written = article(alice)
    assert login(bob).get(url("article_edit", written)).status_code == 403
    assert login(bob).post(url("article_publish", written)).status_code == 403
    assert login(bob).get(url("article_history", written)).status_code == 403
    assert login(alice).get(url("article_edit", written)).status_code == 200


def test_history_diff_and_restore(org, alice, login):
    from leerritme.knowledge.services.articles import ArticleInput, article_update

    written = article(alice, body="regel een\nregel twee")
    with scope(organisation=org):
        article_update(article=written, by=alice, values=ArticleInput(title="Nieuwe titel", body="regel een\nregel 2"))
    client = login(alice)
    assert client.get(url("article_history", written)).status_code == 200
    diff = client.get(url("article_diff", written) + "?from=1&to=2").content.decode()
    assert "- regel twee" in diff and "+ regel 2" in diff and "Nieuwe titel" in diff
    assert client.get(url("article_diff", written) + "?from=1&to=9").status_code == 404
    response = client.post(url("article_restore", written, number=1))
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.title == "Zo maak je een offerte" and written.body == "regel een\nregel twee"


def test_helpful_feedback_is_seen_by_the_author_only(org, alice, bob, carol, login):
    written = article(alice)
    response = login(bob).post(url("article_feedback", written), {"helpful": "no", "comment": "Mist de btw-regels"},
                               HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'id="feedback-summary"' not in response.content  # the reader sees their own answer, not the summary
    author_page = login(alice).get(url("article", written)).content.decode()
    summary = author_page[author_page.index('id="feedback-summary"'):]
    assert "Mist de btw-regels" in summary
    assert b'id="feedback-summary"' not in login(carol).get(url("article", written)).content


def test_owner_and_ld_admin_delete_others_do_not(org, alice, bob, carol, login):
    written = article(alice)
    assert login(bob).post(url("article_delete", written)).status_code == 403
    assert login(carol).post(url("article_delete", written)).status_code == 302
    with scope(organisation=org):
        assert not Article.objects.exists()


def test_the_list_has_a_constant_number_of_queries(org, alice, bob, login, django_assert_max_num_queries):
    skill = helpers.skill(org)
    for number in range(3):
        article(alice, title=f"Artikel {number}", skills=[skill])
    client = login(bob)
    client.get(url("articles", org=org))
    with django_assert_max_num_queries(12) as few:
        client.get(url("articles", org=org))
    for number in range(3, 12):
        article(alice, title=f"Artikel {number}", skills=[skill])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("articles", org=org))
    assert response.content.count(b"Artikel ") >= 12


def test_the_article_page_has_a_constant_number_of_queries(org, alice, bob, login, django_assert_max_num_queries,
                                                            media):
    written = article(alice, skills=[helpers.skill(org, "A"), helpers.skill(org, "B")], co_authors=[bob])
    for number in range(4):
        login(alice).post(url("attachment_upload", written),
                          {"file": SimpleUploadedFile(f"f{number}.png", PNG)})
    client = login(alice)
    with django_assert_max_num_queries(20):
        assert client.get(url("article", written)).status_code == 200


def test_turning_an_answer_into_an_article_prefills_it_and_credits_the_answerer(org, alice, bob, login):
    from leerritme.knowledge.services.questions import answer_add

    asked = helpers.question(alice, title="Hoe ontlucht ik een radiator?")
    with scope(organisation=org):
        answer = answer_add(question=asked, author=bob, body="Draai het ventiel open met een sleutel.")
    client = login(alice)
    form_url = url("article_create", org=org) + f"?from_answer={answer.uuid}"
    page = client.get(form_url).content.decode()
    assert "Hoe ontlucht ik een radiator?" in page and "Draai het ventiel open" in page
    client.post(form_url, {"title": "Radiator ontluchten", "body": answer.body, "visibility": "organisation",
                           "review_interval_days": 180, "publish": "1"})
    with scope(organisation=org):
        made = Article.objects.get()
        assert list(made.co_authors.all()) == [bob]
        assert made.from_answer_id == answer.pk


