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
    """The words of a search, folded, at most a few (a pasted paragraph is not a search)."""
    found = []
    for word in words(q):
        folded = fold(word)
        if folded and folded not in found:
            found.append(folded)
    return found[:MAX_QUERY_WORDS]


def _matches(word: str, prefixes: tuple[str, ...]) -> bool:
    folded = fold(word)
    return any(folded.startswith(p) or stem.startswith(p) for stem in word_stems(word) for p in prefixes)


def query_prefixes(q: str) -> tuple[str, ...]:
    found = []
    for word in query_words(q):
        for stem in (word, *word_stems(word)):
            if stem and stem not in found:
                found.append(stem)
    return tuple(found)


def highlight(text: str, q: str, *, limit: int = SNIPPET_WORDS) -> str:
    """Escaped HTML of the part of `text` around the first match, with matching words in <mark>."""
    prefixes = query_prefixes(q)
    tokens = re.split(r"(\w+)", text or "")
    # tokens alternate: separator, word, separator, word, ...; word i sits at 2 * i + 1
    word_positions = list(range(1, len(tokens), 2))
    if not word_positions:
        return ""
    marked = {i for i in word_positions if prefixes and _matches(tokens[i], prefixes)}
    first = min(marked) if marked else 1
    start_word = max(0, word_positions.index(first) - 6)
    start = word_positions[start_word]
    end_word = min(len(word_positions) - 1, start_word + limit)
    end = word_positions[end_word] + 1
    parts = ["… " if start_word > 0 else ""]
    for i in range(start, end):
        piece = escape(re.sub(r"\s+", " ", tokens[i]) if i % 2 == 0 else tokens[i])
        parts.append(f"<mark>{piece}</mark>" if i in marked else piece)
    if end_word < len(word_positions) - 1:
        parts.append(" …")
    return "".join(parts)
