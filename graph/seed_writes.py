"""Writing the seed-owned part of the graph: nodes keyed by natural keys, with their edges.

Every seed-owned node carries ``seedHash``, a digest of its properties *and* its outgoing
edges as the seeds state them. A load compares hashes to find what changed, rewrites only
that, and stamps the new hash last: on FalkorDB, where each statement is its own
transaction, a load cut short leaves old hashes behind and the next load redoes the work.

Each node kind has its statements written out in full (no label is ever formatted into
Cypher); ``NodeKind`` only groups them.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhepai.graph.cypher import Access, Cypher, statement


@dataclass(frozen=True, slots=True, eq=False)  # identity: kinds are singletons
class NodeKind:
    name: str
    hashes: Cypher  # -> key, hash for every node of the kind
    upsert: Cypher  # $rows: [{key, props}]
    mark: Cypher  # $rows: [{key, hash}]
    delete: Cypher  # $keys
    unlink: Cypher | None = None  # $keys: drop the kind's outgoing seed edges
    link: Cypher | None = None  # $rows: [{key, ...edge data}] recreate them
    # $keys -> key: those of the nodes that imported data (certificates, bases) points at,
    # which a load must not delete (their edges would go with them)
    in_use: Cypher | None = None


W = Access.WRITE
ROWS = [{"key": "k", "props": {"name": "n"}}]
MARKS = [{"key": "k", "hash": "h"}]
KEYS = ["k"]

INDUSTRIES = NodeKind(
    name="industries",
    hashes=statement(
        "seed_hashes_industry", "MATCH (n:Industry) RETURN n.code AS key, n.seedHash AS hash"
    ),
    upsert=statement(
        "seed_upsert_industry",
        "UNWIND $rows AS row MERGE (n:Industry {code: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_industry",
        "UNWIND $rows AS row MATCH (n:Industry {code: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_industry",
        "UNWIND $keys AS k MATCH (n:Industry {code: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
)

SERIES = NodeKind(
    name="series",
    hashes=statement(
        "seed_hashes_series", "MATCH (n:Series) RETURN n.code AS key, n.seedHash AS hash"
    ),
    upsert=statement(
        "seed_upsert_series",
        "UNWIND $rows AS row MERGE (n:Series {code: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_series",
        "UNWIND $rows AS row MATCH (n:Series {code: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_series",
        "UNWIND $keys AS k MATCH (n:Series {code: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
    in_use=statement(
        "seed_in_use_series",
        """
        UNWIND $keys AS k
        MATCH (n:Series {code: k})
        WHERE (n)<-[:COVERS]-(:Base)
        RETURN k AS key
        """,
        keys=KEYS,
    ),
    unlink=statement(
        "seed_unlink_series",
        "UNWIND $keys AS k MATCH (:Series {code: k})-[r:IN_INDUSTRY]->() DELETE r",
        access=W,
        keys=KEYS,
    ),
    link=statement(
        "seed_link_series",
        """
        UNWIND $rows AS row
        MATCH (n:Series {code: row.key})
        MATCH (i:Industry {code: row.industry})
        MERGE (n)-[:IN_INDUSTRY]->(i)
        """,
        access=W,
        rows=[{"key": "01", "industry": "PRIMARY"}],
    ),
)

OCCUPATIONS = NodeKind(
    name="occupations",
    hashes=statement(
        "seed_hashes_occupation", "MATCH (n:Occupation) RETURN n.id AS key, n.seedHash AS hash"
    ),
    upsert=statement(
        "seed_upsert_occupation",
        "UNWIND $rows AS row MERGE (n:Occupation {id: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_occupation",
        "UNWIND $rows AS row MATCH (n:Occupation {id: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_occupation",
        "UNWIND $keys AS k MATCH (n:Occupation {id: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
    in_use=statement(
        "seed_in_use_occupation",
        """
        UNWIND $keys AS k
        MATCH (n:Occupation {id: k})
        WHERE (n)<-[:CERTIFIES]-(:Certificate)
        RETURN k AS key
        """,
        keys=KEYS,
    ),
    unlink=statement(
        "seed_unlink_occupation",
        "UNWIND $keys AS k MATCH (:Occupation {id: k})-[r:IN_SERIES]->() DELETE r",
        access=W,
        keys=KEYS,
    ),
    link=statement(
        "seed_link_occupation",
        """
        UNWIND $rows AS row
        MATCH (n:Occupation {id: row.key})
        MATCH (s:Series {code: row.series})
        MERGE (n)-[r:IN_SERIES]->(s)
        SET r.workTypes = row.workTypes, r.position = row.position
        """,
        access=W,
        rows=[{"key": "OCC-0001", "series": "01", "workTypes": ["x"], "position": 1}],
    ),
)

SPECIALTIES = NodeKind(
    name="specialties",
    hashes=statement(
        "seed_hashes_specialty", "MATCH (n:Specialty) RETURN n.id AS key, n.seedHash AS hash"
    ),
    upsert=statement(
        "seed_upsert_specialty",
        "UNWIND $rows AS row MERGE (n:Specialty {id: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_specialty",
        "UNWIND $rows AS row MATCH (n:Specialty {id: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_specialty",
        "UNWIND $keys AS k MATCH (n:Specialty {id: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
    in_use=statement(
        "seed_in_use_specialty",
        """
        UNWIND $keys AS k
        MATCH (n:Specialty {id: k})
        WHERE (n)<-[:CERTIFIES]-(:Certificate)
        RETURN k AS key
        """,
        keys=KEYS,
    ),
    unlink=statement(
        "seed_unlink_specialty",
        """
        UNWIND $keys AS k
        MATCH (:Specialty {id: k})-[r]->()
        WHERE type(r) IN ['IN_SERIES', 'ORIGINATES_IN']
        DELETE r
        """,
        access=W,
        keys=KEYS,
    ),
    link=statement(
        "seed_link_specialty",
        """
        UNWIND $rows AS row
        MATCH (n:Specialty {id: row.key})
        MATCH (s:Series {code: row.series})
        MERGE (n)-[r:IN_SERIES]->(s)
        SET r.position = row.position
        WITH n, row
        UNWIND row.origins AS origin
        MATCH (g:Region {code: origin.code})
        MERGE (n)-[o:ORIGINATES_IN]->(g)
        SET o.basis = origin.basis
        """,
        access=W,
        rows=[
            {
                "key": "SPC-001",
                "series": "01",
                "position": 1,
                "origins": [{"code": "330824", "basis": "b"}],
            }
        ],
    ),
)

REGIONS = NodeKind(
    name="regions",
    hashes=statement(
        "seed_hashes_region", "MATCH (n:Region) RETURN n.code AS key, n.seedHash AS hash"
    ),
    upsert=statement(
        "seed_upsert_region",
        "UNWIND $rows AS row MERGE (n:Region {code: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_region",
        "UNWIND $rows AS row MATCH (n:Region {code: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_region",
        "UNWIND $keys AS k MATCH (n:Region {code: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
    in_use=statement(
        "seed_in_use_region",
        """
        UNWIND $keys AS k
        MATCH (n:Region {code: k})
        WHERE (n)<-[:ISSUED_IN]-(:Certificate) OR (n)<-[:LOCATED_IN]-(:Base)
        RETURN k AS key
        """,
        keys=KEYS,
    ),
    unlink=statement(
        "seed_unlink_region",
        "UNWIND $keys AS k MATCH (:Region {code: k})-[r:PART_OF]->() DELETE r",
        access=W,
        keys=KEYS,
    ),
    link=statement(
        "seed_link_region",
        """
        UNWIND $rows AS row
        MATCH (n:Region {code: row.key})
        MATCH (p:Region {code: row.parent})
        MERGE (n)-[:PART_OF]->(p)
        """,
        access=W,
        rows=[{"key": "330824", "parent": "330800"}],
    ),
)

DESIGNATIONS = NodeKind(
    name="designations",
    hashes=statement(
        "seed_hashes_designation",
        "MATCH (n:Designation) RETURN n.code AS key, n.seedHash AS hash",
    ),
    upsert=statement(
        "seed_upsert_designation",
        "UNWIND $rows AS row MERGE (n:Designation {code: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_designation",
        "UNWIND $rows AS row MATCH (n:Designation {code: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_designation",
        "UNWIND $keys AS k MATCH (n:Designation {code: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
    unlink=statement(
        "seed_unlink_designation",
        "UNWIND $keys AS k MATCH ()-[r:DESIGNATED_AS]->(:Designation {code: k}) DELETE r",
        access=W,
        keys=KEYS,
    ),
    link=statement(
        "seed_link_designation",
        """
        UNWIND $rows AS row
        MATCH (d:Designation {code: row.key})
        UNWIND row.members AS member
        MATCH (r:Region {code: member})
        MERGE (r)-[:DESIGNATED_AS]->(d)
        """,
        access=W,
        rows=[{"key": "MOUNTAIN_26", "members": ["330824"]}],
    ),
)

SKILL_LEVELS = NodeKind(
    name="skill levels",
    hashes=statement(
        "seed_hashes_skill_level", "MATCH (n:SkillLevel) RETURN n.code AS key, n.seedHash AS hash"
    ),
    upsert=statement(
        "seed_upsert_skill_level",
        "UNWIND $rows AS row MERGE (n:SkillLevel {code: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_skill_level",
        "UNWIND $rows AS row MATCH (n:SkillLevel {code: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_skill_level",
        "UNWIND $keys AS k MATCH (n:SkillLevel {code: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
    in_use=statement(
        "seed_in_use_skill_level",
        """
        UNWIND $keys AS k
        MATCH (n:SkillLevel {code: k})
        WHERE (n)<-[:AT_LEVEL]-(:Certificate)
        RETURN k AS key
        """,
        keys=KEYS,
    ),
    unlink=statement(
        "seed_unlink_skill_level",
        "UNWIND $keys AS k MATCH (:SkillLevel {code: k})-[r:NEXT]->() DELETE r",
        access=W,
        keys=KEYS,
    ),
    link=statement(
        "seed_link_skill_level",
        """
        UNWIND $rows AS row
        MATCH (n:SkillLevel {code: row.key})
        MATCH (m:SkillLevel {code: row.next})
        MERGE (n)-[:NEXT]->(m)
        """,
        access=W,
        rows=[{"key": "JUNIOR", "next": "INTERMEDIATE"}],
    ),
)

EVALUATION_KINDS = NodeKind(
    name="evaluation kinds",
    hashes=statement(
        "seed_hashes_evaluation_kind",
        "MATCH (n:EvaluationKind) RETURN n.code AS key, n.seedHash AS hash",
    ),
    upsert=statement(
        "seed_upsert_evaluation_kind",
        "UNWIND $rows AS row MERGE (n:EvaluationKind {code: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_evaluation_kind",
        "UNWIND $rows AS row MATCH (n:EvaluationKind {code: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_evaluation_kind",
        "UNWIND $keys AS k MATCH (n:EvaluationKind {code: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
)

PLAN_TARGETS = NodeKind(
    name="plan targets",
    hashes=statement(
        "seed_hashes_plan_target", "MATCH (n:PlanTarget) RETURN n.code AS key, n.seedHash AS hash"
    ),
    upsert=statement(
        "seed_upsert_plan_target",
        "UNWIND $rows AS row MERGE (n:PlanTarget {code: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_plan_target",
        "UNWIND $rows AS row MATCH (n:PlanTarget {code: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_plan_target",
        "UNWIND $keys AS k MATCH (n:PlanTarget {code: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
)

TRAINING_PLANS = NodeKind(
    name="training plans",
    hashes=statement(
        "seed_hashes_training_plan",
        "MATCH (n:TrainingPlan) RETURN n.code AS key, n.seedHash AS hash",
    ),
    upsert=statement(
        "seed_upsert_training_plan",
        "UNWIND $rows AS row MERGE (n:TrainingPlan {code: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_training_plan",
        "UNWIND $rows AS row MATCH (n:TrainingPlan {code: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_training_plan",
        "UNWIND $keys AS k MATCH (n:TrainingPlan {code: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
    unlink=statement(
        "seed_unlink_training_plan",
        "UNWIND $keys AS k MATCH (:TrainingPlan {code: k})-[r:FOR_INDUSTRY]->() DELETE r",
        access=W,
        keys=KEYS,
    ),
    link=statement(
        "seed_link_training_plan",
        """
        UNWIND $rows AS row
        MATCH (n:TrainingPlan {code: row.key})
        MATCH (i:Industry {code: row.industry})
        MERGE (n)-[:FOR_INDUSTRY]->(i)
        """,
        access=W,
        rows=[{"key": "GOLDEN_EAR", "industry": "PRIMARY"}],
    ),
)

DEPARTMENTS = NodeKind(
    name="departments",
    hashes=statement(
        "seed_hashes_department", "MATCH (n:Department) RETURN n.name AS key, n.seedHash AS hash"
    ),
    upsert=statement(
        "seed_upsert_department",
        "UNWIND $rows AS row MERGE (n:Department {name: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_department",
        "UNWIND $rows AS row MATCH (n:Department {name: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_department",
        "UNWIND $keys AS k MATCH (n:Department {name: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
)

MEASURES = NodeKind(
    name="measures",
    hashes=statement(
        "seed_hashes_measure", "MATCH (n:Measure) RETURN n.code AS key, n.seedHash AS hash"
    ),
    upsert=statement(
        "seed_upsert_measure",
        "UNWIND $rows AS row MERGE (n:Measure {code: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_measure",
        "UNWIND $rows AS row MATCH (n:Measure {code: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_measure",
        "UNWIND $keys AS k MATCH (n:Measure {code: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
    unlink=statement(
        "seed_unlink_measure",
        "UNWIND $keys AS k MATCH (:Measure {code: k})-[r:RESPONSIBLE]->() DELETE r",
        access=W,
        keys=KEYS,
    ),
    link=statement(
        "seed_link_measure",
        """
        UNWIND $rows AS row
        MATCH (n:Measure {code: row.key})
        UNWIND range(0, size(row.departments) - 1) AS i
        MATCH (d:Department {name: row.departments[i]})
        MERGE (n)-[r:RESPONSIBLE]->(d)
        SET r.position = i
        """,
        access=W,
        rows=[{"key": "4.1", "departments": ["省人力社保厅"]}],
    ),
)

FINDINGS = NodeKind(
    name="data-quality findings",
    hashes=statement(
        "seed_hashes_finding",
        "MATCH (n:DataQualityFinding) RETURN n.id AS key, n.seedHash AS hash",
    ),
    upsert=statement(
        "seed_upsert_finding",
        "UNWIND $rows AS row MERGE (n:DataQualityFinding {id: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_finding",
        "UNWIND $rows AS row MATCH (n:DataQualityFinding {id: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_finding",
        "UNWIND $keys AS k MATCH (n:DataQualityFinding {id: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
)

EDUCATIONS = NodeKind(
    name="educations",
    hashes=statement(
        "seed_hashes_education", "MATCH (n:Education) RETURN n.code AS key, n.seedHash AS hash"
    ),
    upsert=statement(
        "seed_upsert_education",
        "UNWIND $rows AS row MERGE (n:Education {code: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_education",
        "UNWIND $rows AS row MATCH (n:Education {code: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_education",
        "UNWIND $keys AS k MATCH (n:Education {code: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
)

STEP_RULES = NodeKind(
    name="career rules",
    hashes=statement(
        "seed_hashes_step_rule", "MATCH (n:StepRule) RETURN n.code AS key, n.seedHash AS hash"
    ),
    upsert=statement(
        "seed_upsert_step_rule",
        "UNWIND $rows AS row MERGE (n:StepRule {code: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_step_rule",
        "UNWIND $rows AS row MATCH (n:StepRule {code: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_step_rule",
        "UNWIND $keys AS k MATCH (n:StepRule {code: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
)

RULE_ALTERNATIVES = NodeKind(
    name="career rule alternatives",
    hashes=statement(
        "seed_hashes_rule_alternative",
        "MATCH (n:RuleAlternative) RETURN n.code AS key, n.seedHash AS hash",
    ),
    upsert=statement(
        "seed_upsert_rule_alternative",
        "UNWIND $rows AS row MERGE (n:RuleAlternative {code: row.key}) SET n += row.props",
        access=W,
        rows=ROWS,
    ),
    mark=statement(
        "seed_mark_rule_alternative",
        "UNWIND $rows AS row MATCH (n:RuleAlternative {code: row.key}) SET n.seedHash = row.hash",
        access=W,
        rows=MARKS,
    ),
    delete=statement(
        "seed_delete_rule_alternative",
        "UNWIND $keys AS k MATCH (n:RuleAlternative {code: k}) DETACH DELETE n",
        access=W,
        keys=KEYS,
    ),
    unlink=statement(
        "seed_unlink_rule_alternative",
        """
        UNWIND $keys AS k
        MATCH (n:RuleAlternative {code: k})-[r]-()
        WHERE type(r) IN ['ALTERNATIVE_OF', 'FOR_EDUCATION']
        DELETE r
        """,
        access=W,
        keys=KEYS,
    ),
    link=statement(
        "seed_link_rule_alternative",
        """
        UNWIND $rows AS row
        MATCH (n:RuleAlternative {code: row.key})
        MATCH (r:StepRule {code: row.rule})
        MATCH (e:Education {code: row.education})
        MERGE (n)-[:ALTERNATIVE_OF]->(r)
        MERGE (n)-[:FOR_EDUCATION]->(e)
        """,
        access=W,
        rows=[
            {
                "key": "INTERMEDIATE_BY_SCHOOL",
                "rule": "INTERMEDIATE_BY_WORK",
                "education": "TECHNICAL_SCHOOL",
            }
        ],
    ),
)

# Related occupations (相关职业): each pair is one RELATED edge from the smaller id to the
# larger, read in both directions. The pairs are owned per occupation (its edges to larger
# ids) and hashed in ``relatedHash``, so the occupations kind keeps its own hash.
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
        SET r.reason = pair.reason
        """,
        access=W,
        rows=[{"key": "OCC-0461", "pairs": [{"other": "OCC-0462", "reason": "SAME_SERIES 16"}]}],
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
