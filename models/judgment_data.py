"""Typed views of the JSON columns of `Judgment` whose shape matters: the one place that knows it.

Stored shapes (JSON, on SQLite and PostgreSQL alike):

- `parties`, `signatories`: ``[{"role": "原告", "name": "张三", "paragraph": 3}, …]`` — `paragraph`
  is the 0-based index in `paragraphs` the person was read from; absent (or null) once a person
  edited the list by hand.
- `section_ranges`: ``{"title": [0, 3], "head": [3, 6], …}`` — half-open paragraph ranges
  ``[start, end)`` per section key (keys from `reviewer/judgments/sections.py`).

Read them through `Judgment.party_list`, `Judgment.signatory_list` and `Judgment.sections`, and
assign through the same properties: the values are immutable (a JSON column does not notice
in-place changes, so an assignment is the only way to change one), and whatever is assigned —
these dataclasses, the parser's `Party`/`Signatory`, or plain mappings — is stored in the shape
above. Malformed stored entries raise `ValueError` naming the entry.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence


@dataclass(frozen=True)
class Person:
    """A party (当事人) or a signatory (署名人员) of a judgment."""

    role: str
    name: str
    paragraph: int | None = None

    @classmethod
    def of(cls, value: Any) -> "Person":
        """From a stored mapping, or any object with `role`, `name` (and `paragraph`)."""
        if isinstance(value, Person):
            return value
        get = value.get if isinstance(value, Mapping) else (lambda key, default=None: getattr(value, key, default))
        role, name, paragraph = get("role"), get("name"), get("paragraph")
        if not isinstance(role, str) or not isinstance(name, str):
            raise ValueError(f"a person needs a role and a name: {value!r}")
        if paragraph is not None and not isinstance(paragraph, int):
            raise ValueError(f"a person's paragraph must be an index: {value!r}")
        return cls(role, name, paragraph)

    def to_json(self) -> dict:
        data: dict = {"role": self.role, "name": self.name}
        if self.paragraph is not None:
            data["paragraph"] = self.paragraph
        return data


def people_from_json(stored: Iterable[Any] | None) -> tuple[Person, ...]:
    return tuple(Person.of(raw) for raw in stored or ())


def people_to_json(people: Iterable[Any] | None) -> list[dict]:
    return [Person.of(p).to_json() for p in people or ()]


def sections_from_json(stored: Mapping[str, Sequence[int]] | None) -> dict[str, tuple[int, int]]:
    """`{key: (start, end)}` with two non-negative indexes; raises ValueError on any other shape."""
    sections = {}
    for key, span in (stored or {}).items():
        if (not isinstance(span, (list, tuple)) or len(span) != 2
                or not all(isinstance(n, int) and n >= 0 for n in span)):
            raise ValueError(f"section {key!r} needs a range [start, end): {span!r}")
        sections[key] = (span[0], span[1])
    return sections


def sections_to_json(sections: Mapping[str, Sequence[int]] | None) -> dict[str, list[int]]:
    return {key: [start, end] for key, (start, end) in sections_from_json(sections).items()}
