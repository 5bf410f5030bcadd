"""Finding occupations by what people call them, while they type.

Tiers, best first: the exact name; a name starting with the text; an everyday name
(seeds/synonyms.yaml: 电焊工 → 焊工); a work type (工种); a name, everyday name or work type
containing the text; pinyin, 全拼 or initials, matched from the start of a syllable (so "cha"
finds 茶 and 长 but not 出海's c-ha); and last a text one typo away (茶艺士 → 茶艺师,
chayisi → 茶艺师). Within a tier the closer match comes first, then the shorter name, then
the id: "电" ranks 电工 before 电梯安装维修工.

The index is plain data built once per catalogue version (``service.OccupationSearch``);
a query walks it in memory, which keeps as-you-type search off the store.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from pypinyin import lazy_pinyin

from zhepai.graph.records import OccupationTerms, Page


class Tier(IntEnum):
    EXACT = 0
    PREFIX = 1
    SYNONYM = 2
    WORK_TYPE = 3
    SUBSTRING = 4
    PINYIN = 5
    FUZZY = 6


class Kind(IntEnum):
    """Which of an occupation's texts matched; the name outranks the others in a tier."""

    NAME = 0
    SYNONYM = 1
    WORK_TYPE = 2


# Shorter texts than these match too much with one character changed.
FUZZY_MIN_CHARACTERS = 3
FUZZY_MIN_LETTERS = 5

Rank = tuple[int, int]  # (tier, closeness within the tier)


@dataclass(frozen=True, slots=True)
class Spelling:
    """One text of an occupation, with its pinyin."""

    text: str
    kind: Kind
    pinyin: str  # the syllables joined: 茶艺师 -> chayishi
    starts: tuple[int, ...]  # where each syllable begins in ``pinyin``
    initials: str  # cys

    @classmethod
    def of(cls, text: str, kind: Kind) -> Spelling:
        syllables = [s.lower() for s in lazy_pinyin(text) if s.strip()]
        starts, at = [], 0
        for s in syllables:
            starts.append(at)
            at += len(s)
        return cls(
            text=text.lower(),
            kind=kind,
            pinyin="".join(syllables),
            starts=tuple(starts),
            initials="".join(s[0] for s in syllables),
        )

    def pinyin_closeness(self, q: str) -> int | None:
        """How closely the letters ``q`` spell this text, or None when they do not.

        0 the whole pinyin; 1 its first syllables; 2 its first syllables, the last one
        unfinished; 3 and 4 the same from a later syllable; 5 all the initials; 6 the first
        initials; 7 initials from a later syllable. Never from inside a syllable.
        """
        later: int | None = None
        for i, start in enumerate(self.starts):
            if not self.pinyin.startswith(q, start):
                continue
            end = start + len(q)
            whole = end == len(self.pinyin) or end in self.starts
            if i == 0:
                return 0 if end == len(self.pinyin) else 1 if whole else 2
            if whole:
                return 3
            later = 4
        if later is not None:
            return later
        at = self.initials.find(q)
        if at < 0:
            return None
        if at > 0:
            return 7
        return 5 if len(q) == len(self.initials) else 6


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    name: str
    series: frozenset[str]
    spellings: tuple[Spelling, ...]  # the name first

    @classmethod
    def of(cls, terms: OccupationTerms) -> Entry:
        texts = [(terms.name, Kind.NAME)]
        texts += [(s, Kind.SYNONYM) for s in terms.synonyms]
        texts += [(w, Kind.WORK_TYPE) for w in terms.work_types]
        return cls(
            id=terms.id,
            name=terms.name,
            series=frozenset(terms.series),
            spellings=tuple(Spelling.of(t, k) for t, k in texts),
        )

    def rank(self, q: str) -> Rank | None:
        """The best tier any of this occupation's texts reaches for ``q`` (normalised)."""
        name = self.spellings[0].text
        if name == q:
            return (Tier.EXACT, 0)
        if name.startswith(q):
            return (Tier.PREFIX, 0)
        best: Rank | None = None
        for sp in self.spellings[1:]:
            tier = Tier.SYNONYM if sp.kind is Kind.SYNONYM else Tier.WORK_TYPE
            if sp.text == q:
                best = _better(best, (tier, 0))
            elif sp.text.startswith(q):
                best = _better(best, (tier, 1))
        if best is not None:
            return best
        for sp in self.spellings:
            if q in sp.text:
                best = _better(best, (Tier.SUBSTRING, sp.kind))
        if best is not None:
            return best
        letters = q.replace("'", "")
        if letters.isascii() and letters.isalpha():
            for sp in self.spellings:
                closeness = sp.pinyin_closeness(letters)
                if closeness is not None:
                    best = _better(best, (Tier.PINYIN, closeness * len(Kind) + sp.kind))
            if best is not None:
                return best
            if len(letters) >= FUZZY_MIN_LETTERS:
                for sp in self.spellings:
                    if one_edit_from_a_prefix(letters, sp.pinyin):
                        best = _better(best, (Tier.FUZZY, len(Kind) + sp.kind))
        elif len(q) >= FUZZY_MIN_CHARACTERS:
            for sp in self.spellings:
                if one_edit_from_a_prefix(q, sp.text):
                    best = _better(best, (Tier.FUZZY, sp.kind))
        return best


def _better(a: Rank | None, b: Rank) -> Rank:
    return b if a is None or b < a else a


def one_edit_from_a_prefix(q: str, text: str) -> bool:
    """Whether ``q`` is ``text``, or its beginning, with at most one character replaced,
    added, dropped, or two neighbours swapped: a typo made while typing."""
    n = len(q)
    i = 0
    shared = min(n, len(text))
    while i < shared and q[i] == text[i]:
        i += 1
    if i == n:
        return True
    # with at most one edit, it sits where the two first differ
    return (
        q[i + 1 :] == text[i + 1 : n]
        or q[i + 1 :] == text[i : n - 1]
        or q[i:] == text[i + 1 : n + 1]
        or (
            i + 1 < min(n, len(text))
            and q[i] == text[i + 1]
            and q[i + 1] == text[i]
            and q[i + 2 :] == text[i + 2 : n]
        )
    )


class OccupationIndex:
    """Every occupation's texts, ready to rank; built once per catalogue version."""

    def __init__(self, terms: Iterable[OccupationTerms]) -> None:
        self._entries = tuple(sorted((Entry.of(t) for t in terms), key=lambda e: e.id))

    def search(self, q: str | None, series_code: str | None, offset: int, limit: int) -> Page[str]:
        """One page of the occupations matching ``q`` (normalised; None: all, by id)."""
        pool = [e for e in self._entries if series_code is None or series_code in e.series]
        if q is None:
            ids = [e.id for e in pool]
        else:
            # full-width letters and digits (ｃｈａ) as people's input methods type them
            q = unicodedata.normalize("NFKC", q).lower()
            ranked: list[tuple[Rank, int, str]] = []
            for e in pool:
                rank = e.rank(q)
                if rank is not None:
                    ranked.append((rank, len(e.name), e.id))
            ranked.sort()
            ids = [i for _, _, i in ranked]
        return Page(total=len(ids), offset=offset, items=tuple(ids[offset : offset + limit]))
