"""The loop's front page and a team's improvement page: experiments, the idea box, lessons, the count of
adopted improvements."""

from django.shortcuts import redirect, render
from django.utils import timezone

from leerritme.loop import selectors
from leerritme.loop.models import OPEN_EXPERIMENT, LessonVisibility
from leerritme.loop.rules import is_ld, leads
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.models import Team
from leerritme.orgs.rules import require

LIST_SIZE = 8


def index(request, org):
    """My teams' improvement at a glance; L&D sees every team's count of adopted improvements."""
    person = request.person
    teams = selectors.my_teams(person)
    if len(teams) == 1 and not is_ld(person) and not request.GET.get("all"):
        return redirect("loop:team", org=org, uuid=teams[0].uuid)
    shown = list(Team.objects.order_by("name")) if is_ld(person) else teams
    counts = selectors.adopted_counts(shown)
    return render(request, "loop/index.html", {
        "teams": [(team, counts.get(team.pk, 0)) for team in shown],
        "to_evaluate": list(selectors.experiments_to_evaluate(person)[:LIST_SIZE]),
        "mine": list(selectors.my_open_experiments(person)[:LIST_SIZE]),
        "lessons": list(selectors.lessons_visible_to(person).exclude(visibility=LessonVisibility.DRAFT)[:LIST_SIZE]),
        "drafts": list(selectors.lessons_visible_to(person).filter(author=person,
                                                                   visibility=LessonVisibility.DRAFT)[:LIST_SIZE]),
    })


def team(request, org, uuid):
    """A team's improvement: open and finished experiments, the idea box, lessons and lessons of the month."""
    team = get_in_organisation(Team.objects, uuid=uuid)
    require(request.person, "loop.team", team)
    experiments = list(selectors.experiments_of_team(team)[:50])
    ideas = list(selectors.ideas_of_team(team, request.person).filter(status__in=["submitted", "trying"])[:10])
    lessons = list(selectors.lessons_visible_to(request.person).filter(team=team)
                   .exclude(visibility=LessonVisibility.DRAFT)[:LIST_SIZE])
    return render(request, "loop/team.html", {
        "team": team,
        "open_experiments": [e for e in experiments if e.status in OPEN_EXPERIMENT],
        "done_experiments": [e for e in experiments if e.status not in OPEN_EXPERIMENT][:10],
        "ideas": ideas,
        "adopted": selectors.adopted_counts([team]).get(team.pk, 0),
        "lessons": lessons,
        "months": selectors.lessons_of_the_month(team, limit=3),
        "is_lead": leads(request.person, team),
        "today": timezone.localdate(),
    })
