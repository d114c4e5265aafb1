"""The vocabularies' IRIs Leerritme uses, and how statements read: the verbs of the common vocabularies in
the reader's language, and one way to pick a language map's entry (the canonical format uses it with the
request's Accept-Language, Leerritme's own pages with the reader's language).

Outside tools mostly send `display` in English only ("completed"), which would put English on a Dutch page,
so verbs Leerritme knows are shown with its own translated label; any other verb shows the tool's display
text in the reader's language if the tool sent it, else the nearest one, else the last part of its IRI.
"""

from django.utils.translation import get_language, pgettext_lazy

ADL = "http://adlnet.gov/expapi/verbs/"
TINCAN = "http://id.tincanapi.com/verb/"
ACTIVITY_STREAMS = "http://activitystrea.ms/schema/1.0/"
# Leerritme's own IRIs, only for what no community vocabulary has (xapi.mirror).
VOCABULARY = "https://leerritme.org/xapi/"
LEERRITME = VOCABULARY + "verbs/"

VERB_LABELS = {
    # ADL's verbs (the ADL vocabulary, http://adlnet.gov/expapi/verbs/).
    ADL + "answered": pgettext_lazy("xAPI verb", "answered"),
    ADL + "asked": pgettext_lazy("xAPI verb", "asked"),
    ADL + "attempted": pgettext_lazy("xAPI verb", "attempted"),
    ADL + "attended": pgettext_lazy("xAPI verb", "attended"),
    ADL + "commented": pgettext_lazy("xAPI verb", "commented"),
    ADL + "completed": pgettext_lazy("xAPI verb", "completed"),
    ADL + "exited": pgettext_lazy("xAPI verb", "exited"),
    ADL + "experienced": pgettext_lazy("xAPI verb", "experienced"),
    ADL + "failed": pgettext_lazy("xAPI verb", "failed"),
    ADL + "imported": pgettext_lazy("xAPI verb", "imported"),
    ADL + "initialized": pgettext_lazy("xAPI verb", "initialized"),
    ADL + "interacted": pgettext_lazy("xAPI verb", "interacted"),
    ADL + "launched": pgettext_lazy("xAPI verb", "launched"),
    ADL + "mastered": pgettext_lazy("xAPI verb", "mastered"),
    ADL + "passed": pgettext_lazy("xAPI verb", "passed"),
    ADL + "preferred": pgettext_lazy("xAPI verb", "preferred"),
    ADL + "progressed": pgettext_lazy("xAPI verb", "progressed"),
    ADL + "registered": pgettext_lazy("xAPI verb", "registered"),
    ADL + "responded": pgettext_lazy("xAPI verb", "responded"),
    ADL + "resumed": pgettext_lazy("xAPI verb", "resumed"),
    ADL + "satisfied": pgettext_lazy("xAPI verb", "satisfied"),
    ADL + "scored": pgettext_lazy("xAPI verb", "scored"),
    ADL + "shared": pgettext_lazy("xAPI verb", "shared"),
    ADL + "suspended": pgettext_lazy("xAPI verb", "suspended"),
    ADL + "terminated": pgettext_lazy("xAPI verb", "terminated"),
    ADL + "voided": pgettext_lazy("xAPI verb", "voided"),
    ADL + "waived": pgettext_lazy("xAPI verb", "waived"),
    # The Tin Can registry and Activity Streams, as Leerritme's own statements use them (xapi.mirror).
    TINCAN + "presented": pgettext_lazy("xAPI verb", "presented"),
    TINCAN + "mentored": pgettext_lazy("xAPI verb", "mentored"),
    TINCAN + "earned": pgettext_lazy("xAPI verb", "earned"),
    TINCAN + "viewed": pgettext_lazy("xAPI verb", "viewed"),
    ACTIVITY_STREAMS + "author": pgettext_lazy("xAPI verb", "authored"),
    ACTIVITY_STREAMS + "receive": pgettext_lazy("xAPI verb", "received"),
    LEERRITME + "reflected": pgettext_lazy("xAPI verb", "reflected"),
    LEERRITME + "adopted": pgettext_lazy("xAPI verb", "adopted"),
}


def pick_language(value: dict, languages: list[str]) -> dict:
    """One entry of a language map: for each accepted language in order, the exact tag, else the bare
    primary language ("en" for "en-GB"), else another tag of that language; then en-US or the first.

    Ties go to the first tag in sorted order, not in stored order: PostgreSQL's jsonb keeps its own key order.
    """
    if not value:
        return value
    tags = {tag.lower(): tag for tag in sorted(value)}
    for language in languages:
        primary = language.split("-")[0]
        tag = tags.get(language) or tags.get(primary) or next(
            (tag for lowered, tag in tags.items() if lowered.split("-")[0] == primary), None)
        if tag is not None:
            return {tag: value[tag]}
    tag = "en-US" if "en-US" in value else min(value)
    return {tag: value[tag]}


def in_reader_language(language_map) -> str:
    """The text of an xAPI language map in the reader's language, picked as the canonical format picks it
    (`pick_language`), with English second."""
    if not isinstance(language_map, dict) or not language_map:
        return ""
    return next(iter(pick_language(language_map, [(get_language() or "en").lower(), "en"]).values()))


def verb_label(verb: dict) -> str:
    """How a statement's verb reads in the reader's language (see the module's docstring)."""
    verb_id = verb.get("id", "")
    known = VERB_LABELS.get(verb_id)
    if known is not None:
        return str(known)
    return in_reader_language(verb.get("display")) or verb_id.rstrip("/").rsplit("/", 1)[-1]
