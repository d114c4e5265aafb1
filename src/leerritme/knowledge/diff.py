"""Differences between two versions of an article, line by line (difflib), ready for a template."""

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", "gap"
    text: str
    old_number: int | None = None
    new_number: int | None = None


@dataclass(frozen=True)
class VersionDiff:
    title_changed: bool
    old_title: str
    new_title: str
    lines: list[DiffLine]
    added: int
    removed: int

    @property
    def unchanged(self) -> bool:
        return not self.title_changed and not self.added and not self.removed


def text_diff(old: str, new: str, *, context: int = 3) -> list[DiffLine]:
    """Changed lines with a few unchanged ones around them; long unchanged stretches become a gap."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    lines: list[DiffLine] = []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", a[i], i + 1, j1 + (i - i1) + 1) for i in range(i1, i2)]
                continue
            if tag in ("replace", "delete"):
                lines += [DiffLine("removed", a[i], old_number=i + 1) for i in range(i1, i2)]
            if tag in ("replace", "insert"):
                lines += [DiffLine("added", b[j], new_number=j + 1) for j in range(j1, j2)]
    return lines


def version_diff(old, new) -> VersionDiff:
    lines = text_diff(old.body, new.body)
    return VersionDiff(
        title_changed=old.title != new.title, old_title=old.title, new_title=new.title, lines=lines,
        added=sum(1 for line in lines if line.kind == "added"),
        removed=sum(1 for line in lines if line.kind == "removed"),
    )
