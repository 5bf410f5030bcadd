"""Writing the seed-owned part of the graph: nodes keyed by natural keys, with their edges.

Every seed-owned node carries ``seedHash``, a digest of its properties *and* its outgoing
edges as the seeds state them. A load compares hashes to find what changed, rewrites only
that, and stamps the new hash last: on FalkorDB, where each statement is its own
transaction, a load cut short leaves old hashes behind and the next load redoes the work.

The kinds' statements are built once, at import, from the table below: every label, key,
property and edge type in them is a literal of this module (an allow-list, STYLE.md rule 4),
and the values still travel as ``$parameters``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from zhepai.graph.cypher import Access, Cypher, statement


@dataclass(frozen=True, slots=True, eq=False)  # identity: kinds are singletons
class NodeKind:
    name: str
    hashes: Cypher  # -> key, hash for every node of the kind
    upsert: Cypher  # $rows: [{key, props}]
    mark: Cypher  # $rows: [{key, hash}]
    delete: Cypher  # $keys
    unlink: Cypher | None = None  # $keys: drop the seed edges the kind owns
    link: Cypher | None = None  # $rows: [{key, ...edge data}] recreate them
    # $keys -> key: those of the nodes that imported data (certificates, bases) points at,
    # which a load must not delete (their edges would go with them)
    in_use: Cypher | None = None


@dataclass(frozen=True, slots=True)
class Edge:
    """A seed edge from each node of a kind to the one node ``row.<field>`` names."""

    type: LiteralString
    label: LiteralString
    field: LiteralString
    props: tuple[LiteralString, ...] = ()  # copied from the row onto the edge
    key: LiteralString = "code"


@dataclass(frozen=True, slots=True)
class Fan:
    """Edges to a list of nodes, written by ``text`` after the kind's ``Edge``s; ``n`` is
    the kind's node and ``row`` the link row (with ``sample`` as its extra fields)."""

    types: tuple[LiteralString, ...]
    text: LiteralString
    sample: dict[str, Any]
    incoming: bool = False  # the edges point at the kind's nodes (which then have no Edge)


W = Access.WRITE
ROWS = [{"key": "k", "props": {"name": "n"}}]
MARKS = [{"key": "k", "hash": "h"}]
KEYS = ["k"]


# The edges imported records draw to seed nodes: (from label, edge type, seed label).
IMPORTED_EDGES: tuple[tuple[LiteralString, LiteralString, LiteralString], ...] = (
    ("Base", "COVERS", "Series"),
    ("Certificate", "CERTIFIES", "Occupation"),
    ("Certificate", "CERTIFIES", "Specialty"),
    ("Certificate", "ISSUED_IN", "Region"),
    ("Base", "LOCATED_IN", "Region"),
    ("Certificate", "AT_LEVEL", "SkillLevel"),
)


def _kind(
    name: str,
    stem: LiteralString,
    label: LiteralString,
    *edges: Edge,
    key: LiteralString = "code",
    fan: Fan | None = None,
) -> NodeKind:
    """The statements of one seed-owned label, named ``seed_<verb>_<stem>``. SERIES's
    ``link``, for one: ``UNWIND $rows AS row MATCH (n:Series {code: row.key})
    MATCH (t0:Industry {code: row.industry}) MERGE (n)-[:IN_INDUSTRY]->(t0)``."""
    by_row: LiteralString = f"(n:{label} {{{key}: row.key}})"
    by_key: LiteralString = f"(n:{label} {{{key}: k}})"
    pointers = " OR ".join(
        f"(n)<-[:{rel}]-(:{src})" for src, rel, to in IMPORTED_EDGES if to == label
    )
    in_use = None
    if pointers:
        in_use = statement(
            f"seed_in_use_{stem}",
            f"UNWIND $keys AS k MATCH {by_key} WHERE {pointers} RETURN k AS key",
            keys=KEYS,
        )
    unlink = link = None
    if edges or fan:
        unlink, link = _links(stem, by_row, by_key, edges, fan)
    return NodeKind(
        name=name,
        hashes=statement(
            f"seed_hashes_{stem}", f"MATCH (n:{label}) RETURN n.{key} AS key, n.seedHash AS hash"
        ),
        upsert=statement(
            f"seed_upsert_{stem}",
            f"UNWIND $rows AS row MERGE {by_row} SET n += row.props",
            access=W,
            rows=ROWS,
        ),
        mark=statement(
            f"seed_mark_{stem}",
            f"UNWIND $rows AS row MATCH {by_row} SET n.seedHash = row.hash",
            access=W,
            rows=MARKS,
        ),
        delete=statement(
            f"seed_delete_{stem}",
            f"UNWIND $keys AS k MATCH {by_key} DETACH DELETE n",
            access=W,
            keys=KEYS,
        ),
        unlink=unlink,
        link=link,
        in_use=in_use,
    )


