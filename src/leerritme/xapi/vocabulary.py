"""How statements read on Leerritme's own pages: the verbs of the common vocabularies in the reader's
language, and a statement's language maps in the language closest to theirs.

Outside tools mostly send `display` in English only ("completed"), which would put English on a Dutch page,
so verbs Leerritme knows are shown with its own translated label; any other verb shows the tool's display
text in the reader's language if the tool sent it, else the nearest one, else the last part of its IRI.
"""

from django.utils.translation import get_language, pgettext_lazy

ADL = "http://adlnet.gov/expapi/verbs/"
TINCAN = "http://id.tincanapi.com/verb/"
ACTIVITY_STREAMS = "http://activitystrea.ms/schema/1.0/"
LEERRITME = "https://leerritme.org/xapi/verbs/"

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


def in_reader_language(language_map) -> str:
    """The text of an xAPI language map in the reader's language: the exact tag, then the same language
    (`nl` for `nl-NL`, `nl-BE` for `nl`), then English, then whatever there is."""
    if not isinstance(language_map, dict) or not language_map:
        return ""
    wanted = (get_language() or "en").lower()
    base = wanted.split("-")[0]
    tags = {tag.lower(): text for tag, text in language_map.items()}
    if wanted in tags:
        return tags[wanted]
    for preferred in (base, "en"):
        for tag, text in tags.items():
            if tag == preferred or tag.startswith(preferred + "-"):
                return text
    return next(iter(language_map.values()))


def verb_label(verb: dict) -> str:
    """How a statement's verb reads in the reader's language (see the module's docstring)."""
    verb_id = verb.get("id", "")
    known = VERB_LABELS.get(verb_id)
    if known is not None:
        return str(known)
    return in_reader_language(verb.get("display")) or verb_id.rstrip("/").rsplit("/", 1)[-1]
