"""Credential codes: issued for valid certificates, refused when changed, expired or revoked;
and the public verifyCredential field."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import GraphQLClient
from tests.workers_data import CREDENTIAL_SECRET, GOOD, SECRET, TODAY, ZHANG, write_csv
from zhepai.domain.talent import credentials
from zhepai.domain.talent.id_numbers import person_key
from zhepai.domain.talent.writer import CertificateWriter, revocation
from zhepai.graph.maintenance import DROP_WORKERS
from zhepai.graph.store import GraphStore
from zhepai.graph.workers import CertificateRecord, PersonRecord, WorkerRepository
from zhepai.loaders.workers_import import import_workers

KEY = b"credential-secret-for-the-tests-0123456789"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."


def certificate(no: str, status: str = "VALID") -> CertificateRecord:
    return CertificateRecord(no, "k", "SKILL_LEVEL", "SENIOR", "OCC-0461", None, "16", "330824",
                             "2021-06-01", None, status)  # fmt: skip


HELD = (certificate("C-1"), certificate("C-2"), certificate("C-3", "REVOKED"))
PERSON = PersonRecord("k", "330824********1231", "张小三", 1990, "M", HELD)
CODE = credentials.issue(PERSON, KEY, 3600, NOW)
STORED = {c.no: c for c in PERSON.certificates}


def test_a_code_vouches_for_the_valid_certificates_only() -> None:
    assert CODE.certificates == ("C-1", "C-2")
    numbers = credentials.read(CODE.code, KEY, NOW + timedelta(minutes=59))
    assert numbers == ("C-1", "C-2")
    result = credentials.verify(numbers, STORED, PERSON.name)
    assert (result.valid, result.reason, result.masked_name) == (True, None, "张*三")
    assert [c.no for c in result.certificates] == ["C-1", "C-2"]


@settings(max_examples=150, deadline=None)
@given(position=st.integers(min_value=0), replacement=st.sampled_from(ALPHABET))
def test_any_changed_character_is_refused(position: int, replacement: str) -> None:
    i = position % len(CODE.code)
    if CODE.code[i] == replacement:
        return
    changed = CODE.code[:i] + replacement + CODE.code[i + 1 :]
    read = credentials.read(changed, KEY, NOW)
    assert isinstance(read, str) and read.split(":")[0] in ("TAMPERED", "MALFORMED"), read


def test_expired_wrong_key_revoked_and_unknown_are_refused_with_a_reason() -> None:
    expired = credentials.read(CODE.code, KEY, NOW + timedelta(hours=1, seconds=1))
    assert isinstance(expired, str) and expired.startswith("EXPIRED")
    assert str(
        credentials.read(CODE.code, b"another-secret-of-the-same-length-0123456", NOW)
    ).startswith("TAMPERED")
    assert str(credentials.read("not a code", KEY, NOW)).startswith("MALFORMED")
    revoked = {**STORED, "C-2": replace(STORED["C-2"], status="REVOKED")}
    result = credentials.verify(("C-1", "C-2"), revoked, PERSON.name)
    assert (result.valid, result.reason) == (False, "REVOKED: 证书 C-2 已被撤销")
    gone = credentials.verify(("C-1", "C-9"), STORED, PERSON.name)
    assert not gone.valid and str(gone.reason).startswith("UNKNOWN")
    # the details after the code are the reader's, in Chinese
    tampered = credentials.read(CODE.code, b"another-secret-of-the-same-length-0123456", NOW)
    for reason in (expired, tampered, credentials.read("not a code", KEY, NOW), gone.reason):
        code, details = str(reason).split(": ", 1)
        assert code.isupper() and re.search(r"[\u4e00-\u9fff]", details), reason


def test_nothing_to_certify() -> None:
    revoked = replace(PERSON, certificates=(certificate("C-3", "REVOKED"),))
    with pytest.raises(credentials.NothingToCertify):
        credentials.issue(revoked, KEY, 60, NOW)


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张*"), ("张小三", "张*三"), ("欧阳小明", "欧**明"), ("李", "李")]
)
def test_masked_names(name: str, masked: str) -> None:
    assert credentials.mask_name(name) == masked


VERIFY = """
query ($code: String!) {
  verifyCredential(code: $code) {
    valid reason maskedName certificates { certificateNo status level { name } }
  }
}
"""


@pytest.fixture
async def imported(seeded_store: GraphStore, tmp_path: Path) -> AsyncIterator[GraphStore]:
    await import_workers(seeded_store, write_csv(tmp_path / "w.csv", GOOD), SECRET, today=TODAY)
    yield seeded_store
    await seeded_store.write_all([(s, {}) for s in DROP_WORKERS])


async def test_verify_over_http_and_after_a_revocation(
    gql: GraphQLClient, imported: GraphStore
) -> None:
    repo = WorkerRepository(imported)
    zhang = await repo.person(person_key(ZHANG, SECRET))
    assert zhang is not None
    secret = CREDENTIAL_SECRET.encode()
    code = credentials.issue(zhang, secret, 600, datetime.now(UTC)).code

    data = (await gql(VERIFY, code=code))["verifyCredential"]
    assert (data["valid"], data["maskedName"]) == (True, "张*")
    assert [c["certificateNo"] for c in data["certificates"]] == ["C-0001", "C-0002"]
    assert "330824199005171231" not in str(data) and "张三" not in str(data)

    c = next(c for c in zhang.certificates if c.no == "C-0002")
    await CertificateWriter(repo).write([revocation(zhang, c)], "test", "REVOKE", c.no)
    data = (await gql(VERIFY, code=code))["verifyCredential"]
    assert (data["valid"], data["reason"]) == (
        False,
        "REVOKED: 证书 C-0002 已被撤销",
    )
    tampered = code[:-3] + ("AAA" if code[-3:] != "AAA" else "BBB")
    assert (await gql(VERIFY, code=tampered))["verifyCredential"]["valid"] is False