def _links(
    stem: LiteralString,
    by_row: LiteralString,
    by_key: LiteralString,
    edges: tuple[Edge, ...],
    fan: Fan | None,
) -> tuple[Cypher, Cypher]:
    """``unlink`` and ``link`` for the kind's seed edges."""
    types = "|".join([e.type for e in edges] + list(fan.types if fan else ()))
    owned = f"<-[r:{types}]-()" if fan and fan.incoming else f"-[r:{types}]->()"
    text = f"UNWIND $rows AS row MATCH {by_row}"
    sample: dict[str, Any] = {"key": "k"}
    for i, e in enumerate(edges):
        text += f" MATCH (t{i}:{e.label} {{{e.key}: row.{e.field}}})"
        sample |= {e.field: "v"} | dict.fromkeys(e.props, "v")
    for i, e in enumerate(edges):
        if e.props:
            text += f" MERGE (n)-[e{i}:{e.type}]->(t{i}) SET "
            text += ", ".join(f"e{i}.{p} = row.{p}" for p in e.props)
        else:
            text += f" MERGE (n)-[:{e.type}]->(t{i})"
    if fan:
        text += (" WITH n, row " if edges else " ") + fan.text
        sample |= fan.sample
    return (
        statement(
            f"seed_unlink_{stem}",
            f"UNWIND $keys AS k MATCH {by_key}{owned} DELETE r",
            access=W,
            keys=KEYS,
        ),
        statement(f"seed_link_{stem}", text, access=W, rows=[sample]),
    )


INDUSTRIES = _kind("industries", "industry", "Industry")
SERIES = _kind("series", "series", "Series", Edge("IN_INDUSTRY", "Industry", "industry"))
OCCUPATIONS = _kind(
    "occupations",
    "occupation",
    "Occupation",
    Edge("IN_SERIES", "Series", "series", ("workTypes", "position")),
    key="id",
)
SPECIALTIES = _kind(
    "specialties",
    "specialty",
    "Specialty",
    Edge("IN_SERIES", "Series", "series", ("position",)),
    key="id",
    fan=Fan(
        ("ORIGINATES_IN",),
        "UNWIND row.origins AS origin MATCH (g:Region {code: origin.code})"
        " MERGE (n)-[o:ORIGINATES_IN]->(g) SET o.basis = origin.basis",
        {"origins": [{"code": "330824", "basis": "b"}]},
    ),
)
REGIONS = _kind("regions", "region", "Region", Edge("PART_OF", "Region", "parent"))
DESIGNATIONS = _kind(
    "designations",
    "designation",
    "Designation",
    fan=Fan(
        ("DESIGNATED_AS",),
        "UNWIND row.members AS member MATCH (r:Region {code: member})"
        " MERGE (r)-[:DESIGNATED_AS]->(n)",
        {"members": ["330824"]},
        incoming=True,
    ),
)
SKILL_LEVELS = _kind(
    "skill levels", "skill_level", "SkillLevel", Edge("NEXT", "SkillLevel", "next")
)
EVALUATION_KINDS = _kind("evaluation kinds", "evaluation_kind", "EvaluationKind")
PLAN_TARGETS = _kind("plan targets", "plan_target", "PlanTarget")
TRAINING_PLANS = _kind(
    "training plans", "training_plan", "TrainingPlan", Edge("FOR_INDUSTRY", "Industry", "industry")
)
DEPARTMENTS = _kind("departments", "department", "Department", key="name")
MEASURES = _kind(
    "measures",
    "measure",
    "Measure",
    fan=Fan(
        ("RESPONSIBLE",),
        "UNWIND range(0, size(row.departments) - 1) AS i"
        " MATCH (d:Department {name: row.departments[i]})"
        " MERGE (n)-[r:RESPONSIBLE]->(d) SET r.position = i",
        {"departments": ["省人力社保厅"]},
    ),
)
FINDINGS = _kind("data-quality findings", "finding", "DataQualityFinding", key="id")
EDUCATIONS = _kind("educations", "education", "Education")
STEP_RULES = _kind("career rules", "step_rule", "StepRule")
RULE_ALTERNATIVES = _kind(
    "career rule alternatives",
    "rule_alternative",
    "RuleAlternative",
    Edge("ALTERNATIVE_OF", "StepRule", "rule"),
    Edge("FOR_EDUCATION", "Education", "education"),
)

