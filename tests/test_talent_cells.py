"""What a person's certificates count for (talent/cells.py), year by year, against the
definitions as docs/api.md ("Workers and statistics", "Statistics over time") words them,
for any mix of levels, 专项, revocations and dates."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from zhepai.domain.talent.cells import LEVEL_RANK, SPECIALTY, FlowKey, Held, Tally

DAYS = ["2019-05-01", "2019-12-31", "2020-01-01", "2021-01-31", "2021-12-31", "2024-07-15"]
YEARS = range(2018, 2027)


@st.composite
def helds(draw: st.DrawFn) -> Held:
    valid = draw(st.booleans())
    return Held(
        no=draw(st.sampled_from(["C-1", "C-2", "C-3", "C-4"])),
        county=draw(st.sampled_from(["330824", "331127"])),
        series=draw(st.sampled_from(["01", "02"])),
        level=draw(st.none() | st.sampled_from(list(LEVEL_RANK))),
        issued_on=draw(st.sampled_from(DAYS)),
        valid=valid,
        revoked_on=None if valid else draw(st.none() | st.sampled_from([*DAYS, "2025-03-01"])),
    )


def in_force(h: Held, day: str) -> bool:
    """Issued on or before ``day`` and not revoked by then; revoked without a date: never."""
    if h.issued_on > day:
        return False
    return h.valid or (h.revoked_on is not None and h.revoked_on > day)


def cell(h: Held) -> tuple[str, str, str]:
    return (h.county, h.series, h.level or SPECIALTY)


def high(h: Held) -> bool:
    return h.level is not None and LEVEL_RANK[h.level] >= LEVEL_RANK["SENIOR"]


def expected(certs: list[Held]) -> dict[str, Counter[FlowKey]]:
    """Each measure's change per cell and year, from the year-end states."""
    persons: Counter[FlowKey] = Counter()
    certificates: Counter[FlowKey] = Counter()
    entered: Counter[FlowKey] = Counter()
    entered_high: Counter[FlowKey] = Counter()
    issued = Counter(
        (*cell(h), int(h.issued_on[:4]))
        for h in certs
        if h.valid or (h.revoked_on is not None and h.revoked_on > h.issued_on)
    )
    before_person: tuple[str, str, str] | None = None
    before_certs: Counter[tuple[str, str, str]] = Counter()
    for year in YEARS:
        end = f"{year}-12-31"
        now_certs = Counter(cell(h) for h in certs if in_force(h, end))
        for c in now_certs.keys() | before_certs.keys():
            certificates[(*c, year)] += now_certs[c] - before_certs[c]
        before_certs = now_certs
        # skilled: a certificate in force at JUNIOR or above, or a 专项 in force
        qualifying = [h for h in certs if in_force(h, end) and h.level != "APPRENTICE"]
        placed = None
        if qualifying:
            # counted once, by the highest level (a 专项 between APPRENTICE and JUNIOR), the
            # latest issued among equals, then the number
            first = max(
                qualifying,
                key=lambda h: (1.5 if h.level is None else LEVEL_RANK[h.level], h.issued_on, h.no),
            )
            placed = cell(first)
            if int(min(h.issued_on for h in qualifying)[:4]) == year:
                entered[(*placed, year)] += 1
            highs = [h for h in qualifying if high(h)]
            if high(first) and int(min(h.issued_on for h in highs)[:4]) == year:
                entered_high[(*placed, year)] += 1
        if placed != before_person:
            if before_person is not None:
                persons[(*before_person, year)] -= 1
            if placed is not None:
                persons[(*placed, year)] += 1
        before_person = placed
    return {"persons": persons, "certificates": certificates, "issued": issued,
            "entered": entered, "entered_high": entered_high}  # fmt: skip


def nonzero(counter: Counter[FlowKey] | dict[FlowKey, int], sign: int = 1) -> dict[FlowKey, int]:
    return {k: sign * n for k, n in counter.items() if n}


@given(
    st.lists(helds(), min_size=0, max_size=4, unique_by=lambda h: h.no), st.sampled_from([1, -1])
)
def test_a_person_counts_as_the_definitions_say(certs: list[Held], sign: int) -> None:
    tally = Tally.empty()
    tally.count(certs, sign)

    for measure, want in expected(certs).items():
        assert nonzero(getattr(tally, measure)) == nonzero(want, sign), measure


@given(helds(), st.sampled_from([1, -1]))
def test_one_certificate_counts_as_it_would_among_several(h: Held, sign: int) -> None:
    """The shortcut for a person with one certificate agrees with the general count."""
    short, general = Tally.empty(), Tally.empty()
    short.count([h], sign)
    general._count_many([h], sign)
    assert short.nonzero() == general.nonzero()


def test_counting_back_leaves_nothing() -> None:
    certs = [
        Held("C-1", "330824", "01", "SENIOR", "2021-01-31", True),
        Held("C-2", "331127", "02", None, "2019-05-01", False, "2022-03-01"),
    ]
    tally = Tally.empty()
    tally.count(certs)
    tally.count(list(reversed(certs)), sign=-1)
    assert not tally
    assert tally.nonzero() == Tally.empty()


def test_a_person_moves_between_cells_at_the_year_ends() -> None:
    # given a JUNIOR in 开化县 (2019), a SENIOR in 柯城区 (2021), the SENIOR revoked in 2024
    certs = [
        Held("C-1", "330824", "01", "JUNIOR", "2019-12-31", True),
        Held("C-2", "330802", "01", "SENIOR", "2021-01-01", False, "2024-06-30"),
    ]
    tally = Tally.empty()
    tally.count(certs)
    # then: skilled from the end of 2019 in 开化县, counted in 柯城区 at the ends of 2021–2023,
    # and back in 开化县 from the end of 2024
    assert nonzero(tally.persons) == {
        ("330824", "01", "JUNIOR", 2019): 1,
        ("330824", "01", "JUNIOR", 2021): -1,
        ("330802", "01", "SENIOR", 2021): 1,
        ("330802", "01", "SENIOR", 2024): -1,
        ("330824", "01", "JUNIOR", 2024): 1,
    }
    # new skilled in 2019 (issued on its last day), new high-skilled in 2021 (on its first)
    assert nonzero(tally.entered) == {("330824", "01", "JUNIOR", 2019): 1}
    assert nonzero(tally.entered_high) == {("330802", "01", "SENIOR", 2021): 1}
    assert nonzero(tally.issued) == {
        ("330824", "01", "JUNIOR", 2019): 1,
        ("330802", "01", "SENIOR", 2021): 1,
    }
    assert nonzero(tally.certificates) == {
        ("330824", "01", "JUNIOR", 2019): 1,
        ("330802", "01", "SENIOR", 2021): 1,
        ("330802", "01", "SENIOR", 2024): -1,
    }
    # today (summed over the years): one person, in 开化县
    persons, _ = tally.now()
    assert {k: n for k, n in persons.items() if n} == {("330824", "01", "JUNIOR"): 1}
