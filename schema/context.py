"""What every resolver gets: the repositories, per-request DataLoaders, and who is asking.

Loaders are built for each request, never shared between requests, so a cache never outlives
the request that filled it (and never serves one caller's data to another).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from zhepai.domain.careers.service import CareerService
from zhepai.domain.catalogue.service import CatalogueTop, OccupationSearch
from zhepai.domain.coverage.service import CoverageService
from zhepai.domain.talent.service import TalentService
from zhepai.graph.bases import BaseRepository
from zhepai.graph.careers import CareerRepository
from zhepai.graph.catalogue import CatalogueRepository
from zhepai.graph.ladder import LadderRepository
from zhepai.graph.meta import VersionedCache
from zhepai.graph.plan import PlanRepository
from zhepai.graph.quality import QualityRepository
from zhepai.graph.records import (
    BaseRecord,
    OccupationRecord,
    RegionRecord,
    SeriesRecord,
    SkillLevelRecord,
    SpecialtyRecord,
)
from zhepai.graph.regions import RegionRepository
from zhepai.graph.workers import WorkerRepository
from zhepai.schema.limits import DEFAULT_LIMITS, Limits
from zhepai.web.roles import Role

if TYPE_CHECKING:
    from zhepai.graph.store import GraphStore


@dataclass(frozen=True, slots=True)
class Repositories:
    catalogue: CatalogueRepository
    regions: RegionRepository
    ladder: LadderRepository
    quality: QualityRepository
    plan: PlanRepository
    careers: CareerRepository
    bases: BaseRepository
    workers: WorkerRepository

    @classmethod
    def over(cls, store: GraphStore) -> Repositories:
        return cls(
            careers=CareerRepository(store),
            bases=BaseRepository(store),
            workers=WorkerRepository(store),
            catalogue=CatalogueRepository(store),
            regions=RegionRepository(store),
            ladder=LadderRepository(store),
            quality=QualityRepository(store),
            plan=PlanRepository(store),
        )


BaseKey = tuple[str, str | None, str | None]
CATALOGUE_TOP = "top"  # the catalogue loader's one key
BASES_PER_STEP = 10


@dataclass(slots=True)
class Loaders:
    # the catalogue's top tiers, read once per request (one key: CATALOGUE_TOP)
    catalogue: DataLoader[str, CatalogueTop]
    series: DataLoader[str, SeriesRecord | None]
    occupation: DataLoader[str, OccupationRecord | None]
    occupations_by_series: DataLoader[str, list[OccupationRecord]]
    specialty: DataLoader[str, SpecialtyRecord | None]
    specialties_by_series: DataLoader[str, list[SpecialtyRecord]]
    region: DataLoader[str, RegionRecord | None]
    region_children: DataLoader[str, list[RegionRecord]]
    # (occupation id, near region, its city) -> active bases for the occupation's series
    bases_for_occupation: DataLoader[BaseKey, list[BaseRecord]]
    skill_level: DataLoader[str, SkillLevelRecord | None]
    base: DataLoader[str, BaseRecord | None]

    @classmethod
    def over(
        cls,
        repos: Repositories,
        catalogue: VersionedCache[CatalogueTop],
        coverage: CoverageService,
    ) -> Loaders:
        reg = repos.regions

        async def catalogue_top(keys: Sequence[str]) -> list[CatalogueTop]:
            top = await catalogue.get()
            return [top for _ in keys]

        top_loader = DataLoader(load_fn=catalogue_top)

        async def series(codes: Sequence[str]) -> list[SeriesRecord | None]:
            top = await top_loader.load(CATALOGUE_TOP)
            return [top.series_by_code(c) for c in codes]

        async def regions(codes: Sequence[str]) -> list[RegionRecord | None]:
            top = await top_loader.load(CATALOGUE_TOP)
            return [top.region(c) for c in codes]

        async def occupations(ids: Sequence[str]) -> list[OccupationRecord | None]:
            top = await top_loader.load(CATALOGUE_TOP)
            return [top.occupation(i) for i in ids]

        async def occupations_by_series(codes: Sequence[str]) -> list[list[OccupationRecord]]:
            top = await top_loader.load(CATALOGUE_TOP)
            return [list(top.occupations.get(c, ())) for c in codes]

        async def specialties(ids: Sequence[str]) -> list[SpecialtyRecord | None]:
            top = await top_loader.load(CATALOGUE_TOP)
            return [top.specialty(i) for i in ids]

        async def specialties_by_series(codes: Sequence[str]) -> list[list[SpecialtyRecord]]:
            top = await top_loader.load(CATALOGUE_TOP)
            return [list(top.specialties.get(c, ())) for c in codes]

        occupation_loader = DataLoader(load_fn=occupations)

        async def bases_for_occupation(keys: Sequence[BaseKey]) -> list[list[BaseRecord]]:
            # from the kept coverage model (bases by series, seats): no store read but the
            # version check, and only the nearest few bases are ever built into answers
            model = await coverage.model()
            occupations = await occupation_loader.load_many([k[0] for k in keys])
            return [
                model.nearest_bases(
                    [m.series_code for m in o.memberships] if o else [], near, BASES_PER_STEP
                )
                for o, (_, near, _) in zip(occupations, keys, strict=True)
            ]

        async def skill_levels(codes: Sequence[str]) -> list[SkillLevelRecord | None]:
            levels = {lv.code: lv for lv in await repos.ladder.levels()}
            return [levels.get(c) for c in codes]

        return cls(
            bases_for_occupation=DataLoader(load_fn=bases_for_occupation),
            skill_level=DataLoader(load_fn=skill_levels),
            base=DataLoader(load_fn=repos.bases.by_id),
            catalogue=top_loader,
            series=DataLoader(load_fn=series),
            occupation=occupation_loader,
            occupations_by_series=DataLoader(load_fn=occupations_by_series),
            specialty=DataLoader(load_fn=specialties),
            specialties_by_series=DataLoader(load_fn=specialties_by_series),
            region=DataLoader(load_fn=regions),
            region_children=DataLoader(load_fn=reg.children),
        )


@dataclass(frozen=True, slots=True)
class WorkerKeys:
    """The secrets and thresholds the worker fields use (from settings, talent/secrets.py)."""

    person_secret: bytes
    credential_secret: bytes
    credential_ttl_s: int
    small_cell_threshold: int


@dataclass(slots=True)
class Context:
    repos: Repositories
    loaders: Loaders
    careers: CareerService
    occupation_search: OccupationSearch
    coverage: CoverageService
    talent: TalentService
    workers: WorkerKeys
    request_id: str
    # From the verified bearer token (web/auth.py): its subject, which audit trails record,
    # and its role, which the permission classes check (schema/permissions.py).
    actor: str = "anonymous"
    role: Role = Role.ANONYMOUS
    limits: Limits = DEFAULT_LIMITS
