// Where the next bases should go (coverageSuggest): the list beside the map, and one
// proposal's detail — which gaps it closes and why.

import { gql } from "./api.js";
import { $, fill, h } from "./dom.js";
import { BASE_KINDS, BASE_LEVELS, name, number } from "./labels.js";

const SUGGEST = `
query ExplorerCoverageSuggest($count: Int!, $level: BaseLevel!, $region: String,
                              $designation: String, $industry: IndustryCode, $series: String,
                              $levels: [BaseLevel!], $kinds: [BaseKind!], $reach: CoverageReach) {
  coverageSuggest(count: $count, level: $level, regionCode: $region, designation: $designation,
                  industryCode: $industry, seriesCode: $series, baseLevels: $levels,
                  baseKinds: $kinds, reach: $reach) {
    proposals {
      county { code name parent { name } } series { code name } level closesDemand reason
      closes { countyCode demand county { name } }
    }
    totalDemandClosed gapsBefore gapsAfter
  }
}`;

const KIND = "TRAINING_BASE"; // what coverageSuggest proposes

/** Why the suggestion cannot be asked for under these filters, or null. */
function excluded(level, variables) {
  if (variables.kinds && !variables.kinds.includes(KIND)) {
    return `建议的是${BASE_KINDS[KIND]}；请在“计入的资源类型”中勾选它，或都不勾选。`;
  }
  if (variables.levels && !variables.levels.includes(level)) {
    return `建议的是${BASE_LEVELS[level]}基地；请在“计入的基地级别”中勾选它，或改选建议的级别。`;
  }
  return null;
}

/** Ask for the proposals; resolves to coverageSuggest, or to null with the reason shown. */
export async function loadSuggestions(variables) {
  const count = Number($("#suggest-count").value);
  const level = $("#suggest-level").value;
  const summary = $("#suggest-summary");
  const why = excluded(level, variables);
  if (why || !Number.isInteger(count) || count < 1 || count > 20) {
    fill($("#coverage-suggest"));
    summary.dataset.total = "";
    summary.textContent = why || "建议数量请填 1 到 20 之间的整数。";
    return null;
  }
  const data = await gql(SUGGEST, { ...variables, count, level });
  return data.coverageSuggest;
}

/** The list of proposals; a click on one runs `onPick(index)`. */
export function renderSuggestions(suggestion, onPick) {
  const summary = $("#suggest-summary");
  const s = suggestion;
  summary.dataset.total = s.totalDemandClosed;
  summary.dataset.count = s.proposals.length;
  fill(
    summary,
    s.proposals.length
      ? [
          `${s.proposals.length} 处合计补上需求 `,
          h("strong", {}, number(s.totalDemandClosed)),
          `；缺口 ${s.gapsBefore} → ${s.gapsAfter} 对`,
        ]
      : "范围内没有可以补上的缺口。",
  );
  fill(
    $("#coverage-suggest"),
    s.proposals.map((p, i) =>
      h(
        "li",
        {
          dataset: { index: i, county: p.county.code, series: p.series.code },
          onclick: () => onPick(i),
        },
        h("span", { className: "rank" }, `${i + 1}.`),
        h("span", {}, `${p.county.name} · ${p.series.name}`),
        h("span", { className: "demand" }, number(p.closesDemand)),
        h(
          "span",
          { className: "meta" },
          `${name(BASE_LEVELS, p.level)}${BASE_KINDS[KIND]}，补上 ${p.closes.length} 个缺口`,
        ),
      ),
    ),
  );
}

/** One proposal in the detail panel: its reason and the gaps it closes. */
export function renderProposal(p, index) {
  for (const li of document.querySelectorAll("#coverage-suggest li")) {
    li.classList.toggle("selected", li.dataset.index === String(index));
  }
  fill(
    $("#coverage-cell"),
    h(
      "p",
      { className: "cell-title" },
      `建议 ${index + 1}：${p.county.parent ? p.county.parent.name : ""}${p.county.name} × ${p.series.name}`,
    ),
    h(
      "p",
      { className: "verdict proposal", dataset: { demand: p.closesDemand } },
      `新设${name(BASE_LEVELS, p.level)}${BASE_KINDS[KIND]} · 补上需求 ${number(p.closesDemand)}`,
    ),
    h("p", { className: "reason" }, p.reason),
    h(
      "table",
      { className: "factors" },
      h(
        "thead",
        {},
        h("tr", {}, h("th", {}, "补上的缺口"), h("th", { className: "num" }, "需求")),
      ),
      h(
        "tbody",
        {},
        p.closes.map((gap) =>
          h(
            "tr",
            { dataset: { county: gap.countyCode } },
            h("td", {}, `${gap.county.name} · ${p.series.name}`),
            h("td", { className: "num" }, number(gap.demand)),
          ),
        ),
      ),
    ),
  );
}
