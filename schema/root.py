"""The schema: the root Query composed from the domains, with the extensions every request runs."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from schema.catalogue.queries import CatalogueQuery
from schema.errors import ErrorCodes
from schema.ladder.queries import LadderQuery
from schema.plan.queries import PlanQuery
from schema.quality.queries import QualityQuery
from schema.regions.queries import RegionQuery

Query = merge_types("Query", (CatalogueQuery, RegionQuery, LadderQuery, QualityQuery, PlanQuery))

schema = strawberry.Schema(query=Query, extensions=[ErrorCodes])
