"""Worker records and credential codes over HTTP, by role: officers look workers up, issue
codes and revoke certificates (each audited); anyone verifies a code; researchers see the
small cells that anonymous callers do not."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import GraphQLClient
from tests.workers_data import GOOD, SECRET, TODAY, ZHANG, write_csv
from zhepai.graph.maintenance import DROP_WORKERS
from zhepai.graph.store import GraphStore
from zhepai.loaders.workers_import import import_workers
from zhepai.web.roles import Role

WORKER = """
query ($id: String!) {
  worker(personId: $id) {
    maskedId name birthYear sex highestLevel { code name } counties { name }
    certificates { certificateNo evaluation status level { code } occupation { name } }
  }
}
"""
ISSUE = """
mutation ($id: String!) { issueCredentialCode(personId: $id) { code expiresAt certificateNos } }
"""
VERIFY = """
query ($code: String!) { verifyCredential(code: $code) { valid reason reasonCode maskedName } }
"""
REVOKE = """
mutation ($no: String!) {
  revokeCertificate(certificateNo: $no) { certificate { status } errors { field code } }
}
"""
AUDIT = "{ workerAudit(last: 20) { actor action entity entityId } }"
STATS = """
query { talentStats(regionCode: "330800", groupBy: [COUNTY]) {
  skilled groups { key skilled suppressed } } }
"""


@pytest.fixture
async def imported(seeded_store: GraphStore, tmp_path: Path) -> AsyncIterator[GraphStore]:
    await import_workers(seeded_store, write_csv(tmp_path / "w.csv", GOOD), SECRET, today=TODAY)
    yield seeded_store
    await seeded_store.write_all([(s, {}) for s in DROP_WORKERS])


async def test_an_officer_looks_a_worker_up_and_the_lookup_is_audited(
    gql: GraphQLClient, imported: GraphStore
) -> None:
    officer = gql.as_role(Role.OFFICER, subject="officer-7")

    worker = (await officer(WORKER, id=ZHANG))["worker"]

    assert (worker["maskedId"], worker["name"], worker["birthYear"], worker["sex"]) == (
        "330824********1231", "张三", 1990, "M",
    )  # fmt: skip
    assert worker["highestLevel"]["code"] == "SENIOR"
    assert [c["name"] for c in worker["counties"]] == ["开化县"]
    assert [c["certificateNo"] for c in worker["certificates"]] == ["C-0001", "C-0002"]
    audit = (await officer(AUDIT))["workerAudit"]
    assert {"actor": "officer-7", "action": "READ", "entity": "Person",
            "entityId": "330824********1231"} in audit  # fmt: skip
    assert ZHANG not in str(audit)


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (None, "UNAUTHENTICATED"),
        (Role.RESEARCHER, "FORBIDDEN"),
        (Role.PLANNER, "FORBIDDEN"),
    ],
)
async def test_worker_records_are_for_officers_only(
    gql: GraphQLClient, imported: GraphStore, role: Role | None, code: str
) -> None:
    caller = gql.as_role(role) if role else gql
    for document, variables in ((WORKER, {"id": ZHANG}), (ISSUE, {"id": ZHANG}),
                                (REVOKE, {"no": "C-0001"}), (AUDIT, {})):  # fmt: skip
        body = await caller.raw(document, **variables)
        assert body["errors"][0]["extensions"]["code"] == code, document


async def test_a_bad_id_number_is_named(gql: GraphQLClient, imported: GraphStore) -> None:
    body = await gql.as_role(Role.OFFICER).raw(WORKER, id=ZHANG[:-1] + "0")
    (error,) = body["errors"]
    assert (error["extensions"]["code"], error["extensions"]["argument"]) == (
        "BAD_USER_INPUT", "personId",
    )  # fmt: skip


async def test_issue_verify_revoke(gql: GraphQLClient, imported: GraphStore) -> None:
    officer = gql.as_role(Role.OFFICER)
    issued = (await officer(ISSUE, id=ZHANG))["issueCredentialCode"]
    assert issued["certificateNos"] == ["C-0001", "C-0002"]

    verified = (await gql(VERIFY, code=issued["code"]))["verifyCredential"]
    assert (verified["valid"], verified["maskedName"]) == (True, "张*")
    assert (verified["reason"], verified["reasonCode"]) == (None, None)

    revoked = (await officer(REVOKE, no="C-0002"))["revokeCertificate"]
    assert (revoked["certificate"]["status"], revoked["errors"]) == ("REVOKED", [])
    verified = (await gql(VERIFY, code=issued["code"]))["verifyCredential"]
    assert (verified["valid"], verified["reason"], verified["reasonCode"]) == (
        False, "REVOKED: 证书 C-0002 已被撤销", "REVOKED",
    )  # fmt: skip
    tampered = (await gql(VERIFY, code=issued["code"][:-2] + "xx"))["verifyCredential"]
    assert tampered["reasonCode"] in ("TAMPERED", "MALFORMED")
    assert tampered["reason"].startswith(tampered["reasonCode"] + ":")
    missing = (await officer(REVOKE, no="C-9999"))["revokeCertificate"]
    assert missing["errors"] == [{"field": "certificateNo", "code": "NOT_FOUND"}]
    actions = [e["action"] for e in (await officer(AUDIT))["workerAudit"]]
    assert "ISSUE_CREDENTIAL" in actions and "REVOKE" in actions


async def test_researchers_see_small_cells(gql: GraphQLClient, imported: GraphStore) -> None:
    anonymous = (await gql(STATS))["talentStats"]
    researcher = (await gql.as_role(Role.RESEARCHER)(STATS))["talentStats"]

    # 衢州市: 张三 and 李四 in 开化县, 赵六 in 柯城区 — all cells below 5
    assert all(g["skilled"] is None and g["suppressed"] for g in anonymous["groups"])
    assert anonymous["skilled"] is None
    assert {g["key"][0]: g["skilled"] for g in researcher["groups"]} == {"330802": 1, "330824": 2}
    assert researcher["skilled"] == 3 and not any(g["suppressed"] for g in researcher["groups"])
