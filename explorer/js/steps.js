// How the career view writes a step, a path's length, a base and an eligibility: shared by
// the next steps, the ladder and the path.

import { h } from "./dom.js";
import { distance } from "./geo.js";
import { RELATION_KINDS, STEP_KINDS, atLeast, baseLabel, day, km, name, route } from "./labels.js";

/**
 * A path's least time in words. A step with no fixed period (评聘, 选拔, 竞赛) makes the total
 * a minimum ("13 年以上"); a lower bound without one means that direct recognition or a
 * competition could be faster, which `faster` says.
 */
export function span(path) {
  const open = path.steps.some((s) => s.minYears === null);
  return {
    text: atLeast(path.totalMinYears, open),
    faster: path.totalIsLowerBound && !open,
  };
}

export function where(base, county) {
  if (!county) return null;
  if (base.region.code === county.code) return h("span", { className: "tag near" }, "本县");
  if (base.region.parent && county.parent && base.region.parent.code === county.parent.code) {
    return h("span", { className: "tag near" }, "本市");
  }
  return null;
}

function away(base, county) {
  const d = distance(county, base.region);
  return d === null || base.region.code === county.code ? null : `直线约 ${km(d)}`;
}

export function baseItem(base, county) {
  const place = base.region.parent
    ? `${base.region.parent.name}${base.region.name}`
    : base.region.name;
  const far = county ? away(base, county) : null;
  return h(
    "li",
    { dataset: { baseId: base.id } },
    base.name,
    " ",
    where(base, county),
    h("div", { className: "meta" }, [baseLabel(base), place, far].filter(Boolean).join(" · ")),
  );
}

export function stepTitle(step) {
  const level = step.to.level ? step.to.level.name : "（无证书）";
  return `${step.to.occupation.name} · ${level}`;
}

/** The tags before a step's title: its kind, its route where it has no fixed period. */
export function stepTags(step) {
  const via = route(step.ruleCode);
  return [
    h("span", { className: `tag ${step.kind.toLowerCase()}` }, name(STEP_KINDS, step.kind)),
    via ? h("span", { className: "tag route" }, via) : null,
  ];
}

export function assessment(step) {
  return step.requiresAssessment
    ? h("span", { className: "tag assess", title: "需按该职业的申报条件参加考核（认定）" }, "需考核")
    : null;
}

/** "现在可申报", "2027年3月15日起可申报" or "暂不能申报", with the rule and what is missing. */
export function eligibilityBlock(e, target) {
  let state;
  let text;
  if (e.eligibleNow) {
    state = "now";
    text = e.ruleSource === null && e.yearsToWait === 0 ? "已持有，无需申报" : "现在可申报";
  } else if (e.eligibleFrom) {
    state = "later";
    text = `${day(e.eligibleFrom)}起可申报`;
    if (e.yearsToWait >= 1) text += `（还需约 ${e.yearsToWait.toFixed(1).replace(/\.0$/, "")} 年）`;
    else if (e.yearsToWait) text += `（还需约 ${Math.max(1, Math.round(e.yearsToWait * 12))} 个月）`;
  } else {
    state = "no";
    text = "暂不能申报";
  }
  return h(
    "div",
    {
      className: `eligibility ${state}`,
      dataset: { eligible: state, eligibleFrom: e.eligibleFrom || "" },
    },
    h("p", { className: "verdict" }, target ? `${target}：${text}` : text),
    e.missing.length ? h("p", { className: "missing" }, `还缺：${e.missing.join("；")}`) : null,
    e.rule ? h("p", { className: "rule" }, `条件：${e.rule}`) : null,
    e.ruleSource ? h("p", { className: "rule" }, `依据：${e.ruleSource}`) : null,
  );
}

/** The steps into related occupations, folded and grouped by why they are related. */
export function relatedGroups(related, stepData) {
  const groups = new Map(); // relation reason → its steps
  for (const step of related) {
    const key = step.relation ? step.relation.reason : "";
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(step);
  }
  const assessed = related.every((s) => s.requiresAssessment);
  return h(
    "li",
    { className: "related" },
    h(
      "details",
      {},
      h(
        "summary",
        { dataset: { count: related.length } },
        `相关职业的下一步 ${related.length} 个`,
        assessed ? "（都需在该职业参加考核）" : "",
      ),
      [...groups.values()].map((group) => {
        const relation = group[0].relation;
        return h(
          "div",
          { className: "relation" },
          relation
            ? [
                h(
                  "p",
                  { className: "reason" },
                  h("span", { className: "tag" }, name(RELATION_KINDS, relation.kind)),
                  " ",
                  relation.reason,
                ),
                h("p", { className: "rule" }, `来源：${relation.source}`),
              ]
            : null,
          h(
            "ul",
            { className: "list" },
            group.map((step) =>
              h(
                "li",
                { dataset: stepData(step), title: `条件：${step.rule}\n依据：${step.ruleSource}` },
                stepTags(step),
                " ",
                stepTitle(step),
                " · ",
                atLeast(step.minYears),
                " ",
                assessment(step),
              ),
            ),
          ),
        );
      }),
    ),
  );
}
