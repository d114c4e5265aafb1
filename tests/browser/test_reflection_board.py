"""Browser journey of the live board, with several people in their own browser contexts at once.

pytest-django's live_server has no WebSockets, so the board runs on a real uvicorn server against a SQLite
file of its own (see reflection/tests/board_servers.py): Bob (team lead) facilitates, Alice and Erik take
part; Alice uses a phone-sized screen.
"""

import re

import pytest
from playwright.sync_api import expect

from leerritme.reflection.tests.board_servers import PASSWORD, BoardServers


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    running = BoardServers(tmp_path_factory.mktemp("board"), processes=1, members=3, threshold=3)
    yield running
    running.close()


def person_page(browser, servers, email, **context_args):
    context = browser.new_context(**context_args)
    page = context.new_page()
    page.goto(f"{servers.url()}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    return page


def set_phase(page, phase):
    page.locator("#id_phase").select_option(phase)
    page.locator("#phase-form button[type=submit]").click()
    expect(page.locator("#board")).to_have_attribute("data-phase", phase)


def live(page):
    expect(page.locator("#connection")).to_have_text("Live")


def test_a_retrospective_from_first_card_to_follow_up_in_the_next_session(browser, servers):
    team = servers.people["team"]
    bob = person_page(browser, servers, "bob@vonk.test")
    alice = person_page(browser, servers, "alice@vonk.test", viewport={"width": 390, "height": 844},
                        is_mobile=True, has_touch=True)
    erik = person_page(browser, servers, "erik@vonk.test")
    bob.on("dialog", lambda dialog: dialog.accept())

    # Bob starts a retrospective for the team.
    bob.goto(f"{servers.url()}/o/vonk/reflection/teams/{team}/start/")
    bob.locator("#id_format").select_option("retrospective")
    bob.locator("#id_board").select_option("sailboat")
    expect(bob.locator("#board-preview")).to_contain_text("Anchors")
    bob.locator("#id_board").select_option("went_well")
    expect(bob.locator("#board-preview")).to_contain_text("Could be better")
    bob.locator("#id_title").fill("Sprint 12")
    bob.locator("#start-form button[type=submit]").click()
    expect(bob.locator("#board")).to_have_attribute("data-phase", "write")
    board_url = bob.url
    live(bob)

    # Alice joins on her phone and writes a card; Bob sees that a card arrived, not what it says.
    alice.goto(board_url)
    live(alice)
    expect(bob.locator("#presence")).to_contain_text("Alice de Vries")
    alice.locator("#card-column").select_option("went_well")
    alice.locator("#card-text").fill("Pairing on deployments worked")
    alice.locator("#card-form button[type=submit]").click()
    expect(alice.locator(".board-card.is-mine")).to_contain_text("Pairing on deployments worked")
    expect(bob.locator(".board-card.is-hidden")).to_have_count(1)
    expect(bob.locator("#board")).not_to_contain_text("Pairing on deployments")

    # The reveal shows it to everyone, without reloading.
    bob.locator("#reveal").click()
    expect(bob.locator(".board-card")).to_contain_text("Pairing on deployments worked")

    # Both vote on it.
    set_phase(bob, "vote")
    expect(alice.locator("#board")).to_have_attribute("data-phase", "vote")
    card_id = alice.locator(".board-card").first.get_attribute("id")
    alice.locator(f"#{card_id} form[data-op='vote.cast'] button").click()
    expect(alice.locator(f"#{card_id} .votes .badge")).to_contain_text("1")
    bob.locator(f"#{card_id} form[data-op='vote.cast'] button").click()
    expect(alice.locator(f"#{card_id} .votes .badge")).to_contain_text("2")
    expect(bob.locator("#votes-left")).to_contain_text("2")

    # An action with an owner.
    set_phase(bob, "actions")
    bob.locator("#action-text").fill("Write a deployment checklist")
    bob.locator("#action-owner").select_option(label="Alice de Vries")
    bob.locator("#action-due").fill("2030-06-30")
    bob.locator("#action-form button[type=submit]").click()
    expect(alice.locator("#action-list")).to_contain_text("Write a deployment checklist")

    # The check-out: no scores until three people answered, then only the team's aggregate.
    set_phase(bob, "checkout")
    for page, quality in ((alice, "4"), (bob, "5")):
        expect(page.locator("#checkout-form")).to_be_visible()
        page.locator(f"#checkout-form input[name=quality][value='{quality}'] + label").click()
        page.locator("#checkout-form input[name=dynamics][value='4'] + label").click()
        page.locator("#checkout-form button[type=submit]").click()
        expect(page.locator("#checked-out")).to_be_visible()
    expect(bob.locator("#checkout-count")).to_contain_text("2 answered")
    expect(bob.locator("#checkout-aggregate")).to_have_count(0)
    erik.goto(board_url)
    live(erik)
    erik.locator("#checkout-form input[name=quality][value='3'] + label").click()
    erik.locator("#checkout-form input[name=dynamics][value='5'] + label").click()
    erik.locator("#checkout-form input[name=word]").fill("focused")
    erik.locator("#checkout-form button[type=submit]").click()
    expect(bob.locator("#checkout-aggregate")).to_contain_text("4.0")  # (4 + 5 + 3) / 3
    expect(alice.locator("#checkout-aggregate")).to_contain_text("focused")

    # Bob closes the session; everyone sees it closed.
    bob.locator("#close-session").click()
    expect(alice.locator("#board")).to_have_attribute("data-phase", "closed")

    # The team's next session opens with the action in follow-up; Alice marks it done.
    bob.goto(f"{servers.url()}/o/vonk/reflection/teams/{team}/start/")
    bob.locator("#id_format").select_option("round")
    bob.locator("#start-form button[type=submit]").click()
    expect(bob.locator("#board")).to_have_attribute("data-phase", "followup")
    expect(bob.locator("#followup")).to_contain_text("Write a deployment checklist")
    alice.goto(bob.url)
    live(alice)
    alice.locator("#followup button[value=done]").click()
    expect(bob.locator("#followup .review-outcome")).to_have_attribute("data-outcome", "done")


def test_an_anonymous_card_is_only_its_authors_and_edits_conflict_visibly(browser, servers):
    board = servers.seed_board("retrospective", "start_stop_continue")
    url = f"{servers.url()}/o/vonk/reflection/sessions/{board['session']}/"
    bob = person_page(browser, servers, "bob@vonk.test")
    alice = person_page(browser, servers, "alice@vonk.test")
    for page in (bob, alice):
        page.goto(url)
        live(page)
    alice.locator("#card-column").select_option("stop")
    alice.locator("#card-text").fill("Stop the Friday releases")
    alice.locator("#card-anonymous").check()
    alice.locator("#card-form button[type=submit]").click()
    mine = alice.locator(".board-card.is-mine")
    expect(mine).to_contain_text("Stop the Friday releases")
    expect(mine).to_contain_text("Anonymous")
    # After a reload her browser still knows the card is hers (the token stays in the browser only).
    alice.reload()
    live(alice)
    expect(alice.locator(".board-card.is-mine")).to_contain_text("Stop the Friday releases")
    bob.locator("#reveal").click()
    expect(bob.locator(".board-card")).to_contain_text("Stop the Friday releases")
    expect(bob.locator(".board-card")).not_to_contain_text("Alice")

    # Both edit the card at once: the second to save sees both texts and chooses.
    card = bob.locator(".board-card").first
    card_id = card.get_attribute("id")
    for page in (bob, alice):
        page.locator(f"#{card_id} details summary").click()
    bob.locator(f"#{card_id} textarea").fill("Stop releasing on Fridays")
    alice.locator(f"#{card_id} textarea").fill("No releases after Thursday noon")
    bob.locator(f"#{card_id} form[data-op='card.edit'] button").click()
    expect(bob.locator(f"#{card_id} .card-text")).to_have_text("Stop releasing on Fridays")
    alice.locator(f"#{card_id} form[data-op='card.edit'] button").click()
    expect(alice.locator("#conflict")).to_be_visible()
    expect(alice.locator("#conflict-theirs")).to_have_text("Stop releasing on Fridays")
    expect(alice.locator("#conflict-yours")).to_have_text("No releases after Thursday noon")
    alice.locator("#conflict-text").fill("Stop releasing on Fridays; nothing after Thursday noon")
    alice.locator("#conflict-form button[type=submit]").click()
    expect(bob.locator(f"#{card_id} .card-text")).to_have_text(
        re.compile("Stop releasing on Fridays; nothing after Thursday noon"))
