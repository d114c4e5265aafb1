"""Rounds across teams or the whole organisation are formed by the task worker: the job's states, its
all-or-nothing storing, and the page that follows it (roles, other organisations, query counts)."""

import pytest
from django.urls import reverse
from django_scopes import scope

from leerritme.matching import services, tasks
from leerritme.matching.models import (
    GroupMember,
    ProgrammeKind,
    Reach,
    Round,
    RoundJob,
    RoundJobStatus,
    RoundJobStep,
)
from leerritme.matching.tests.helpers import member
from leerritme.notifications.models import Notification
from tests import english

pytestmark = pytest.mark.django_db

# Messages are read in English here: the people logged in as choose English (see tests/english.py).
alice, bob, carol, dave = english.alice, english.bob, english.carol, english.dave
english_messages = english.english_messages


def url(name, org, **kwargs):
    return reverse(f"matching:{name}", kwargs={"org": org.slug, **kwargs})


@pytest.fixture
def everyone(org, team, crew, carol):
    """Duos across the whole organisation: the six people of the crew and carol."""
    with scope(organisation=org):
        return services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Everyone",
                                         reach=Reach.ORGANISATION, created_by=carol)


def queue(org, programme, by):
    with scope(organisation=org):
        return services.round_job_create(programme=programme, by=by)


def run(org, job):
    assert tasks.form_round.call(str(job.uuid)) in ("done", "failed")
    with scope(organisation=org):
        job.refresh_from_db()
    return job


# --- The job itself --------------------------------------------------------------------------------


