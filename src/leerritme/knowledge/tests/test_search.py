"""The one search: stemming in Dutch and English, ranking, snippets, visibility, tenancy, and the page."""

import pytest
from django_scopes import scope

from conftest import make_person
from leerritme.knowledge.models import ArticleVisibility, SearchEntry
from leerritme.knowledge.search import search
from leerritme.knowledge.search.text import highlight, stemmed, typo_words
from leerritme.knowledge.services.articles import ArticleInput, article_update
from leerritme.knowledge.tests import helpers
from leerritme.knowledge.tests.helpers import article, url

pytestmark = pytest.mark.django_db
english = helpers.english


def titles(person, q, **kwargs):
    with scope(organisation=person.organisation):
        return [hit.title for hit in search(person, q, **kwargs).hits]


def test_stemming_joins_plural_and_singular_in_dutch_and_english():
    assert stemmed("offertes") == stemmed("offerte")
    assert stemmed("installations") .split()[-1] == stemmed("installation").split()[-1]


def test_offertes_finds_offerte(org, alice, bob):
    article(alice, title="Zo maak je een offerte", body="Begin bij de wens van de klant.")
    article(alice, title="Veilig werken op hoogte", body="Gebruik altijd een harnas.")
    assert titles(bob, "offertes") == ["Zo maak je een offerte"]
    assert titles(bob, "offerte") == ["Zo maak je een offerte"]


def test_results_appear_while_typing(org, alice, bob):
    article(alice, title="Warmtepomp inregelen", body="Stel de stooklijn in.")
    assert titles(bob, "warmtep") == ["Warmtepomp inregelen"]


def test_every_word_must_match(org, alice, bob):
    article(alice, title="Offerte voor een warmtepomp")
    article(alice, title="Offerte voor zonnepanelen")
    assert titles(bob, "offerte zonnepanelen") == ["Offerte voor zonnepanelen"]


def test_a_title_match_ranks_above_a_text_match(org, alice, bob):
    article(alice, title="Over de klant", body="Soms vraagt een klant om een offerte.")
    article(alice, title="De offerte", body="Alles over de klant.")
    assert titles(bob, "offerte") == ["De offerte", "Over de klant"]


def test_snippets_highlight_the_matching_words_and_escape_the_rest():
    html = highlight("Een <b>offerte</b> maken & versturen", "offertes")
    assert "<mark>offerte</mark>" in html
    assert "&lt;b&gt;" in html and "&amp;" in html


def test_it_finds_questions_sessions_and_communities_too(org, alice, bob):
    helpers.question(alice, title="Wie weet hoe een offerte voor een VvE werkt?")
    helpers.session(alice, title="Lunch & learn: de perfecte offerte")
    helpers.community(alice, name="Verkoop en offertes", purpose="Samen betere offertes schrijven.")
    with scope(organisation=org):
        kinds = {hit.kind for hit in search(bob, "offerte").hits}
    assert kinds == {"question", "session", "community"}
    assert titles(bob, "offerte", kind="session") == ["Lunch & learn: de perfecte offerte"]


def test_answers_make_their_question_findable(org, alice, bob):
    from leerritme.knowledge.services.questions import answer_add

    asked = helpers.question(alice, title="Hoe ontlucht ik dit?")
    with scope(organisation=org):
        answer_add(question=asked, author=bob, body="Met een radiatorsleutel.")
    assert titles(alice, "radiatorsleutel") == ["Hoe ontlucht ik dit?"]


def test_people_by_skill_with_the_reason(org, alice, bob, carol):
    found = helpers.skill(org, "Offertes maken")
    helpers.give_skill(bob, found, level=4, can_teach=True)
    helpers.give_skill(carol, found, level=1, can_teach=False)  # a beginner who cannot teach is not an expert
    with scope(organisation=org):
        people = search(alice, "offerte").people
    assert [hit.person for hit in people] == [bob]
    assert "Offertes maken" in people[0].reasons[0]


