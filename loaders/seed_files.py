"""Reading and validating the seed files; a bad file fails with its name and the field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from zhepai.loaders.seed_models import (
    CareerRulesFile,
    CatalogueFile,
    DesignationsFile,
    IndustriesFile,
    LadderFile,
    PlanFile,
    RegionsFile,
    RelatednessFile,
    SeatsFile,
    SynonymsFile,
)

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


class SeedError(Exception):
    """A seed file is missing, not YAML, or does not match its model."""

    code = "SEED_INVALID"


@dataclass(frozen=True, slots=True)
class SeedBundle:
    industries: IndustriesFile
    catalogue: CatalogueFile
    regions: RegionsFile
    seats: SeatsFile
    designations: DesignationsFile
    ladder: LadderFile
    plan: PlanFile
    career_rules: CareerRulesFile
    relatedness: RelatednessFile
    synonyms: SynonymsFile


def _read[M: BaseModel](path: Path, model: type[M]) -> M:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SeedError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise SeedError(f"{path}: not valid YAML: {exc}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(file)'}: {err['msg']}"
            for err in exc.errors()[:10]
        )
        raise SeedError(f"{path}: {problems}") from exc


def read_seeds(directory: Path = SEEDS_DIR) -> SeedBundle:
    bundle = SeedBundle(
        industries=_read(directory / "industries.yaml", IndustriesFile),
        catalogue=_read(directory / "catalogue.yaml", CatalogueFile),
        regions=_read(directory / "regions.yaml", RegionsFile),
        seats=_read(directory / "region_seats.yaml", SeatsFile),
        designations=_read(directory / "designations.yaml", DesignationsFile),
        ladder=_read(directory / "ladder.yaml", LadderFile),
        plan=_read(directory / "plan.yaml", PlanFile),
        career_rules=_read(directory / "career_rules.yaml", CareerRulesFile),
        relatedness=_read(directory / "relatedness.yaml", RelatednessFile),
        synonyms=_read(directory / "synonyms.yaml", SynonymsFile),
    )
    _check_references(bundle)
    return bundle


def _check_references(bundle: SeedBundle) -> None:
    """Cross-file references must resolve before anything is written."""
    regions = {r.code for r in bundle.regions.regions}
    # every region has exactly one seat, under the same name
    names = sorted((r.code, r.name) for r in bundle.regions.regions)
    seats = sorted((s.code, s.name) for s in bundle.seats.seats)
    if seats != names:
        differ = sorted(set(seats) ^ set(names)) or "a code given twice"
        raise SeedError(f"region_seats.yaml: seats differ from regions.yaml at {differ}")
    industries = {i.code for i in bundle.industries.industries}
    for series in bundle.catalogue.series:
        if series.industry not in industries:
            raise SeedError(f"catalogue.yaml: series {series.code}: unknown industry")
        for sp in series.specialties:
            for origin in sp.origin_regions:
                if origin.code not in regions:
                    raise SeedError(
                        f"catalogue.yaml: series {series.code}, {sp.id} {sp.name}: "
                        f"originRegions code {origin.code} is not in regions.yaml"
                    )
    for d in bundle.designations.designations:
        for member in d.members:
            if member not in regions:
                raise SeedError(f"designations.yaml: {d.code}: member {member} not in regions")
    levels = {lv.code for lv in bundle.ladder.levels}
    for rule in bundle.career_rules.rules:
        for level in (rule.from_level, rule.to_level):
            if level is not None and level not in levels:
                raise SeedError(f"career_rules.yaml: rule {rule.code}: unknown level {level}")
    named = {o.id: o.name for s in bundle.catalogue.series for o in s.occupations}
    groups = [(f"families.{i}", f.members) for i, f in enumerate(bundle.relatedness.families)]
    groups += [(f"pairs.{i}", [p.a, p.b]) for i, p in enumerate(bundle.relatedness.pairs)]
    for where, related in groups:
        for one in related:
            if named.get(one.id) != one.name:
                raise SeedError(
                    f"relatedness.yaml: {where}: {one.id} {one.name} is not in catalogue.yaml"
                )
        if len({m.id for m in related}) != len(related):
            raise SeedError(f"relatedness.yaml: {where}: an occupation is named twice")
    occupation_names = {o.name for s in bundle.catalogue.series for o in s.occupations}
    for i, synonym in enumerate(bundle.synonyms.synonyms):
        if synonym.occupation not in occupation_names:
            raise SeedError(
                f"synonyms.yaml: synonyms.{i} ({synonym.term}): "
                f"no occupation is named {synonym.occupation} in catalogue.yaml"
            )
    for plan in bundle.plan.training_plans:
        if plan.industry not in industries:
            raise SeedError(f"plan.yaml: training plan {plan.code}: unknown industry")