def test_a_queued_job_forms_the_round_and_tells_everyone(org, crew, carol, everyone,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        job = queue(org, everyone, carol)
    assert job.status == RoundJobStatus.QUEUED and job.number == 1 and len(callbacks) == 1
    with scope(organisation=org):
        assert not Round.objects.exists()  # nothing formed in the request
    job = run(org, job)
    assert job.status == RoundJobStatus.DONE and job.step == RoundJobStep.SAVING
    assert job.people_count == 7 and job.finished_at is not None and job.error == {}
    with scope(organisation=org):
        assert job.round.number == 1
        members = sorted(GroupMember.objects.filter(group__round=job.round).values_list("person_id", flat=True))
        assert members == sorted(p.pk for p in [*crew, carol])
        assert Notification.objects.filter(kind=services.GROUPED_KIND).count() == 7


def test_asking_twice_gives_the_same_open_job_and_a_done_job_runs_once(org, carol, everyone):
    first = queue(org, everyone, carol)
    assert queue(org, everyone, carol).pk == first.pk
    run(org, first)
    assert tasks.form_round.call(str(first.uuid)) == "skipped"
    with scope(organisation=org):
        assert Round.objects.count() == 1
    second = queue(org, everyone, carol)
    assert second.pk != first.pk and second.number == 2


def test_too_few_people_fail_with_a_code_shown_in_the_readers_language(org, carol):
    with scope(organisation=org):
        lonely = services.programme_create(organisation=org, kind=ProgrammeKind.CIRCLES, name="Circles",
                                           reach=Reach.ORGANISATION, group_size=4, created_by=carol)
    job = run(org, queue(org, lonely, carol))
    assert job.status == RoundJobStatus.FAILED
    assert job.error == {"code": "too_few", "present": 1, "smallest": 4}  # carol is alone
    assert services.round_job_error(job) == (
        "Too few people take part in this round: 1, at least 4 are needed.")
    with scope(organisation=org):
        assert not Round.objects.exists()


def test_a_programme_stopped_while_queued_forms_nothing(org, carol, everyone):
    job = queue(org, everyone, carol)
    with scope(organisation=org):
        services.programme_stop(programme=everyone)
    job = run(org, job)
    assert job.status == RoundJobStatus.FAILED and job.error == {"code": "stopped"}
    with scope(organisation=org):
        assert not Round.objects.exists()


def test_a_failure_while_saving_stores_nothing_half(org, carol, everyone, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the notification service is down")

    monkeypatch.setattr(services, "notify", broken)
    job = run(org, queue(org, everyone, carol))
    assert job.status == RoundJobStatus.FAILED and job.error == {"code": "failed"}
    assert "Nothing was saved" in services.round_job_error(job)
    with scope(organisation=org):
        assert not Round.objects.exists() and not GroupMember.objects.exists()


def test_a_round_started_meanwhile_is_taken_into_account(org, carol, everyone):
    job = queue(org, everyone, carol)
    with scope(organisation=org):
        services.round_start(programme=everyone)  # the scheduler got there first
    job = run(org, job)
    assert job.status == RoundJobStatus.DONE and job.number == 2 and job.round.number == 2


def test_only_one_open_job_per_programme_in_the_database(org, carol, everyone):
    from django.db import IntegrityError, transaction

    queue(org, everyone, carol)
    with scope(organisation=org), pytest.raises(IntegrityError), transaction.atomic():
        RoundJob.objects.create(organisation=org, programme=everyone, number=1)


# --- The pages -------------------------------------------------------------------------------------


def test_the_admin_follows_the_round_from_queued_to_done(org, carol, everyone, login,
                                                         django_capture_on_commit_callbacks):
    client = login(carol)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url("programme_round", org, uuid=everyone.uuid))
    with scope(organisation=org):
        job = RoundJob.objects.get()
    assert response.status_code == 302 and response["Location"] == url("round_job", org, uuid=job.uuid)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'hx-trigger="every 1s"' in page.text and "Waiting for the task worker" in page.text
    programme_page = client.get(url("programme", org, uuid=everyone.uuid))
    assert 'id="round-job"' in programme_page.text and 'id="start-round"' not in programme_page.text

    for callback in callbacks:
        callback()  # the worker picks the job up
    partial = client.get(url("round_job", org, uuid=job.uuid), headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text and "every 1s" not in partial.text
    assert 'data-status="done"' in partial.text and "Round 1 started" in partial.text
    assert partial.text.count('class="card h-100"') == 3  # seven people: two duos and a trio
    assert 'id="round-job-announcer" hx-swap-oob' in partial.text
    assert 'id="start-round"' in client.get(url("programme", org, uuid=everyone.uuid)).text


def test_a_failed_round_says_why_and_offers_to_try_again(org, carol, login):
    with scope(organisation=org):
        lonely = services.programme_create(organisation=org, kind=ProgrammeKind.CIRCLES, name="Circles",
                                           reach=Reach.ORGANISATION, group_size=4, created_by=carol)
    job = run(org, queue(org, lonely, carol))
    page = login(carol).get(url("round_job", org, uuid=job.uuid))
    assert page.status_code == 200 and 'data-status="failed"' in page.text
    assert "Too few people take part in this round: 1, at least 4 are needed." in page.text
    assert url("programme_round", org, uuid=lonely.uuid) in page.text


def test_a_team_round_is_still_formed_in_the_request(org, team, crew, carol, login):
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Team duos",
                                              reach=Reach.TEAM, teams=[team], created_by=carol)
    response = login(carol).post(url("programme_round", org, uuid=programme.uuid))
    assert response["Location"] == url("programme", org, uuid=programme.uuid)
    with scope(organisation=org):
        assert Round.objects.filter(programme=programme).exists() and not RoundJob.objects.exists()


def test_a_lead_follows_a_round_across_their_teams(org, team, other_team, crew, bob, login):
    member(org, other_team, "w1@vonk.test", "Werker 1")
    client = login(bob)
    with scope(organisation=org):
        programme = services.programme_create(organisation=org, kind=ProgrammeKind.DUOS, name="Across",
                                              reach=Reach.TEAMS, teams=[team, other_team], created_by=bob)
    response = client.post(url("programme_round", org, uuid=programme.uuid))
    with scope(organisation=org):
        job = RoundJob.objects.get(programme=programme)
    assert response["Location"] == url("round_job", org, uuid=job.uuid)
    assert client.get(response["Location"]).status_code == 200


def test_members_and_leads_of_other_teams_may_not_start_or_follow_it(org, alice, bob, dave, carol, everyone,
                                                                      login):
    job = queue(org, everyone, carol)
    for person in (alice, bob):  # bob leads a team, but this programme is the organisation's
        client = login(person)
        assert client.post(url("programme_round", org, uuid=everyone.uuid)).status_code == 403
        assert client.get(url("round_job", org, uuid=job.uuid)).status_code == 403
    assert login(dave).get(url("round_job", org, uuid=job.uuid)).status_code == 200  # the owner


def test_charlie_gets_404_for_another_organisations_round(org, carol, charlie, everyone, login):
    job = queue(org, everyone, carol)
    client = login(charlie)
    assert client.get(url("round_job", org, uuid=job.uuid)).status_code == 404
    assert client.post(url("programme_round", org, uuid=everyone.uuid)).status_code == 404
    with scope(organisation=org):
        assert RoundJob.objects.count() == 1


def test_the_round_page_does_not_grow_with_groups(org, team, carol, everyone, login,
                                                  django_assert_max_num_queries):
    client = login(carol)
    job = run(org, queue(org, everyone, carol))
    with django_assert_max_num_queries(14) as small:
        assert client.get(url("round_job", org, uuid=job.uuid)).status_code == 200
    for i in range(20):
        member(org, team, f"more{i}@vonk.test", f"More {i}")
    job = run(org, queue(org, everyone, carol))
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url("round_job", org, uuid=job.uuid))
    assert page.text.count('class="card h-100"') == 13  # 27 people: twelve duos and a trio

