"""What every resolver gets: the repositories and per-request DataLoaders.

Loaders are built for each request, never shared between requests, so a cache never outlives
the request that filled it (and never serves one caller's data to another).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from graph.catalogue import CatalogueRepository
from graph.ladder import LadderRepository
from graph.plan import PlanRepository
from graph.quality import QualityRepository
from graph.records import (
    IndustryRecord,
    OccupationRecord,
    RegionRecord,
    SeriesRecord,
    SpecialtyRecord,
)
from graph.regions import RegionRepository

if TYPE_CHECKING:
    from graph.store import GraphStore


@dataclass(frozen=True, slots=True)
class Repositories:
    catalogue: CatalogueRepository
    regions: RegionRepository
    ladder: LadderRepository
    quality: QualityRepository
    plan: PlanRepository

    @classmethod
    def over(cls, store: GraphStore) -> Repositories:
        return cls(
            catalogue=CatalogueRepository(store),
            regions=RegionRepository(store),
            ladder=LadderRepository(store),
            quality=QualityRepository(store),
            plan=PlanRepository(store),
        )


@dataclass(slots=True)
class Loaders:
    industry: DataLoader[str, IndustryRecord | None]
    series: DataLoader[str, SeriesRecord | None]
    series_by_industry: DataLoader[str, list[SeriesRecord]]
    occupation: DataLoader[str, OccupationRecord | None]
    occupations_by_series: DataLoader[str, list[OccupationRecord]]
    specialty: DataLoader[str, SpecialtyRecord | None]
    specialties_by_series: DataLoader[str, list[SpecialtyRecord]]
    region: DataLoader[str, RegionRecord | None]
    region_children: DataLoader[str, list[RegionRecord]]

    @classmethod
    def over(cls, repos: Repositories) -> Loaders:
        cat, reg = repos.catalogue, repos.regions

        async def series_by_industry(codes: Sequence[str]) -> list[list[SeriesRecord]]:
            groups: dict[str, list[SeriesRecord]] = defaultdict(list)
            for s in await cat.series_list(None):
                groups[s.industry_code].append(s)
            return [groups.get(c, []) for c in codes]

        return cls(
            industry=DataLoader(load_fn=cat.industries_by_code),
            series=DataLoader(load_fn=cat.series_by_code),
            series_by_industry=DataLoader(load_fn=series_by_industry),
            occupation=DataLoader(load_fn=cat.occupations_by_id),
            occupations_by_series=DataLoader(load_fn=cat.occupations_by_series),
            specialty=DataLoader(load_fn=cat.specialties_by_id),
            specialties_by_series=DataLoader(load_fn=cat.specialties_by_series),
            region=DataLoader(load_fn=reg.by_code),
            region_children=DataLoader(load_fn=reg.children),
        )


@dataclass(slots=True)
class Context:
    repos: Repositories
    loaders: Loaders
    request_id: str
    extras: dict[str, object] = field(default_factory=dict)


Info = "_Info[Context, None]"
