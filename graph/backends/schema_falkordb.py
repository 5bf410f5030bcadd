"""FalkorDB schema: range indexes on natural keys and lookups, unique constraints on keys.

FalkorDB needs an index before a unique constraint on the same property, and constraints are
made with the ``GRAPH.CONSTRAINT`` command rather than Cypher (see ``FalkorStore.setup_schema``).
Written out one by one so that no label is ever formatted into a statement.
"""

from __future__ import annotations

from zhepai.graph.cypher import Access, Cypher, Dialect, statement

INDEXES: tuple[tuple[str, str, Cypher], ...] = (
    (
        "Industry",
        "code",
        statement(
            "falkor_index_industry_code",
            "CREATE INDEX FOR (n:Industry) ON (n.code)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Series",
        "code",
        statement(
            "falkor_index_series_code",
            "CREATE INDEX FOR (n:Series) ON (n.code)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Occupation",
        "id",
        statement(
            "falkor_index_occupation_id",
            "CREATE INDEX FOR (n:Occupation) ON (n.id)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Specialty",
        "id",
        statement(
            "falkor_index_specialty_id",
            "CREATE INDEX FOR (n:Specialty) ON (n.id)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Region",
        "code",
        statement(
            "falkor_index_region_code",
            "CREATE INDEX FOR (n:Region) ON (n.code)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Designation",
        "code",
        statement(
            "falkor_index_designation_code",
            "CREATE INDEX FOR (n:Designation) ON (n.code)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "SkillLevel",
        "code",
        statement(
            "falkor_index_skill_level_code",
            "CREATE INDEX FOR (n:SkillLevel) ON (n.code)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "EvaluationKind",
        "code",
        statement(
            "falkor_index_evaluation_kind_code",
            "CREATE INDEX FOR (n:EvaluationKind) ON (n.code)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "PlanTarget",
        "code",
        statement(
            "falkor_index_plan_target_code",
            "CREATE INDEX FOR (n:PlanTarget) ON (n.code)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "TrainingPlan",
        "code",
        statement(
            "falkor_index_training_plan_code",
            "CREATE INDEX FOR (n:TrainingPlan) ON (n.code)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Measure",
        "code",
        statement(
            "falkor_index_measure_code",
            "CREATE INDEX FOR (n:Measure) ON (n.code)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Department",
        "name",
        statement(
            "falkor_index_department_name",
            "CREATE INDEX FOR (n:Department) ON (n.name)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "DataQualityFinding",
        "id",
        statement(
            "falkor_index_data_quality_finding_id",
            "CREATE INDEX FOR (n:DataQualityFinding) ON (n.id)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Occupation",
        "name",
        statement(
            "falkor_index_occupation_name",
            "CREATE INDEX FOR (n:Occupation) ON (n.name)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Specialty",
        "name",
        statement(
            "falkor_index_specialty_name",
            "CREATE INDEX FOR (n:Specialty) ON (n.name)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Region",
        "level",
        statement(
            "falkor_index_region_level",
            "CREATE INDEX FOR (n:Region) ON (n.level)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Education",
        "code",
        statement(
            "falkor_index_education_code",
            "CREATE INDEX FOR (n:Education) ON (n.code)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "StepRule",
        "code",
        statement(
            "falkor_index_step_rule_code",
            "CREATE INDEX FOR (n:StepRule) ON (n.code)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "RuleAlternative",
        "code",
        statement(
            "falkor_index_rule_alternative_code",
            "CREATE INDEX FOR (n:RuleAlternative) ON (n.code)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Meta",
        "key",
        statement(
            "falkor_index_meta_key",
            "CREATE INDEX FOR (n:Meta) ON (n.key)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Base",
        "id",
        statement(
            "falkor_index_base_id",
            "CREATE INDEX FOR (n:Base) ON (n.id)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    # Persons and certificates are found by integer keys (graph/workers.py): an index of
    # distinct strings costs FalkorDB more than twice as much memory (bench/RESULTS.md, "Store
    # memory per certificate"). Their full key and number are checked beside, and kept
    # unique by the importer.
    # A person is found through its certificates' ``hk`` (its own ``kh``): a node in an index
    # costs far more than a further key of one (bench/RESULTS.md, "Store memory, shape 3"),
    # so persons have no index of their own.
    (
        "Certificate",
        "hk",
        statement(
            "falkor_index_certificate_hk",
            "CREATE INDEX FOR (n:Certificate) ON (n.hk)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Certificate",
        "nk",
        statement(
            "falkor_index_certificate_nk",
            "CREATE INDEX FOR (n:Certificate) ON (n.nk)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    # The employers certificates name by id (graph/workers.py, shape 3).
    (
        "Employer",
        "id",
        statement(
            "falkor_index_employer_id",
            "CREATE INDEX FOR (n:Employer) ON (n.id)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    # The days talentStats(asOf:) reads the changes between (graph/talent_events.py): few
    # distinct dates, so a small index (bench/RESULTS.md, "talentStats on any day").
    (
        "Certificate",
        "issuedOn",
        statement(
            "falkor_index_certificate_issued_on",
            "CREATE INDEX FOR (n:Certificate) ON (n.issuedOn)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "Certificate",
        "revokedOn",
        statement(
            "falkor_index_certificate_revoked_on",
            "CREATE INDEX FOR (n:Certificate) ON (n.revokedOn)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "TalentCell",
        "key",
        statement(
            "falkor_index_talent_cell_key",
            "CREATE INDEX FOR (n:TalentCell) ON (n.key)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "TalentEntry",
        "key",
        statement(
            "falkor_index_talent_entry_key",
            "CREATE INDEX FOR (n:TalentEntry) ON (n.key)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
    (
        "RegionStat",
        "key",
        statement(
            "falkor_index_region_stat_key",
            "CREATE INDEX FOR (n:RegionStat) ON (n.key)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
)

# Indexes earlier versions made and this one drops where it finds them.
RETIRED: tuple[tuple[str, str, Cypher], ...] = (
    (
        "Person",
        "kh",
        statement(
            "falkor_drop_index_person_kh",
            "DROP INDEX FOR (n:Person) ON (n.kh)",
            access=Access.SCHEMA,
            dialect=Dialect.FALKORDB,
        ),
    ),
)

# (label, property) pairs that must be unique; each has an index above.
CONSTRAINTS: tuple[tuple[str, str], ...] = (
    ("Industry", "code"),
    ("Series", "code"),
    ("Occupation", "id"),
    ("Specialty", "id"),
    ("Region", "code"),
    ("Designation", "code"),
    ("SkillLevel", "code"),
    ("EvaluationKind", "code"),
    ("PlanTarget", "code"),
    ("TrainingPlan", "code"),
    ("Measure", "code"),
    ("Department", "name"),
    ("DataQualityFinding", "id"),
    ("Education", "code"),
    ("StepRule", "code"),
    ("RuleAlternative", "code"),
    ("Meta", "key"),
    ("Base", "id"),
    ("TalentCell", "key"),
    ("TalentEntry", "key"),
    ("RegionStat", "key"),
)
