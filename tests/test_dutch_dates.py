"""Dutch writes month and weekday names in lowercase ("8 mei 2026", "maandag"). Django's "M" and "D" date formats
capitalise their abbreviations ("Mei", "Ma") whatever the language, so pages and code use "F"/"N" for months
and "l" for weekdays, and our own catalogue never overrides Django's month or weekday names."""

import gettext
import re
from datetime import date
from pathlib import Path

from django.utils import translation
from django.utils.formats import date_format

SRC = Path(__file__).resolve().parent.parent / "src" / "leerritme"
CAPITALISING = re.compile(r"""(?:date:|date_format\([^,]+,\s*)["']([^"']*)["']""")


def _formats_in_use():
    for path in [*SRC.rglob("*.html"), *SRC.rglob("*.txt"), *SRC.rglob("*.py")]:
        if "/tests/" in path.as_posix() or "/migrations/" in path.as_posix():
            continue
        for match in CAPITALISING.finditer(path.read_text(encoding="utf-8")):
            fmt = match.group(1)
            if fmt.isupper() and fmt.endswith("FORMAT"):  # a named format such as SHORT_DATE_FORMAT
                continue
            yield path.relative_to(SRC), fmt


def test_no_page_formats_a_date_with_capitalised_month_or_weekday_abbreviations():
    offending = [(str(path), fmt) for path, fmt in _formats_in_use() if re.search(r"(?<!\\)[MD]", fmt)]
    assert offending == []


def test_django_writes_dutch_months_and_weekdays_in_lowercase_with_our_catalogue():
    with translation.override("nl"):
        assert date_format(date(2026, 5, 8), "l j F Y") == "vrijdag 8 mei 2026"
        assert date_format(date(2026, 5, 8), "N Y") == "mei 2026"


def test_our_catalogue_translates_month_and_weekday_names_only_as_django_does():
    names = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
    import django

    def catalogue(directory):
        with open(Path(directory) / "locale" / "nl" / "LC_MESSAGES" / "django.mo", "rb") as compiled:
            return gettext.GNUTranslations(compiled)._catalog

    ours, djangos = catalogue(SRC), catalogue(Path(django.__file__).parent / "conf")
    differing = {key: (ours[key], djangos.get(key)) for key in ours if key in names and ours[key] != djangos.get(key)}
    assert differing == {}