# Related occupations (相关职业): each pair is one RELATED edge from the smaller id to the
# larger, read in both directions. The pairs are owned per occupation (its edges to larger
# ids) and hashed in ``relatedHash``, so the occupations kind keeps its own hash. The one kind
# that owns edges but no nodes, so its statements are written out.
RELATEDNESS = NodeKind(
    name="relatedness (per occupation)",
    hashes=statement(
        "seed_hashes_related",
        "MATCH (n:Occupation) RETURN n.id AS key, n.relatedHash AS hash",
    ),
    upsert=statement(
        "seed_upsert_related",
        "UNWIND $rows AS row MATCH (n:Occupation {id: row.key}) RETURN count(n) AS n",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_related",
        "UNWIND $rows AS row MATCH (n:Occupation {id: row.key}) SET n.relatedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_related",
        """
        UNWIND $keys AS k
        MATCH (n:Occupation {id: k})
        OPTIONAL MATCH (n)-[r:RELATED]->()
        DELETE r
        REMOVE n.relatedHash
        """,
        access=W,
        keys=KEYS,
    ),
    unlink=statement(
        "seed_unlink_related",
        "UNWIND $keys AS k MATCH (:Occupation {id: k})-[r:RELATED]->() DELETE r",
        access=W,
        keys=KEYS,
    ),
    link=statement(
        "seed_link_related",
        """
        UNWIND $rows AS row
        MATCH (a:Occupation {id: row.key})
        UNWIND row.pairs AS pair
        MATCH (b:Occupation {id: pair.other})
        MERGE (a)-[r:RELATED]->(b)
        SET r.kind = pair.kind, r.reason = pair.reason, r.source = pair.source
        """,
        access=W,
        rows=[
            {
                "key": "OCC-0461",
                "pairs": [
                    {"other": "OCC-0462", "kind": "WORK_FAMILY", "reason": "…", "source": "…"}
                ],
            }
        ],
    ),
)

# Order matters: edges point at nodes of earlier kinds (or of the same kind, as regions do).
ALL_KINDS: tuple[NodeKind, ...] = (
    INDUSTRIES,
    SERIES,
    REGIONS,
    OCCUPATIONS,
    SPECIALTIES,
    DESIGNATIONS,
    SKILL_LEVELS,
    EVALUATION_KINDS,
    PLAN_TARGETS,
    TRAINING_PLANS,
    DEPARTMENTS,
    MEASURES,
    FINDINGS,
    EDUCATIONS,
    STEP_RULES,
    RULE_ALTERNATIVES,
    RELATEDNESS,
)
