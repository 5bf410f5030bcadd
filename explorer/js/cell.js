// The detail panel of the coverage view: a gap cell, a covered cell, a county.

import { $, fill, h } from "./dom.js";
import { DEMAND_FACTORS, baseLabel, km, name, number } from "./labels.js";

/** Where the nearest base is and how far, in one line. */
export function nearestText(gap) {
  const base = gap.nearestBase;
  if (!base) return "全省没有在用的基地覆盖该系列";
  const place = `${base.region.parent ? base.region.parent.name : ""}${base.region.name}`;
  const far = gap.nearestBaseKm === null ? "" : `，直线 ${km(gap.nearestBaseKm)}`;
  return `${base.name}（${place}${far}）`;
}

/** A county clicked on the map: its gaps in all series, the largest with their nearest base. */
export function renderCounty(row, seriesCount, gaps, onGap) {
  const demand = row.baseCounts.reduce((sum, n, i) => sum + (n ? 0 : row.demands[i]), 0);
  fill(
    $("#coverage-cell"),
    h(
      "p",
      { className: "cell-title" },
      `${row.county.parent ? row.county.parent.name : ""}${row.county.name}`,
    ),
    h(
      "p",
      { className: `verdict ${row.gapCount ? "gap" : "covered"}`, dataset: { gaps: row.gapCount } },
      row.gapCount
        ? `${seriesCount} 个系列中缺口 ${row.gapCount} 个 · 需求合计 ${number(demand)}`
        : "所有系列都已覆盖",
    ),
    gaps.edges.length
      ? [
          h("p", { className: "hint small" }, "需求最高的缺口与最近的基地："),
          h(
            "ol",
            { className: "list county-gaps" },
            gaps.edges.map(({ node }) =>
              h(
                "li",
                { dataset: { series: node.seriesCode }, onclick: () => onGap(node) },
                `${node.series.name} · 需求 ${number(node.demand)}`,
                h("div", { className: "meta" }, `最近的基地：${nearestText(node)}`),
              ),
            ),
          ),
        ]
      : null,
  );
}

/** A gap: its demand factors, rank and nearest base with the distance. */
export function renderGap(gap, rank) {
  const factors = gap.demandFactors.map((f) =>
    h(
      "tr",
      { title: f.description, dataset: { factor: f.name } },
      h("td", {}, name(DEMAND_FACTORS, f.name)),
      h("td", { className: "num" }, number(f.value)),
      h("td", { className: "num" }, `× ${number(f.weight)}`),
      h("td", { className: "num" }, number(f.contribution)),
    ),
  );
  fill(
    $("#coverage-cell"),
    h(
      "p",
      { className: "cell-title" },
      `${gap.county.parent ? gap.county.parent.name : ""}${gap.county.name} × ${gap.series.name}`,
    ),
    h(
      "p",
      { className: "verdict gap", dataset: { demand: gap.demand } },
      `缺口 · 需求 ${number(gap.demand)}`,
      rank ? ` · 排名第 ${rank}` : "",
    ),
    h(
      "table",
      { className: "factors" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, "需求因素"),
          h("th", { className: "num" }, "数值"),
          h("th", { className: "num" }, "权重"),
          h("th", { className: "num" }, "贡献"),
        ),
      ),
      h("tbody", {}, factors),
    ),
    nearest(gap),
  );
}

function nearest(gap) {
  const base = gap.nearestBase;
  if (!base) return h("p", { className: "nearest" }, "最近的基地：全省没有在用的基地覆盖该系列");
  const place = `${base.region.parent ? base.region.parent.name : ""}${base.region.name}`;
  return h(
    "p",
    { className: "nearest", dataset: { km: gap.nearestBaseKm ?? "" } },
    "最近的基地：",
    h("strong", {}, base.name),
    `（${baseLabel(base)}，${place}）`,
    gap.nearestBaseKm === null
      ? null
      : h("span", { className: "km" }, `两地驻地直线距离 ${km(gap.nearestBaseKm)}`),
  );
}

/** A covered cell: how many counting bases reach it, and the county's own. */
export function renderCovered(row, seriesName, count, bases, byDistance) {
  const items = bases.edges.map(({ node }) =>
    h("li", {}, node.name, h("div", { className: "meta" }, baseLabel(node))),
  );
  fill(
    $("#coverage-cell"),
    h(
      "p",
      { className: "cell-title" },
      `${row.county.parent ? row.county.parent.name : ""}${row.county.name} × ${seriesName}`,
    ),
    h("p", { className: "verdict covered" }, `已覆盖 · ${count} 个计入的基地可达`),
    h(
      "p",
      { className: "hint small" },
      `本县在用的基地和资源共 ${bases.totalCount} 个（不论上方筛选；从外县覆盖本县的基地不在此列）：`,
    ),
    h(
      "ul",
      { className: "list" },
      items.length
        ? items
        : h(
            "li",
            {},
            byDistance ? "本县没有，由覆盖半径内的外县基地覆盖。" : "本县没有，由市级或省级基地覆盖。",
          ),
    ),
  );
}
