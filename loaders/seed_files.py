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
    designations: DesignationsFile
    ladder: LadderFile
    plan: PlanFile
    career_rules: CareerRulesFile
    relatedness: RelatednessFile


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
        designations=_read(directory / "designations.yaml", DesignationsFile),
        ladder=_read(directory / "ladder.yaml", LadderFile),
        plan=_read(directory / "plan.yaml", PlanFile),
        career_rules=_read(directory / "career_rules.yaml", CareerRulesFile),
        relatedness=_read(directory / "relatedness.yaml", RelatednessFile),
    )
    _check_references(bundle)
    return bundle


def _check_references(bundle: SeedBundle) -> None:
    """Cross-file references must resolve before anything is written."""
    regions = {r.code for r in bundle.regions.regions}
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
    occupations = {o.id for s in bundle.catalogue.series for o in s.occupations}
    for verb, pairs in (("add", bundle.relatedness.add), ("remove", bundle.relatedness.remove)):
        for i, pair in enumerate(pairs):
            for end in (pair.a, pair.b):
                if end not in occupations:
                    raise SeedError(f"relatedness.yaml: {verb}.{i}: unknown occupation {end}")
            if pair.a == pair.b:
                raise SeedError(
                    f"relatedness.yaml: {verb}.{i}: an occupation is not related to itself"
                )
    for plan in bundle.plan.training_plans:
        if plan.industry not in industries:
            raise SeedError(f"plan.yaml: training plan {plan.code}: unknown industry")
