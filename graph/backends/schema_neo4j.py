"""Neo4j schema: uniqueness constraints on every natural key, and lookup indexes.

Name search is substring matching over a precomputed ``search`` property (names, work types,
pinyin) rather than a full-text index: Lucene's analyzers cut Chinese into single characters
or bigrams, so ``车工`` would also hit every name containing ``工``, and they know no pinyin.
At catalogue size (about a thousand names) a scan of one property is small work, and the
same statement then serves FalkorDB.
"""

from __future__ import annotations

from zhepai.graph.cypher import Access, Cypher, Dialect, statement

SCHEMA_STATEMENTS: tuple[Cypher, ...] = (
    statement(
        "neo4j_unique_industry",
        "CREATE CONSTRAINT industry_code IF NOT EXISTS FOR (n:Industry) REQUIRE n.code IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_series",
        "CREATE CONSTRAINT series_code IF NOT EXISTS FOR (n:Series) REQUIRE n.code IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_occupation",
        "CREATE CONSTRAINT occupation_id IF NOT EXISTS FOR (n:Occupation) REQUIRE n.id IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_specialty",
        "CREATE CONSTRAINT specialty_id IF NOT EXISTS FOR (n:Specialty) REQUIRE n.id IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_region",
        "CREATE CONSTRAINT region_code IF NOT EXISTS FOR (n:Region) REQUIRE n.code IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_designation",
        "CREATE CONSTRAINT designation_code IF NOT EXISTS "
        "FOR (n:Designation) REQUIRE n.code IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_skill_level",
        "CREATE CONSTRAINT skill_level_code IF NOT EXISTS "
        "FOR (n:SkillLevel) REQUIRE n.code IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_evaluation_kind",
        "CREATE CONSTRAINT evaluation_kind_code IF NOT EXISTS "
        "FOR (n:EvaluationKind) REQUIRE n.code IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_plan_target",
        "CREATE CONSTRAINT plan_target_code IF NOT EXISTS "
        "FOR (n:PlanTarget) REQUIRE n.code IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_training_plan",
        "CREATE CONSTRAINT training_plan_code IF NOT EXISTS "
        "FOR (n:TrainingPlan) REQUIRE n.code IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_measure",
        "CREATE CONSTRAINT measure_code IF NOT EXISTS FOR (n:Measure) REQUIRE n.code IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_department",
        "CREATE CONSTRAINT department_name IF NOT EXISTS "
        "FOR (n:Department) REQUIRE n.name IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_finding",
        "CREATE CONSTRAINT finding_id IF NOT EXISTS "
        "FOR (n:DataQualityFinding) REQUIRE n.id IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_index_occupation_name",
        "CREATE INDEX occupation_name IF NOT EXISTS FOR (n:Occupation) ON (n.name)",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_index_specialty_name",
        "CREATE INDEX specialty_name IF NOT EXISTS FOR (n:Specialty) ON (n.name)",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_index_region_level",
        "CREATE INDEX region_level IF NOT EXISTS FOR (n:Region) ON (n.level)",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_education",
        "CREATE CONSTRAINT education_code IF NOT EXISTS FOR (n:Education) REQUIRE n.code IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_step_rule",
        "CREATE CONSTRAINT step_rule_code IF NOT EXISTS FOR (n:StepRule) REQUIRE n.code IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_rule_alternative",
        "CREATE CONSTRAINT rule_alternative_code IF NOT EXISTS "
        "FOR (n:RuleAlternative) REQUIRE n.code IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_meta",
        "CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (n:Meta) REQUIRE n.key IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_base",
        "CREATE CONSTRAINT base_id IF NOT EXISTS FOR (n:Base) REQUIRE n.id IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_person_key",
        "CREATE CONSTRAINT person_kh_kl IF NOT EXISTS "
        "FOR (n:Person) REQUIRE (n.kh, n.kl) IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_certificate_no",
        "CREATE CONSTRAINT certificate_no IF NOT EXISTS FOR (n:Certificate) REQUIRE n.no IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_talent_cell_key",
        "CREATE CONSTRAINT talent_cell_key IF NOT EXISTS "
        "FOR (n:TalentCell) REQUIRE n.key IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_talent_entry_key",
        "CREATE CONSTRAINT talent_entry_key IF NOT EXISTS "
        "FOR (n:TalentEntry) REQUIRE n.key IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_region_stat_key",
        "CREATE CONSTRAINT region_stat_key IF NOT EXISTS "
        "FOR (n:RegionStat) REQUIRE n.key IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_unique_employer_id",
        "CREATE CONSTRAINT employer_id IF NOT EXISTS FOR (n:Employer) REQUIRE n.id IS UNIQUE",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    # The integer lookup keys the worker statements match on (graph/workers.py); the
    # constraints on the full key and number above keep them unique here as well.
    statement(
        "neo4j_index_certificate_hk",
        "CREATE INDEX certificate_hk IF NOT EXISTS FOR (n:Certificate) ON (n.hk)",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    # persons are found through their certificates' hk now (the constraint on kh and kl
    # keeps its own index)
    statement(
        "neo4j_drop_index_person_kh",
        "DROP INDEX person_kh IF EXISTS",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_index_certificate_nk",
        "CREATE INDEX certificate_nk IF NOT EXISTS FOR (n:Certificate) ON (n.nk)",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    # The days talentStats(asOf:) reads the changes between (graph/talent_events.py).
    statement(
        "neo4j_index_certificate_issued_on",
        "CREATE INDEX certificate_issued_on IF NOT EXISTS FOR (n:Certificate) ON (n.issuedOn)",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
    statement(
        "neo4j_index_certificate_revoked_on",
        "CREATE INDEX certificate_revoked_on IF NOT EXISTS FOR (n:Certificate) ON (n.revokedOn)",
        access=Access.SCHEMA,
        dialect=Dialect.NEO4J,
    ),
)

# Emptying the database (tests and benchmarks only) in batches, each its own transaction: one
# transaction holding every deletion of a large store runs out of memory or time. Sent
# outside a managed transaction, as CALL … IN TRANSACTIONS must be.
DROP_ALL_BATCHED = statement(
    "neo4j_drop_all_batched",
    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS",
    access=Access.WRITE,
    dialect=Dialect.NEO4J,
)
