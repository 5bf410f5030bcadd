"""Plan queries."""

from __future__ import annotations

import strawberry

from zhepai.schema.plan.types import Plan


@strawberry.type
class PlanQuery:
    @strawberry.field(description="The action plan: targets, training plans, measures.")
    def plan(self) -> Plan:
        return Plan()
