"""The one search over articles, questions, sessions, communities and colleagues by skill."""

from django.shortcuts import render

from leerritme.knowledge import selectors
from leerritme.knowledge.forms import SearchForm
from leerritme.knowledge.search import search as run_search
from leerritme.knowledge.views.articles import fragment


def search(request, org):
    """Results update as you type (htmx swaps the results partial); without a query, what is new."""
    form = SearchForm(request.GET or None)
    q, kind = form.values()
    results = run_search(request.person, q, kind=kind) if q else None
    context = {"form": form, "q": q, "kind": kind, "results": results}
    template = "knowledge/search.html"
    if fragment(request):
        return render(request, template + "#results", context)
    if not q:
        context.update({
            "recent_articles": list(selectors.readable_articles(request.person)
                                    .select_related("owner__user").order_by("-published_at")[:5]),
            "open_questions": list(selectors.question_page(unanswered=True).object_list[:5]),
            "upcoming": selectors.upcoming_sessions(limit=3),
        })
    return render(request, template, context)
