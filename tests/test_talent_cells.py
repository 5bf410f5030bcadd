"""What a person's certificates count for (talent/cells.py), against the definitions as
README "Worker statistics" words them, for any mix of levels, 专项, revocations and dates."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from zhepai.domain.talent.cells import LEVEL_RANK, SPECIALTY, CellKey, EntryKey, Held, Tally

helds = st.builds(
    Held,
    no=st.sampled_from(["C-1", "C-2", "C-3", "C-4"]),
    county=st.sampled_from(["330824", "331127"]),
    series=st.sampled_from(["01", "02"]),
    level=st.none() | st.sampled_from(list(LEVEL_RANK)),
    issued_on=st.sampled_from(["2019-05-01", "2021-01-31", "2021-12-01", "2024-07-15"]),
    valid=st.booleans(),
)


def expected(certs: list[Held]) -> tuple[Counter[CellKey], Counter[CellKey], Counter[EntryKey]]:
    """Persons, certificates and new skilled persons, straight from the definitions."""

    def cell(h: Held) -> CellKey:
        return (h.county, h.series, h.level or SPECIALTY)

    certificates = Counter(cell(h) for h in certs if h.valid)
    # skilled: a valid certificate at JUNIOR or above, or a valid 专项 one
    qualifying = [h for h in certs if h.valid and (h.level is None or h.level != "APPRENTICE")]
    if not qualifying:
        return Counter(), certificates, Counter()

    # counted once, by the highest level (a 专项 between APPRENTICE and JUNIOR), the latest
    # issued among equals, then the number
    def rank(h: Held) -> tuple[float, str, str]:
        return (1.5 if h.level is None else LEVEL_RANK[h.level], h.issued_on, h.no)

    first = max(qualifying, key=rank)
    year = int(min(h.issued_on for h in qualifying)[:4])
    return Counter([cell(first)]), certificates, Counter([(first.county, year)])


@given(st.lists(helds, min_size=0, max_size=4, unique_by=lambda h: h.no), st.sampled_from([1, -1]))
def test_a_person_counts_as_the_definitions_say(certs: list[Held], sign: int) -> None:
    tally = Tally.empty()
    tally.count(certs, sign)

    persons, certificates, entries = expected(certs)
    assert tally.persons == {k: sign * n for k, n in persons.items()}
    assert tally.certificates == {k: sign * n for k, n in certificates.items()}
    assert tally.entries == {k: sign * n for k, n in entries.items()}


@given(helds, st.sampled_from([1, -1]))
def test_one_certificate_counts_as_it_would_among_several(h: Held, sign: int) -> None:
    """The shortcut for a person with one certificate agrees with the general count."""
    short, general = Tally.empty(), Tally.empty()
    short.count([h], sign)
    general._count_many([h], sign)
    assert short == general


def test_counting_back_leaves_nothing() -> None:
    certs = [
        Held("C-1", "330824", "01", "SENIOR", "2021-01-31", True),
        Held("C-2", "331127", "02", None, "2019-05-01", True),
    ]
    tally = Tally.empty()
    tally.count(certs)
    tally.count(list(reversed(certs)), sign=-1)
    assert not tally
    assert tally.nonzero() == Tally.empty()