def test_drafts_and_other_teams_articles_are_never_found(org, alice, bob, carol, team):
    article(alice, title="Offerte concept", publish=False)
    article(alice, title="Offerte voor het team", visibility=ArticleVisibility.TEAM, team=team)
    assert titles(bob, "offerte") == ["Offerte voor het team"]
    assert titles(carol, "offerte") == []


def test_unpublishing_or_changing_visibility_updates_the_search(org, alice, carol, team):
    written = article(alice, title="Offerte")
    assert titles(carol, "offerte") == ["Offerte"]
    with scope(organisation=org):
        article_update(article=written, by=alice, values=ArticleInput(
            title="Offerte", body=written.body, visibility=ArticleVisibility.TEAM, team=team))
    assert titles(carol, "offerte") == []


def test_another_organisation_finds_nothing(org, other_org, alice):
    article(alice, title="Zo maak je een offerte")
    stranger = make_person(other_org, "s@anders.test", "Stranger")
    article(stranger, title="Onze eigen offerte")
    assert titles(stranger, "offerte") == ["Onze eigen offerte"]


def test_deleting_an_article_removes_it_from_the_search(org, alice, bob):
    from leerritme.knowledge.services.articles import article_delete

    written = article(alice, title="Offerte")
    with scope(organisation=org):
        article_delete(article=written, by=alice)
        assert not SearchEntry.objects.exists()
    assert titles(bob, "offerte") == []


def test_search_syntax_in_the_query_is_just_text(org, alice, bob):
    article(alice, title="Offerte")
    for q in ['"', "offerte OR", "NEAR(", "*", "a:b", "offerte' ; DROP TABLE x", ")(", "&|!"]:
        titles(bob, q)  # never an error


