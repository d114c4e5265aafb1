"""The summary a closed session leaves: what it holds, who reads it, Markdown, PDF and e-mail."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from leerritme.notifications.models import Notification
from leerritme.reflection import summary_files
from leerritme.reflection.models import Card
from leerritme.reflection.selectors.summary import session_summary
from leerritme.reflection.tests.around_fixtures import *  # noqa: F403
from leerritme.reflection.tests.around_fixtures import run_session


def url(name, session):
    return reverse(f"reflection:{name}", kwargs={"org": session.organisation.slug, "uuid": session.uuid})


def test_it_sums_up_cards_by_group_with_dots_actions_and_the_checkout(closed_retro):
    summary = session_summary(closed_retro)
    went_well, better, actions = summary.columns
    assert [c.text for c in went_well.cards] == ["Pairing on the boiler job", "Clear planning on Monday"]
    assert went_well.cards[0].votes == 2
    assert better.groups[0].title == "Flow of work"
    assert better.groups[0].votes == 1
    assert {c.text for c in better.groups[0].cards} == {"Parts arrive late", "Too many interruptions"}
    assert actions.is_empty
    assert summary.actions[0].text == "Order parts a week ahead"
    assert summary.actions[0].owner == "Alice de Vries"
    assert summary.checkout.answered == 5
    assert summary.checkout.quality == 4.0 and summary.checkout.dynamics == 3.8
    assert summary.checkout.quality_counts == (0, 0, 1, 3, 1)
    # Words are folded and counted, most given first: never in the order people answered.
    assert summary.checkout.words == (("busy", 2), ("calm", 1), ("good", 1))
    assert summary.participants == sorted(summary.participants, key=str.casefold)


def test_it_hides_the_checkout_below_the_organisation_threshold(in_org, org, team, crew):
    session = run_session(team, crew[1], crew, checkouts=[(5, 5, "top")] * 4)
    summary = session_summary(session)
    assert summary.checkout is None
    assert summary.checkout_answered == 4 and summary.checkout_needed == 5
    assert "top" not in summary_files.summary_markdown(summary)


def test_three_answers_are_enough_where_the_organisation_chose_three(in_org, org, team, crew):
    org.anonymity_threshold = 3
    org.save(update_fields=["anonymity_threshold"])
    session = run_session(team, crew[1], crew, checkouts=[(2, 3, ""), (4, 3, ""), (3, 3, "")])
    assert session_summary(session).checkout.quality == 3.0


def test_no_author_of_any_card_appears_in_the_summary(closed_retro):
    assert Card.objects.filter(session=closed_retro, anonymous=True, author__isnull=True).exists()
    with translation.override("en"):
        markdown = summary_files.summary_markdown(session_summary(closed_retro))
    body = markdown.split("## ", 2)[2]  # the cards and after; the participants are listed above them
    for name in ("Alice", "Bob", "Erik", "Fenna", "Gijs"):
        assert name not in body.split("## Actions")[0]


def test_markdown_shows_what_people_typed_as_typed(in_org, team, crew):
    session = run_session(team, crew[1], crew, cards=[(crew[0], "went_well", "**bold** _and_ <b>html</b> # no", False)])
    markdown = summary_files.summary_markdown(session_summary(session))
    assert r"\*\*bold\*\* \_and\_ \<b\>html\</b\> \# no" in markdown


def test_the_pdf_holds_every_letter(closed_retro):
    data = summary_files.summary_pdf(session_summary(closed_retro))
    assert data.startswith(b"%PDF-")
    assert len(data) > 1000


def test_the_pdf_without_a_unicode_font_spells_quotes_plainly(closed_retro, monkeypatch):
    monkeypatch.setattr(summary_files, "FONT_DIRS", ())
    summary = session_summary(closed_retro)
    summary.columns[0].cards[0].text = "“Quotes” – and an emoji 🎉"
    assert summary_files.summary_pdf(summary).startswith(b"%PDF-")


def test_members_read_the_summary_and_download_it(closed_retro, login, alice):
    client = login(alice)
    page = client.get(url("summary", closed_retro))
    assert page.status_code == 200
    assert b"Pairing on the boiler job" in page.content
    assert b'id="checkout-quality"' in page.content
    markdown = client.get(url("summary_markdown", closed_retro))
    assert markdown.status_code == 200
    assert markdown["Content-Type"].startswith("text/markdown")
    assert "attachment;" in markdown["Content-Disposition"]
    assert ".md" in markdown["Content-Disposition"]
    assert "Pairing on the boiler job" in markdown.content.decode()
    pdf = client.get(url("summary_pdf", closed_retro))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_the_summary_page_costs_the_same_queries_however_many_cards(closed_retro, login, alice,
                                                                    django_assert_max_num_queries, crew, team):
    client = login(alice)
    with django_assert_max_num_queries(20):
        client.get(url("summary", closed_retro))
    bigger = run_session(team, crew[1], crew, cards=[(crew[i % 5], "went_well", f"Card {i}", i % 3 == 0)
                                                     for i in range(30)])
    with django_assert_max_num_queries(20):
        assert client.get(url("summary", bigger)).status_code == 200


def test_outsiders_do_not_read_it(closed_retro, login, charlie, carol, dave):
    assert login(charlie).get(url("summary", closed_retro)).status_code == 404
    assert login(charlie).get(url("summary_pdf", closed_retro)).status_code == 404
    # L&D admins and owners see trends across teams, never what a team wrote.
    for person in (carol, dave):
        assert login(person).get(url("summary", closed_retro)).status_code == 403
        assert login(person).get(url("summary_markdown", closed_retro)).status_code == 403


def test_closing_tells_every_participant_and_emails_those_who_asked(closed_retro, crew, mailoutbox):
    notes = Notification.objects.filter(kind="reflection.summary")
    assert set(notes.values_list("person_id", flat=True)) == {p.pk for p in crew}
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alice@vonk.test"]
    assert "Pairing on the boiler job" in message.body
    assert message.attachments[0][0].endswith(".pdf")
    assert message.attachments[0][1].startswith(b"%PDF-")


def test_running_the_summaries_again_sends_nothing_twice(closed_retro, mailoutbox):
    from leerritme.reflection.tasks import send_summaries

    before = Notification.objects.count()
    send_summaries.enqueue(session_id=closed_retro.pk)
    assert Notification.objects.count() == before
    assert len(mailoutbox) == 1


def test_email_me_the_summary_sends_it_now(closed_retro, login, bob, mailoutbox,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(bob).post(url("summary_email", closed_retro))
    assert response.status_code == 302
    assert [m.to for m in mailoutbox][-1] == ["bob@vonk.test"]
    assert len(mail.outbox) == 2


def test_email_me_the_summary_of_a_running_session_waits_for_the_close(in_org, team, bob, alice, login, mailoutbox):
    from leerritme.reflection.models import Participant
    from leerritme.reflection.services import session_start

    session = session_start(team=team, by=bob, format="round")
    page = login(bob).get(url("summary", session))
    assert page.status_code == 200 and b'id="email-summary"' in page.content
    assert reverse("reflection:board", kwargs={"org": "vonk", "uuid": session.uuid}).encode() in page.content
    login(bob).post(url("summary_email", session))
    assert Participant.objects.get(session=session, person=bob).wants_summary_email
    assert mailoutbox == []
    # alice has not joined: she is told to join first, nothing is stored
    login(alice).post(url("summary_email", session))
    assert not Participant.objects.filter(session=session, person=alice).exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_email_is_in_the_readers_language(in_org, team, crew, language, mailoutbox,
                                              django_capture_on_commit_callbacks):
    user = crew[0].user
    user.language = language
    user.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        run_session(team, crew[1], crew, wants_email=[crew[0]])
    (message,) = mailoutbox
    # The Dutch catalogue is completed by the lead at the end; until then only English is certain.
    if language == "en":
        assert message.subject == "Summary: Sprint 12 (Onderhoud)"
        assert "Here is the summary you asked for" in message.body


def test_a_checkout_on_its_own_says_once_that_no_cards_were_written(in_org, team, crew):
    session = run_session(team, crew[1], crew, cards=[], checkouts=[(4, 4, "")] * 5)
    summary = session_summary(session)
    assert not summary.has_cards
    with translation.override("en"):
        markdown = summary_files.summary_markdown(summary)
    assert "No cards were written in this session." in markdown
    assert "## Went well" not in markdown
    assert summary_files.summary_pdf(summary).startswith(b"%PDF-")
