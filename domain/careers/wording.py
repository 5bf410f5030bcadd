"""What the career answers say to a worker, in Chinese: rules, reasons, what is missing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from zhepai.graph.records import RelationRecord, StepRuleRecord


@dataclass(frozen=True, slots=True)
class Wording:
    """Names occupations and levels (ids and codes when no name is known)."""

    names: Mapping[str, str] = field(default_factory=dict)
    level_names: Mapping[str, str] = field(default_factory=dict)

    def name(self, occupation: str) -> str:
        return self.names.get(occupation, occupation)

    def level(self, code: str) -> str:
        return self.level_names.get(code, code)

    def where(self, occupation: str, level: str | None) -> str:
        return f"{self.name(occupation)}{'无证书' if level is None else self.level(level)}"

    @staticmethod
    def rule(rule: StepRuleRecord) -> str:
        # What is ours and not the text's is said with the rule.
        if rule.assumption and rule.note:
            return f"{rule.condition}（{rule.note}）"
        return rule.condition

    def held(self, occupation: str, level: str | None) -> str:
        return f"已持有{self.where(occupation, level)}证书，目标等级不高于所持等级，无需再申报"

    def transfer(
        self, occupation: str, level: str | None, other: str, relation: RelationRecord
    ) -> str:
        return (
            f"以所持相关职业{self.where(occupation, level)}证书在{self.name(other)}申报同级认定："
            f"{relation.reason}（申报条件中“本职业或相关职业”的证书和年限可用于相关职业，"
            "所持证书与年限满足同级条件是本项目的解读）"
        )

    def not_counted(self, occupation: str, level: str | None, other: str) -> str:
        return (
            f"所持{self.where(occupation, level)}证书不属于{self.name(other)}"
            "的本职业或相关职业，不能用于申报"
        )

    def certificate(self, level: str) -> str:
        return f"取得本职业或相关职业的{self.level(level)}证书"

    def no_rule(self, level: str) -> str:
        return f"没有适用于{self.level(level)}的申报条件"

    def unreachable(
        self, start: str, target: str, level: str, unrelated: bool, highest: str | None
    ) -> str:
        notes: list[str] = []
        if unrelated:
            notes.append(
                f"{self.name(target)}与{self.name(start)}不相关，也没有相关职业相连，只能从头取证"
            )
        if highest is None:
            notes.append("没有无需证书即可申报的条件，无法取得第一张证书")
        else:
            notes.append(f"申报条件最高只能到{self.level(highest)}，其上没有可用的申报条件")
        return f"{self.name(target)}{self.level(level)}无法到达：" + "；".join(notes)