def test_the_page_updates_as_you_type(org, alice, bob, login):
    article(alice, title="Zo maak je een offerte", body="Begin bij de klant.")
    client = login(bob)
    page = client.get(url("search", org=org))
    assert page.status_code == 200 and b'hx-get' in page.content
    fragment = client.get(url("search", org=org) + "?q=offertes", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert b'id="results"' in fragment.content and b"<mark>offerte</mark>" in fragment.content
    assert b"<html" not in fragment.content
    assert fragment.context["results"].count == 1


def test_a_team_article_is_not_found_through_the_page(org, alice, carol, team, login):
    article(alice, title="Geheime offerte", visibility=ArticleVisibility.TEAM, team=team)
    response = login(carol).get(url("search", org=org) + "?q=offerte")
    assert b"Geheime" not in response.content


def test_charlie_gets_404(org, charlie, login):
    assert login(charlie).get(url("search", org=org) + "?q=x").status_code == 404


def test_the_results_have_a_constant_number_of_queries(org, alice, bob, login, django_assert_max_num_queries):
    found = helpers.skill(org, "Offertes maken")
    for number in range(3):
        article(alice, title=f"Offerte {number}")
    client = login(bob)
    # The search itself is three queries on PostgreSQL (a savepoint, the planner settings, the ranking).
    with django_assert_max_num_queries(14) as few:
        client.get(url("search", org=org) + "?q=offerte", HTTP_HX_REQUEST="true")
    for number in range(3, 15):
        article(alice, title=f"Offerte {number}")
        person = make_person(org, f"p{number}@vonk.test", f"Persoon {number}")
        helpers.give_skill(person, found)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        response = client.get(url("search", org=org) + "?q=offerte", HTTP_HX_REQUEST="true")
    assert response.content.count(b"<mark>") >= 15


@pytest.mark.postgres
def test_postgres_finds_a_typo_in_the_title(org, alice, bob):
    article(alice, title="Zo maak je een offerte")
    assert titles(bob, "oferte") == ["Zo maak je een offerte"]


def test_a_typo_finds_the_title_word_on_both_databases(org, alice, bob):
    article(alice, title="Zo maak je een offerte", body="Begin bij de klant.")
    article(alice, title="Warmtepomp inregelen", body="Stel de stooklijn in.")
    assert titles(bob, "oferte") == ["Zo maak je een offerte"]
    assert titles(bob, "warmtepmop inregelen ") == ["Warmtepomp inregelen"]
    assert titles(bob, "xyzzy") == []


def test_snippets_highlight_the_corrections_they_are_given():
    html = highlight("Zo maak je een offerte voor de klant", "oferte", also=("offerte",))
    assert html == "Zo maak je een <mark>offerte</mark> voor de klant"
    assert "<mark>" not in highlight("Zo maak je een offerte", "oferte")


def test_typo_words_are_the_title_words_close_to_a_query_word_they_lack():
    titles = ["Zo maak je een offerte", "Warmtepomp inregelen"]
    assert typo_words("oferte", titles) == ("offerte",)
    assert typo_words("warmtepmop inregelen ", titles) == ("warmtepomp",)
    assert typo_words("ofert", titles) == ("offert",)  # still typing: the start of the word
    assert typo_words("offerte", titles) == ()
    assert typo_words("xyzzy", titles) == ()


def test_the_title_words_found_for_a_typo_are_highlighted_on_both_databases(org, alice, bob):
    article(alice, title="Zo maak je een offerte", body="Een goede offerte begint bij de klant.")
    article(alice, title="Warmtepomp inregelen", body="Stel de stooklijn van de warmtepomp in.")
    with scope(organisation=org):
        hit, = search(bob, "oferte").hits
        assert hit.title_html == "Zo maak je een <mark>offerte</mark>"
        assert hit.snippet_html == "Een goede <mark>offerte</mark> begint bij de klant"
        # Several words, one a typo and one as typed.
        hit, = search(bob, "warmtepmop inregelen ").hits
        assert hit.title_html == "<mark>Warmtepomp</mark> <mark>inregelen</mark>"
        assert "<mark>warmtepomp</mark>" in hit.snippet_html
        # Words as typed that find enough need no corrections: nothing else is marked.
        hit, = search(bob, "offerte").hits
        assert hit.title_html == "Zo maak je een <mark>offerte</mark>"


def test_the_words_as_typed_rank_above_corrections(org, alice, bob):
    article(alice, title="Offerte maken")
    article(alice, title="Ofertas en espanol", body="Een ander woord.")
    found = titles(bob, "ofertas ")
    assert found[0] == "Ofertas en espanol"


def test_typo_matching_keeps_to_the_organisation(org, other_org, alice, bob, charlie):
    article(charlie, title="Geheime aanbesteding")
    assert titles(bob, "aanbestedign") == []


def test_edit_distance_and_corrections():
    from leerritme.knowledge.search.sqlite import edit_distance

    assert edit_distance("oferte", "offerte", 1) == 1
    assert edit_distance("ofefrte", "offerte", 1) == 1  # a swap
    assert edit_distance("offerte", "werkbon", 2) == 3  # over the limit, cut short
    assert edit_distance("", "abc", 3) == 3


@pytest.mark.postgres
def test_postgres_uses_the_dutch_and_english_configurations(org, alice, bob):
    article(alice, title="Installing heat pumps", body="The installations we did.")
    article(alice, title="Zo maak je een offerte")
    assert titles(bob, "installation") == ["Installing heat pumps"]
    assert titles(bob, "offertes") == ["Zo maak je een offerte"]


@pytest.mark.postgres
def test_postgres_ranks_title_matches_on_the_narrow_title_vector(org, alice, bob):
    from leerritme.knowledge.search import postgres

    for number in range(3):
        article(alice, title=f"Werkbon invullen {number}", body="Kort.")
    article(alice, title="Iets anders", body="Vergeet de werkbon niet.")
    with scope(organisation=org):
        assert SearchEntry.objects.filter(title_vector__isnull=True).count() == 0
        # Fewer titles than asked for: the texts are read too, their matches below the titles.
        found = titles(bob, "werkbon")
        assert found[-1] == "Iets anders" and len(found) == 4
        # Enough titles: only they are ranked (a text-only match would rank below them anyway).
        ranked, _corrected = postgres.ranked_ids(organisation_id=org.pk, q="werkbon", team_ids=[], kinds=[],
                                                 limit=3)
        entries = dict(SearchEntry.objects.values_list("pk", "title"))
        assert sorted(entries[pk] for pk, _score in ranked) == [f"Werkbon invullen {n}" for n in range(3)]
