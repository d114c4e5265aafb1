"""Words, stems and snippets: the text side of the search, the same on every database.

Stemming with Snowball in Dutch and English at once (most texts here are Dutch with English trade
words), so that "offertes" finds "offerte" and "installing" finds "installation". Every word is
indexed under both stems; a query word matches a stem that starts with either of its own stems, so
results appear while the word is still being typed.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape

_WORD = re.compile(r"\w+", re.UNICODE)
_DUTCH = snowballstemmer.stemmer("dutch")
_ENGLISH = snowballstemmer.stemmer("english")
MAX_QUERY_WORDS = 8
SNIPPET_WORDS = 28
# Shorter query words are never taken for a typo of another word.
MIN_TYPO_LENGTH = 4
# Words in nearly every text, left out of a search that has other words (PostgreSQL's 'dutch' and
# 'english' configurations drop them too): "veilig werken op hoogte" searches veilig, werken, hoogte.
STOP_WORDS = frozenset([
    "de", "het", "een", "en", "van", "in", "op", "te", "dat", "die", "is", "voor", "met", "aan", "er", "niet",
    "zijn", "om", "als", "bij", "ook", "tot", "je", "ik", "of", "wat", "naar", "uit", "dan", "door", "over",
    "nog", "maar", "wel", "zo", "hoe", "jouw", "we", "wij", "ze", "zij", "hij", "u", "uw", "dit", "deze",
    "der", "den", "des", "the", "a", "an", "and", "to", "on", "for", "with", "at", "by", "it", "or", "as",
    "be", "are", "was", "this", "that", "from",
])


def fold(word: str) -> str:
    """Lower case without accents ("café" → "cafe"), as FTS5's remove_diacritics does."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=50_000)
def word_stems(word: str) -> tuple[str, ...]:
    """The Dutch and English stems of one word (one when they agree)."""
    folded = fold(word)
    dutch, english = _DUTCH.stemWord(folded), _ENGLISH.stemWord(folded)
    return (dutch,) if dutch == english else (dutch, english)


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def stemmed(text: str) -> str:
    """The text as the index stores it: each word's stems, space-separated."""
    return " ".join(stem for word in words(text) for stem in word_stems(word))


def query_words(q: str) -> list[str]:
    """The words of a search, folded, without stop words (unless there is nothing else), at most a few."""
    found = []
    for word in words(q):
        folded = fold(word)
        if folded and folded not in found:
            found.append(folded)
    meaningful = [word for word in found if word not in STOP_WORDS]
    return (meaningful or found)[:MAX_QUERY_WORDS]


def still_typing(q: str) -> bool:
    """Whether the last word may be incomplete: the search runs as you type, until a space or the end."""
    return bool(q) and not q[-1].isspace()


def _matches(word: str, prefixes: tuple[str, ...]) -> bool:
    folded = fold(word)
    return any(folded.startswith(p) or stem.startswith(p) for stem in word_stems(word) for p in prefixes)


def query_prefixes(q: str, *, also: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The query's words and their stems, and those of `also` (title words the search took for typos of them)."""
    found = []
    for word in [*query_words(q), *(fold(w) for w in also)]:
        for stem in (word, *word_stems(word)):
            if stem and stem not in found:
                found.append(stem)
    return tuple(found)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two neighbouring letters is one edit), or limit + 1
    as soon as it is certainly over the limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    return 1 if len(word) <= 7 else 2


def typo_of(word: str, candidate: str, *, typing: bool) -> str | None:
    """What of the title word `candidate` the query `word` may be a typo of (a letter or two away), or None.
    A word still being typed is compared with the start of the title word, and stands for that start."""
    limit = allowed_edits(word)
    options = [candidate]
    if typing:
        options += [candidate[:len(word)], candidate[:len(word) + 1]]
    if min(edit_distance(word, option, limit) for option in options) > limit:
        return None
    return candidate[:len(word) + 1] if typing and len(candidate) > len(word) + 1 else candidate


def typo_words(q: str, titles: list[str]) -> tuple[str, ...]:
    """The words of these titles that a query word may be a typo of, for a query word none of them has."""
    query = query_words(q)
    typing = still_typing(q)
    candidates = {fold(w) for title in titles for w in words(title)}
    candidates = {w for w in candidates if len(w) >= MIN_TYPO_LENGTH and not w.isdigit()}
    found = set()
    for position, word in enumerate(query):
        if len(word) < MIN_TYPO_LENGTH or word.isdigit() or any(_matches(c, query_prefixes(word)) for c in candidates):
            continue
        last = typing and position == len(query) - 1
        found |= {close for close in (typo_of(word, c, typing=last) for c in candidates) if close}
    return tuple(sorted(found))


def highlight(text: str, q: str, *, also: tuple[str, ...] = (), limit: int = SNIPPET_WORDS) -> str:
    """Escaped HTML of the part of `text` around the first match, with matching words in <mark>; words
    the search found as corrections of a typo (`also`) are matches too.

    Only the words up to the first match and those in the snippet are stemmed, so a long text costs
    little more than a short one.
    """
    prefixes = query_prefixes(q, also=also)
    tokens = re.split(r"(\w+)", text or "")
    # tokens alternate: separator, word, separator, word, ...; word i sits at 2 * i + 1
    count = len(tokens) // 2
    if not count:
        return ""
    first = next((i for i in range(count) if prefixes and _matches(tokens[2 * i + 1], prefixes)), 0)
    start_word = max(0, first - 6)
    end_word = min(count - 1, start_word + limit)
    parts = ["… " if start_word > 0 else ""]
    for i in range(2 * start_word + 1, 2 * end_word + 2):
        if i % 2 == 0:
            parts.append(escape(re.sub(r"\s+", " ", tokens[i])))
        elif prefixes and _matches(tokens[i], prefixes):
            parts.append(f"<mark>{escape(tokens[i])}</mark>")
        else:
            parts.append(escape(tokens[i]))
    if end_word < count - 1:
        parts.append(" …")
    return "".join(parts)
