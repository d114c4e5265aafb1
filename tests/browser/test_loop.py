"""Journey: an action from a team's reflection becomes an experiment, is evaluated, yields a lesson, the lesson
is promoted to an article (published in the knowledge base), and all of it appears in the team's timeline."""

from django_scopes import scope
from playwright.sync_api import expect

from leerritme.knowledge.models import Article, ArticleStatus
from leerritme.loop.models import Experiment, ExperimentStatus, Lesson, LessonVisibility
from leerritme.reflection.models import Action


def test_action_to_experiment_to_lesson_to_article_in_the_timeline(transactional_db, org, team, alice, bob, base,
                                                                    page, sign_in):
    with scope(organisation=org):
        action = Action.objects.create(organisation=org, team=team, text="Werkbon direct bij de klant invullen",
                                       owner=alice)
    prefix = f"{base}/o/{org.slug}"

    # Alice finds the action among her team's actions and tries it as an experiment.
    sign_in(alice)
    page.goto(f"{prefix}/reflection/teams/{team.uuid}/actions/")
    page.get_by_role("link", name="Try it as an experiment").or_(
        page.locator(f"a[href$='?action={action.uuid}']")).first.click()
    expect(page.locator("#id_if_we")).to_have_value("Werkbon direct bij de klant invullen")
    page.locator("#id_then").fill("hoeven we op vrijdag niets meer na te typen")
    page.locator("#id_we_will_see").fill("het aantal open werkbonnen op vrijdag")
    page.locator("#save-experiment").click()
    expect(page.locator("#experiment-status")).to_have_attribute("data-status", "running")
    with scope(organisation=org):
        experiment = Experiment.objects.get()
    assert experiment.from_action_id == action.pk

    # Her team lead evaluates it with the team: keep it.
    page.context.clear_cookies()
    sign_in(bob)
    page.goto(f"{prefix}/improve/experiments/{experiment.uuid}/")
    page.locator("#evaluate").click()
    page.locator("#id_what_happened").fill("Na twee weken had niemand nog open werkbonnen op vrijdag.")
    page.locator("#id_what_we_learned").fill("Een kleine afspraak houden we vol als iemand hem trekt.")
    page.locator("input[name=decision][value=keep]").check()
    page.locator("#conclude").click()
    expect(page.locator("#experiment-status")).to_have_attribute("data-status", "concluded")

    # Alice writes the lesson from it (filled in from the evaluation) and shares it with the team.
    page.context.clear_cookies()
    sign_in(alice)
    page.goto(f"{prefix}/improve/experiments/{experiment.uuid}/")
    page.locator("#write-lesson").click()
    expect(page.locator("#id_what_we_learned")).to_have_value(
        "Een kleine afspraak houden we vol als iemand hem trekt.")
    page.locator("#id_what_we_expected").fill("Dat het veel extra tijd bij de klant zou kosten.")
    page.locator("#id_do_differently").fill("Werkbonnen altijd bij de klant afronden.")
    page.locator("input[name=visibility][value=team]").check()
    page.locator("#save-lesson").click()
    expect(page.locator("#promote")).to_be_visible()
    with scope(organisation=org):
        lesson = Lesson.objects.get()
    assert lesson.visibility == LessonVisibility.TEAM and lesson.experiment_id == experiment.pk

    # She promotes it to an article and publishes it in the knowledge base.
    page.locator("#promote").click()
    expect(page.locator("#id_title")).to_have_value(experiment.title)
    page.locator("button[name=publish]").click()
    page.wait_for_load_state()
    with scope(organisation=org):
        article = Article.objects.get()
        assert article.status == ArticleStatus.PUBLISHED and Lesson.objects.get().article_id == article.pk
        assert Experiment.objects.get().status == ExperimentStatus.CONCLUDED

    # Bob sees all of it in the team's timeline, each linking to its object.
    page.context.clear_cookies()
    sign_in(bob)
    page.goto(f"{prefix}/improve/teams/{team.uuid}/timeline/")
    timeline = page.locator("#timeline")
    for kind in ("experiment_concluded", "lesson_shared", "article_written"):
        expect(timeline.locator(f"li[data-kind={kind}]")).to_have_count(1)
    expect(timeline.locator(f"a[href$='/improve/lessons/{lesson.uuid}/']")).to_be_visible()
    expect(timeline.locator(f"a[href$='/improve/experiments/{experiment.uuid}/']")).to_be_visible()
    timeline.locator(f"a[href$='/improve/lessons/{lesson.uuid}/']").click()
    expect(page.locator("#lesson-title")).to_have_text(lesson.title)
