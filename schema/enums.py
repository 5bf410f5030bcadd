"""The closed sets of the API as GraphQL enums (issue 23, point 4).

Each value is the code the API already returned as a string, so results read the same; the
schema now validates, completes and documents them. domain/ and graph/ keep plain strings:
resolvers convert at the edge (``arguments.code`` in, ``Enum(code)`` out). tests/test_enums.py
checks each set against the seeds and the constants it mirrors.
"""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types.enum import EnumValueDefinition


def _v(code: str, description: str) -> EnumValueDefinition:
    return strawberry.enum_value(code, description=description)


@strawberry.enum(description="A level of the eight-level ladder, by its code (see skillLevels).")
class SkillLevelCode(Enum):
    APPRENTICE = _v("APPRENTICE", "学徒工, rank 1.")
    JUNIOR = _v("JUNIOR", "初级工 (五级), rank 2.")
    INTERMEDIATE = _v("INTERMEDIATE", "中级工 (四级), rank 3.")
    SENIOR = _v("SENIOR", "高级工 (三级), rank 4.")
    TECHNICIAN = _v("TECHNICIAN", "技师 (二级), rank 5.")
    SENIOR_TECHNICIAN = _v("SENIOR_TECHNICIAN", "高级技师 (一级), rank 6.")
    PRINCIPAL_TECHNICIAN = _v("PRINCIPAL_TECHNICIAN", "特级技师, rank 7.")
    CHIEF_TECHNICIAN = _v("CHIEF_TECHNICIAN", "首席技师, rank 8.")


@strawberry.enum(description="What kind of training resource a base is.")
class BaseKind(Enum):
    TRAINING_BASE = _v("TRAINING_BASE", "A designated training base (培训基地); it has a level.")
    LEAD_ENTERPRISE = _v("LEAD_ENTERPRISE", "An enterprise that leads training (培育引领企业).")
    CHARACTERISTIC_VILLAGE = _v("CHARACTERISTIC_VILLAGE", "A characteristic village (特色村).")
    PUBLIC_TRAINING_CENTRE = _v(
        "PUBLIC_TRAINING_CENTRE", "A public training centre (公共实训基地)."
    )
    TECHNICAL_COLLEGE = _v("TECHNICAL_COLLEGE", "A technical college (技工院校).")


@strawberry.enum(description="The level that designated a base.")
class BaseLevel(Enum):
    PROVINCE = _v("PROVINCE", "Designated by the province.")
    CITY = _v("CITY", "Designated by a city.")
    COUNTY = _v("COUNTY", "Designated by a county.")


@strawberry.enum(description="Whether a base counts for coverage.")
class BaseStatus(Enum):
    ACTIVE = _v("ACTIVE", "In use: it counts for coverage.")
    RETIRED = _v("RETIRED", "Retired: kept with its history, it no longer counts.")


@strawberry.enum(description="A dimension to group talent statistics by.")
class TalentGroupBy(Enum):
    CITY = _v("CITY", "The city where the certificate was issued.")
    COUNTY = _v("COUNTY", "The county where the certificate was issued.")
    INDUSTRY = _v("INDUSTRY", "The industry of the certificate's series.")
    SERIES = _v("SERIES", "The certificate's series.")
    LEVEL = _v("LEVEL", "The person's highest level.")


@strawberry.enum(description="One of the three industries (三次产业), by its code.")
class IndustryCode(Enum):
    PRIMARY = _v("PRIMARY", "第一产业 (agriculture).")
    SECONDARY = _v("SECONDARY", "第二产业 (manufacturing and construction).")
    TERTIARY = _v("TERTIARY", "第三产业 (services).")


@strawberry.enum(description="An education that opens an alternative route (see educations).")
class EducationCode(Enum):
    TECHNICAL_SCHOOL = _v("TECHNICAL_SCHOOL", "技工学校 or a comparable vocational school.")
    SENIOR_TECHNICAL_SCHOOL = _v("SENIOR_TECHNICAL_SCHOOL", "高级技工学校.")
    TECHNICIAN_COLLEGE = _v("TECHNICIAN_COLLEGE", "技师学院.")
    PREPARATORY_TECHNICIAN = _v(
        "PREPARATORY_TECHNICIAN", "技师学院 with a preparatory technician certificate."
    )
    HIGHER_VOCATIONAL = _v("HIGHER_VOCATIONAL", "A higher vocational school (高等职业学校).")
    COLLEGE = _v("COLLEGE", "大专 or above.")


@strawberry.enum(description="How a career step moves a worker.")
class StepKind(Enum):
    PROMOTION = _v(
        "PROMOTION", "A higher level on the strength of a certificate held (same or related)."
    )
    TRANSFER = _v("TRANSFER", "The same level, assessed in a related occupation.")
    ENTRY = _v("ENTRY", "A first certificate, or a new start where the one held does not count.")


@strawberry.enum(
    description="The kind of evaluation a certificate comes from (see evaluationKinds)."
)
class EvaluationCode(Enum):
    QUALIFICATION = _v("QUALIFICATION", "职业资格评价.")
    SKILL_LEVEL = _v("SKILL_LEVEL", "职业技能等级认定.")
    SPECIAL_ABILITY = _v("SPECIAL_ABILITY", "专项职业能力考核.")


@strawberry.enum(description="Whether a certificate stands.")
class CertificateStatus(Enum):
    VALID = _v("VALID", "It stands.")
    REVOKED = _v("REVOKED", "It was revoked; it no longer counts.")


@strawberry.enum(description="What a write to a base did.")
class BaseAuditAction(Enum):
    IMPORT = _v("IMPORT", "Written by a bases import.")
    CREATE = _v("CREATE", "Added through the API.")
    UPDATE = _v("UPDATE", "Changed.")
    RETIRE = _v("RETIRE", "Retired.")


@strawberry.enum(description="What was done with worker data.")
class WorkerAuditAction(Enum):
    IMPORT = _v("IMPORT", "Certificates imported from a file.")
    REVOKE = _v("REVOKE", "A certificate revoked.")
    READ = _v("READ", "A worker looked up.")
    ISSUE_CREDENTIAL = _v("ISSUE_CREDENTIAL", "A credential code issued.")


# The stored labels, returned as they always were; the linter's all-caps rule is waived for
# these two values only (tests/test_schema_lint.py).
@strawberry.enum(description="What a worker audit entry is about.")
class AuditEntity(Enum):
    Certificate = _v("Certificate", "A certificate (entityId: its number or a file name).")
    Person = _v("Person", "A person (entityId: a masked ID number).")


@strawberry.enum(description="Why a credential code does not verify.")
class VerificationReason(Enum):
    TAMPERED = _v("TAMPERED", "The signature does not match.")
    EXPIRED = _v("EXPIRED", "The code is past its expiry.")
    REVOKED = _v("REVOKED", "A certificate it names was revoked.")
    UNKNOWN = _v("UNKNOWN", "A certificate it names is not on record.")
    MALFORMED = _v("MALFORMED", "It is not a well-formed credential code.")


@strawberry.enum(description="Why two occupations are related.")
class RelationKind(Enum):
    WORK_FAMILY = _v("WORK_FAMILY", "A curated work family.")
    PAIR = _v("PAIR", "A named pair.")
