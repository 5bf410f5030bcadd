"""Coverage arguments: how far bases reach, how demand is weighed, which bases count."""

from __future__ import annotations

import math
from enum import Enum

import strawberry

from zhepai.domain.coverage.geo import ADMINISTRATIVE, DEFAULT_RADIUS_KM, DISTANCE, Reach
from zhepai.domain.coverage.model import DEFAULT_WEIGHTS, Filters, Weights
from zhepai.schema.arguments import code
from zhepai.schema.enums import BaseKind, BaseLevel
from zhepai.schema.errors import bad_input

MAX_KM = 1000.0  # Zhejiang's seats lie within 500 km of each other
MAX_WEIGHT = 1_000_000.0


@strawberry.enum(description="基地的覆盖范围怎样算。")
class CoverageReach(Enum):
    DISTANCE = strawberry.enum_value(
        DISTANCE,
        description=(
            "按距离（默认）：基地覆盖驻地在其半径内的区县；两地驻地间的大圆距离，"
            "半径按基地级别（区县级 30 km、市级 60 km、省级 120 km，见 reachKm）。"
        ),
    )
    ADMINISTRATIVE = strawberry.enum_value(
        ADMINISTRATIVE,
        description="按行政区划（旧规则，供对比）：区县级覆盖本区县，市级覆盖本市，省级覆盖全省。",
    )


@strawberry.input(description="按距离覆盖时各级基地的半径（公里）；留空用默认值。")
class ReachKmInput:
    county: float | None = strawberry.field(
        default=None, description="区县级及无级别的基地，默认 30（约半小时车程，可当日往返）。"
    )
    city: float | None = strawberry.field(
        default=None, description="市级基地，默认 60（约一小时车程）。"
    )
    province: float | None = strawberry.field(
        default=None, description="省级基地，默认 120（约两小时车程，适合数日的集中培训）。"
    )


@strawberry.input(description="需求各因素的权重；留空用默认值（见 demandFactors）。")
class DemandWeightsInput:
    workers: float | None = strawberry.field(
        default=None, description="每名持证技能人员，默认 1（有循环性：没有基地的区县持证者少）。"
    )
    specialties: float | None = strawberry.field(
        default=None, description="每个以该区县或所属市命名的本系列专项，默认 50。"
    )
    lead_enterprises: float | None = strawberry.field(
        default=None, description="每家培育引领企业，默认 20。"
    )
    employment: float | None = strawberry.field(
        default=None,
        description=(
            "本系列从业人员在该区县从业人员中的占比（0–1，zhepai import region-stats 导入），"
            "默认 100。"
        ),
    )
    working_age: float | None = strawberry.field(
        default=None,
        description="该区县每万名劳动年龄人口（zhepai import region-stats 导入），默认 1。",
    )
    new_skilled_target: float | None = strawberry.field(
        default=None,
        description=(
            "该区县年度新增技能人才目标每万人（zhepai import region-stats 导入），默认 50。"
        ),
    )
    base: float | None = strawberry.field(
        default=None, description="每个区县 × 系列的基础需求，默认 1。"
    )


def filters(levels: list[BaseLevel] | None, kinds: list[BaseKind] | None) -> Filters:
    return Filters(
        levels=frozenset(code(v) for v in levels) if levels is not None else None,
        kinds=frozenset(code(k) for k in kinds) if kinds is not None else None,
    )


def _number(argument: str, value: float | None, default: float, top: float) -> float:
    if value is None:
        return default
    if not math.isfinite(value) or not 0 <= value <= top:
        raise bad_input(argument, f"须在 0 到 {top:g} 之间", value=value)
    return value


def reach(mode: CoverageReach | None, km: ReachKmInput | None) -> Reach:
    """An explicit null means the default, DISTANCE."""
    if mode is CoverageReach.ADMINISTRATIVE:
        if km is not None:
            raise bad_input("reachKm", "只在 reach 为 DISTANCE 时适用")
        return Reach(ADMINISTRATIVE)
    if km is None:
        return Reach(DISTANCE)
    return Reach(
        DISTANCE,
        county_km=_number("reachKm.county", km.county, DEFAULT_RADIUS_KM["COUNTY"], MAX_KM),
        city_km=_number("reachKm.city", km.city, DEFAULT_RADIUS_KM["CITY"], MAX_KM),
        province_km=_number("reachKm.province", km.province, DEFAULT_RADIUS_KM["PROVINCE"], MAX_KM),
    )


def weights(given: DemandWeightsInput | None) -> Weights:
    if given is None:
        return DEFAULT_WEIGHTS
    d, top = DEFAULT_WEIGHTS, MAX_WEIGHT
    return Weights(
        workers=_number("demandWeights.workers", given.workers, d.workers, top),
        specialties=_number("demandWeights.specialties", given.specialties, d.specialties, top),
        lead_enterprises=_number(
            "demandWeights.leadEnterprises", given.lead_enterprises, d.lead_enterprises, top
        ),
        employment=_number("demandWeights.employment", given.employment, d.employment, top),
        working_age=_number("demandWeights.workingAge", given.working_age, d.working_age, top),
        new_skilled_target=_number(
            "demandWeights.newSkilledTarget", given.new_skilled_target, d.new_skilled_target, top
        ),
        base=_number("demandWeights.base", given.base, d.base, top),
    )
