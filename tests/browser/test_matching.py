"""Journeys: an L&D admin starts a duo round for a team and members see their duo; a learner asks for
coaching on "presenteren", the admin runs the matching, reviews the reasons and publishes, the coach
accepts."""

import re

from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from conftest import make_person
from leerritme.matching.models import GroupMember, Match, MatchStatus
from leerritme.matching.services import coach_offer_save
from leerritme.orgs.models import Team, TeamMembership
from leerritme.people.models import PersonSkill, Skill

PASSWORD = "correct horse battery"


def open_as(browser, base, person, viewport=None):
    """A browser of the person's own (its own cookies), signed in through the login form."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(person.user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    return page


def test_an_admin_starts_a_duo_round_for_a_team_and_members_see_their_duo(
    transactional_db, org, team, alice, bob, carol, browser, base
):
    others = [make_person(org, f"monteur{i}@vonk.test", f"Monteur {i}") for i in range(3)]
    with scopes_disabled():
        for person in others:
            TeamMembership.objects.create(organisation=org, team=team, person=person)

    admin = open_as(browser, base, carol)
    admin.goto(f"{base}/o/{org.slug}/together/")
    admin.locator(f'a[href="/o/{org.slug}/together/programmes/new/?kind=duos"]').click()
    admin.locator("input[name=name]").fill("Duo's Onderhoud")
    admin.locator("select[name=reach]").select_option("team")
    admin.locator(f"input[name=teams][value='{team.uuid}']").check()
    admin.locator("input[name=every_weeks]").fill("4")
    admin.locator("main form button[type=submit]").click()
    expect(admin).to_have_url(re.compile(r"/together/programmes/[0-9a-f-]+/$"))
    admin.locator("#start-round").click()
    expect(admin.locator("#groups .card")).to_have_count(2)  # five people: a duo and a trio

    with scope(organisation=org):
        group = GroupMember.objects.get(person=alice).group
        partners = [m.person.display_name
                    for m in group.memberships.exclude(person=alice).select_related("person__user")]
    member = open_as(browser, base, alice, viewport={"width": 390, "height": 844})  # on a phone
    member.goto(f"{base}/o/{org.slug}/together/")
    duo = member.locator("#my-groups")
    for name in partners:
        expect(duo).to_contain_text(name)
    duo.get_by_role("link", name="Duo's Onderhoud").click()
    member.locator("textarea[name=reflection]").fill("We hebben elkaars planning doorgenomen.")
    member.locator("main form button[type=submit]").click()
    expect(member.locator("#members")).to_contain_text("We hebben elkaars planning doorgenomen.")


def test_a_learner_asks_for_coaching_the_admin_publishes_and_the_coach_accepts(
    transactional_db, org, team, alice, bob, carol, browser, base
):
    with scopes_disabled():
        other = Team.objects.create(organisation=org, name="Werkplaats")
        presenting = Skill.objects.create(organisation=org, name="Presenteren")
        PersonSkill.objects.create(organisation=org, person=alice, skill=presenting, level=1, wants_to_learn=True)
    coach = make_person(org, "eva@vonk.test", "Eva Coach")
    with scopes_disabled():
        TeamMembership.objects.create(organisation=org, team=other, person=coach)
        PersonSkill.objects.create(organisation=org, person=coach, skill=presenting, level=4, can_teach=True)
        PersonSkill.objects.create(organisation=org, person=bob, skill=presenting, level=4, can_teach=True)
    with scope(organisation=org):
        coach_offer_save(person=coach, skills=[presenting], capacity=2, languages=["nl"])
        coach_offer_save(person=bob, skills=[presenting], capacity=2, languages=["nl"])  # alice's own lead

    learner = open_as(browser, base, alice)
    learner.goto(f"{base}/o/{org.slug}/together/coaching/")
    learner.locator("#ask-coach").click()
    learner.locator("textarea[name=goal]").fill("Over twee maanden een presentatie geven op het teamoverleg.")
    learner.locator("select[name=skills]").select_option(label="Presenteren")
    learner.locator("main form button[type=submit]").click()
    expect(learner).to_have_url(re.compile(r"/together/coaching/$"))

    admin = open_as(browser, base, carol)
    admin.goto(f"{base}/o/{org.slug}/together/coaching/")
    admin.locator("#run-matching").click()
    row = admin.locator("#proposals tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Eva Coach")  # never bob, her own team lead
    expect(row.locator(".reasons li")).to_have_count(3)  # the skill, the level difference, another team
    admin.locator("#publish").click()
    expect(admin.locator("#publish")).to_have_count(0)

    with scope(organisation=org):
        match = Match.objects.get()
    eva = open_as(browser, base, coach)
    eva.goto(f"{base}/o/{org.slug}/together/coaching/")
    eva.locator("#my-matches a").click()
    eva.locator("#accept").click()
    expect(eva.locator("#accept")).to_have_count(0)
    with scope(organisation=org):
        match.refresh_from_db()
        assert match.coach_accepted_at is not None and match.status == MatchStatus.PUBLISHED


def test_an_admin_starts_a_round_for_the_whole_organisation_and_follows_the_worker(
    transactional_db, org, team, alice, bob, carol, browser, base, settings
):
    """Rounds for the whole organisation are formed by the task worker: the page waits, then shows the groups."""
    from leerritme.matching import tasks
    from leerritme.matching.models import ProgrammeKind, Reach, RoundJob
    from leerritme.matching.services import programme_create

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # no worker yet
    for i in range(4):  # with alice, bob and carol: seven people
        make_person(org, f"collega{i}@vonk.test", f"Collega {i}")
    with scope(organisation=org):
        programme = programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Iedereen",
                                     reach=Reach.ORGANISATION, created_by=carol)

    admin = open_as(browser, base, carol, viewport={"width": 390, "height": 844})  # on a phone
    # The page's polls pass through this thread, so none reaches the (shared SQLite) database while the
    # worker's task runs below.
    admin.route(re.compile(r".*/rounds/forming/.*"), lambda route: route.continue_())
    admin.goto(f"{base}/o/{org.slug}/together/programmes/{programme.uuid}/")
    admin.locator("#start-round").click()
    expect(admin).to_have_url(re.compile(r"/together/rounds/forming/[0-9a-f-]+/$"))
    status = admin.locator("#round-job-status")
    expect(status).to_have_attribute("data-status", "queued")

    with scope(organisation=org):
        job = RoundJob.objects.get()
    assert tasks.form_round.call(str(job.uuid)) == "done"  # the worker's turn
    expect(status).to_have_attribute("data-status", "done")  # htmx polled the page
    expect(admin.locator("#groups .card")).to_have_count(3)  # seven people: two duos and a trio
    expect(admin.locator("#round-job-announcer")).not_to_be_empty()
    with scope(organisation=org):
        assert GroupMember.objects.filter(group__round__programme=programme).count() == 7
