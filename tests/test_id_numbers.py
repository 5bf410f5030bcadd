"""Resident ID numbers (GB 11643-1999): check digit, parsing rules, masking, the person key."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhepai.domain.talent.id_numbers import (
    InvalidIdNumber,
    check_digit,
    make,
    mask,
    parse,
    person_key,
)

TODAY = date(2025, 6, 1)
PUBLISHED = "11010519491231002X"  # the example printed in GB 11643-1999
SECRET = b"0123456789abcdef-test-secret"

regions = st.from_regex(r"[0-9]{6}", fullmatch=True)
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


def gb11643_sum(number: str) -> int:
    """The standard's own formulation: Σ a_i·(2^(i-1) mod 11) over all 18 positions, counted
    from the right with the check character as a_1 (X = 10), must be ≡ 1 (mod 11)."""
    values = [10 if c == "X" else int(c) for c in reversed(number)]
    return sum(a * pow(2, i, 11) for i, a in enumerate(values)) % 11


def test_the_published_example_parses() -> None:
    parsed = parse(PUBLISHED, today=TODAY)
    assert parsed.number == PUBLISHED
    assert parsed.region == "110105"
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sex == "F"  # 17th digit 2
    assert check_digit(PUBLISHED[:17]) == "X"
    assert gb11643_sum(PUBLISHED) == 1


def test_a_lower_case_x_and_blanks_are_normalised() -> None:
    assert parse(f"  {PUBLISHED.lower()} ", today=TODAY).number == PUBLISHED


def test_made_numbers_are_valid() -> None:
    number = make("330824", date(1990, 5, 17), 123)
    assert number.startswith("33082419900517123")
    parsed = parse(number, today=TODAY)
    assert (parsed.region, parsed.birth_date, parsed.sex) == ("330824", date(1990, 5, 17), "M")
    assert parse(make("331127", date(2004, 2, 29), 8), today=TODAY).sex == "F"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("1101051949123100", "LENGTH"),
        ("11010519491231002X1", "LENGTH"),
        ("", "LENGTH"),
        ("11010519491231002Y", "FORMAT"),
        ("1101051949123100AX", "FORMAT"),
        ("X10105194912310021", "FORMAT"),
        ("１１０１０５１９４９１２３１００２X", "FORMAT"),  # full-width digits are not digits here
        ("110105194913310021", "BIRTH_DATE"),  # month 13
        ("110105195002290021", "BIRTH_DATE"),  # 1950 is not a leap year
        ("110105189912310021", "BIRTH_DATE"),  # before 1900
        ("110105202506020021", "BIRTH_DATE"),  # the day after TODAY
        ("110105194912310021", "CHECKSUM"),
    ],
)
def test_each_rule_has_its_code(number: str, code: str) -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        parse(number, today=TODAY)
    assert caught.value.code == code


def test_the_checksum_message_names_the_expected_digit() -> None:
    with pytest.raises(InvalidIdNumber, match="expected X"):
        parse("110105194912310021", today=TODAY)


def test_a_bad_date_is_reported_before_a_bad_checksum() -> None:
    with pytest.raises(InvalidIdNumber) as caught:
        parse("110105194902300027", today=TODAY)  # 30 February, and a wrong check digit
    assert caught.value.code == "BIRTH_DATE"


@pytest.mark.parametrize(
    ("region", "seq"), [("33082", 1), ("33082a", 1), ("330824", 1000), ("330824", -1)]
)
def test_make_rejects_impossible_parts(region: str, seq: int) -> None:
    with pytest.raises(ValueError, match=r"region code|sequence"):
        make(region, date(1990, 1, 1), seq)


@given(regions, births, sequences)
def test_make_then_parse_round_trips(region: str, birth: date, seq: int) -> None:
    number = make(region, birth, seq)
    parsed = parse(number, today=TODAY)
    assert (parsed.region, parsed.birth_date) == (region, birth)
    assert parsed.sex == ("M" if seq % 2 else "F")
    assert gb11643_sum(number) == 1


@given(regions, births, sequences, st.sampled_from("0123456789X"))
def test_a_check_character_is_accepted_exactly_when_the_standard_sum_is_one(
    region: str, birth: date, seq: int, check: str
) -> None:
    number = make(region, birth, seq)[:17] + check
    if gb11643_sum(number) == 1:
        assert parse(number, today=TODAY).number == number
    else:
        with pytest.raises(InvalidIdNumber) as caught:
            parse(number, today=TODAY)
        assert caught.value.code == "CHECKSUM"


@given(regions, births, sequences, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_changed_character_is_rejected(
    region: str, birth: date, seq: int, position: int, replacement: str
) -> None:
    number = make(region, birth, seq)
    if number[position] == replacement:
        return
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(InvalidIdNumber) as caught:
        parse(changed, today=TODAY)
    assert caught.value.code in {"CHECKSUM", "FORMAT", "BIRTH_DATE"}


@given(regions, births, sequences)
def test_mask_keeps_ten_characters_visible(region: str, birth: date, seq: int) -> None:
    number = make(region, birth, seq)
    masked = mask(number)
    assert len(masked) == 18
    assert masked[6:14] == "*" * 8
    assert masked[:6] + masked[14:] == number[:6] + number[14:]
    assert parse(number, today=TODAY).masked == masked


def test_mask_example_and_wrong_length() -> None:
    assert mask("330824199005171234") == "330824********1234"
    with pytest.raises(InvalidIdNumber) as caught:
        mask("3308241990051712")
    assert caught.value.code == "LENGTH"


def test_person_key_is_a_stable_secret_dependent_hmac() -> None:
    key = person_key(PUBLISHED, SECRET)
    expected = hmac.new(SECRET, PUBLISHED.encode(), hashlib.sha256).hexdigest()[:30]
    assert key == expected
    assert len(key) == 30
    assert person_key(PUBLISHED.lower(), SECRET) == key  # normalised before hashing
    assert person_key(PUBLISHED, SECRET + b"!") != key
    assert person_key(make("110105", date(1949, 12, 31), 3), SECRET) != key
    assert PUBLISHED not in key


def test_person_key_refuses_a_short_secret() -> None:
    with pytest.raises(ValueError, match="at least 16 bytes"):
        person_key(PUBLISHED, b"short")
