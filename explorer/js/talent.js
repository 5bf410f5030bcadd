// 人才统计 view: a region's skilled and high-skilled persons year by year (talentTrend) against
// the plan's 2025 targets and where the pace leads (planProgress), as a chart and as tables.

import { gql } from "./api.js";
import { $, fail, fill, h, status } from "./dom.js";
import { trendOption } from "./trend-chart.js";

const TALENT = `
query ExplorerTalent($region: String!, $from: Int!, $to: Int!, $industry: IndustryCode,
                     $progressRegion: String) {
  talentTrend(regionCode: $region, fromYear: $from, toYear: $to, industryCode: $industry) {
    year skilled highSkilled newSkilled newHighSkilled certificatesIssued suppressed
  }
  planProgress(regionCode: $progressRegion) {
    targets { code name target unit year appliesToRegion note projected onTrack projectionMethod }
  }
}`;

const PROVINCE = "330000";
const FIRST_YEAR = 1990; // the API's first year of certificate data
const DEFAULT_FROM = 2014;
const MAX_YEARS = 40; // points in one trend
const TARGETS = {
  skilled: "SKILLED_WORKERS",
  high: "HIGH_SKILLED_WORKERS",
  share: "HIGH_SKILLED_SHARE_OF_SKILLED",
};
const WITHHELD = "人数过少，或可由其他公布的数推算出过少的人数，不予公布";

// The API counts years by its own clock, which is UTC: so does the page, or on New Year's
// morning in Beijing it would ask for a year the API has not begun.
const thisYear = () => new Date().getUTCFullYear();

const count = (n) => Math.round(n).toLocaleString("zh-CN");
const percent = (ratio) => `${(ratio * 100).toFixed(1)}%`;

/** A table cell of a count or a share: "不公布" where withheld, its value in data-value. */
function cell(value, text = (v) => count(v)) {
  if (value === null || value === undefined) {
    const withheld = { value: "withheld" };
    return h("td", { className: "num withheld", dataset: withheld, title: WITHHELD }, "不公布");
  }
  return h("td", { className: "num", dataset: { value } }, text(value));
}

export class TalentView {
  constructor(reference) {
    this.reference = reference;
    this.chart = null;
    this.ticket = 0;
    this.fillControls(reference);
    $("#talent-form").addEventListener("change", () => this.load());
    $("#talent-form").addEventListener("submit", (event) => event.preventDefault());
    window.addEventListener("resize", () => this.chart?.resize());
  }

  fillControls(reference) {
    const region = $("#talent-region");
    for (const city of reference.cities) {
      const counties = reference.counties.filter((c) => c.parent?.code === city.code);
      region.append(
        h(
          "optgroup",
          { label: city.name },
          h("option", { value: city.code }, `${city.name}（全市）`),
          counties.map((c) => h("option", { value: c.code }, c.name)),
        ),
      );
    }
    const last = thisYear();
    for (const [select, chosen] of [
      [$("#talent-from"), DEFAULT_FROM],
      [$("#talent-to"), last],
    ]) {
      for (let year = last; year >= FIRST_YEAR; year--) {
        select.append(h("option", { value: year, selected: year === chosen }, `${year} 年`));
      }
    }
    $("#talent-industry").append(
      ...reference.industries.map((i) => h("option", { value: i.code }, i.name)),
    );
  }

  show() {
    if (!this.chart) {
      this.chart = echarts.init($("#talent-chart"), null, { renderer: "canvas" });
      this.load();
    } else {
      this.chart.resize();
    }
  }

  /** The form's question, or a reason in Chinese why it cannot be asked. */
  question() {
    const from = Number($("#talent-from").value);
    const to = Number($("#talent-to").value);
    if (from > to) return { problem: "起始年份不能晚于截止年份。" };
    if (to - from + 1 > MAX_YEARS) return { problem: `一次最多查 ${MAX_YEARS} 年。` };
    const region = $("#talent-region").value;
    return { region, from, to, industry: $("#talent-industry").value || null };
  }

  async load() {
    if (!this.chart) return;
    const mine = ++this.ticket;
    const q = this.question();
    if (q.problem) {
      status(q.problem, { error: true });
      return;
    }
    status("正在加载人才统计…");
    $("#view-talent").setAttribute("aria-busy", "true");
    try {
      const data = await gql(TALENT, {
        region: q.region,
        from: q.from,
        to: q.to,
        industry: q.industry,
        progressRegion: q.region === PROVINCE ? null : q.region,
      });
      if (mine !== this.ticket) return;
      this.render(q, data.talentTrend, data.planProgress.targets);
      status("");
    } catch (error) {
      if (mine === this.ticket) fail(error);
    } finally {
      if (mine === this.ticket) $("#view-talent").removeAttribute("aria-busy");
    }
  }

  render(q, points, targets) {
    const rows = points.map((p) => ({
      ...p,
      high: p.highSkilled,
      share: p.skilled && p.highSkilled !== null ? p.highSkilled / p.skilled : null,
    }));
    const plan = this.plan(q, rows, targets);
    const ahead = Object.values(plan).filter((p) => p && p.drawn);
    const years = [];
    const end = Math.max(q.to, ...ahead.map((p) => p.year));
    for (let y = q.from; y <= end; y++) years.push(y);
    const shown = rows.map((r) => ({ ...r, share: r.share === null ? null : r.share * 100 }));
    const drawn = {};
    for (const [key, p] of Object.entries(plan)) {
      drawn[key] = p && { ...p, projected: p.drawn ? p.projected : null };
    }
    this.chart.setOption(trendOption(shown, years, drawn), true);
    const box = $("#talent-chart");
    box.dataset.region = q.region;
    box.dataset.years = `${q.from}-${q.to}`;
    box.setAttribute("aria-label", this.describe(q, rows, plan));

    const name = this.regionName(q.region);
    $("#talent-region-name").textContent = `${name} · ${q.from}–${q.to} 年${
      q.industry ? ` · ${this.reference.industries.find((i) => i.code === q.industry).name}` : ""
    }`;
    const withheld = points.filter((p) => p.suppressed).length;
    const note = $("#talent-withheld");
    note.hidden = withheld === 0;
    note.dataset.count = withheld;
    note.textContent =
      `有 ${withheld} 个年份的部分数字标为“不公布”：${WITHHELD}；` +
      "图中的线在这些年份断开，不按 0 画。";
    fill($("#talent-plan-note"), this.planNote(q, plan));
    this.renderTargets(q, plan);
    this.renderTable(rows);
  }

  /**
   * Each target the chart can use: whether it applies to the region, its projection and
   * whether that is drawn (a dashed line from the last complete year to the target year).
   */
  plan(q, rows, targets) {
    const byYear = new Map(rows.map((r) => [r.year, r]));
    const lastComplete = thisYear() - 1;
    const out = {};
    for (const [key, code] of Object.entries(TARGETS)) {
      const t = targets.find((x) => x.code === code);
      if (!t) {
        out[key] = null;
        continue;
      }
      // A count target of the province only shows a city or county the scale; a share
      // applies everywhere (the API says which). An industry's figures are not what the plan
      // counts.
      const applies = !q.industry && t.appliesToRegion;
      const over = t.year <= lastComplete; // "projected" is then the year's actual end
      const base = byYear.get(over ? t.year : lastComplete);
      // what the trend withholds is not shown as a projection either
      const known = base !== undefined && base[key] !== null;
      const shown = !q.industry && t.projected !== null && (known || !base);
      const projected = shown ? t.projected : null;
      out[key] = {
        code: t.code,
        name: t.name,
        target: t.target,
        unit: t.unit,
        year: t.year,
        applies,
        projected,
        withheld: !q.industry && t.projected !== null && base !== undefined && !known,
        over,
        onTrack: applies ? t.onTrack : null,
        note: t.note,
        method: t.projectionMethod,
        from: lastComplete,
        drawn: projected !== null && !over && known,
      };
    }
    return out;
  }

  planNote(q, plan) {
    if (q.industry) {
      return "2025 年目标和预测按全部产业统计，选了产业时不画目标线和预测。";
    }
    const { skilled, high, share } = plan;
    const notes = [];
    if (skilled && high && !skilled.applies && !high.applies) {
      notes.push(
        `本地区没有自己的人数目标：全省 ${skilled.year} 年目标为技能人才 ` +
          `${count(skilled.target)} 人、高技能人才 ${count(high.target)} 人，` +
          "仅供参照，图中不画人数目标线。",
      );
    }
    if (share?.applies) {
      notes.push(
        `高技能人才占技能人才的比例目标（${percent(share.target)}）各地适用，画在右侧纵轴。`,
      );
    }
    if (!skilled) return notes.join("");
    if (Object.values(plan).some((p) => p?.drawn)) {
      notes.push(
        `虚线为按近年速度推算至 ${skilled.year} 年末的预测，从 ${skilled.from} 年年末画起。`,
      );
    } else if (skilled.over) {
      notes.push(`${skilled.year} 年已结束，不再预测：下表的“年末数”为该年实际数。`);
    } else if (skilled.withheld) {
      notes.push(`${skilled.from} 年年末的数不公布，由它推算的预测也不公布。`);
    } else if (skilled.projected !== null) {
      notes.push(`预测从 ${skilled.from} 年年末推算；所选年份不含该年，图中不画虚线，预测见下表。`);
    } else if (skilled.note) {
      notes.push(`${skilled.note}。`); // the API's reason, e.g. too few years of data
    }
    return notes.join("");
  }

  renderTargets(q, plan) {
    const rows = Object.values(plan)
      .filter(Boolean)
      .map((p) => {
        const ratio = p.unit === "ratio";
        const show = ratio ? percent : count;
        const none = () => h("td", { className: "num", dataset: { value: "" } }, "—");
        const projected = p.projected === null && !p.withheld ? none() : cell(p.projected, show);
        let verdict = "仅供参照";
        if (q.industry) verdict = "—";
        else if (p.withheld) verdict = "不公布";
        else if (p.onTrack === true) verdict = p.over ? "已达到" : "按当前速度可达到";
        else if (p.onTrack === false) verdict = p.over ? "未达到" : "按当前速度达不到";
        else if (p.applies) verdict = "无法判断";
        return h(
          "tr",
          { dataset: { code: p.code, applies: p.applies, drawn: p.drawn } },
          h("th", { scope: "row" }, p.name),
          h("td", { className: "num", dataset: { value: p.target } }, show(p.target)),
          projected,
          h("td", {}, verdict),
          h("td", { className: "small" }, [p.method, p.note].filter(Boolean).join("；")),
        );
      });
    const year = plan.skilled?.year ?? 2025;
    const over = plan.skilled?.over;
    fill(
      $("#talent-targets thead"),
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "指标"),
        h("th", { scope: "col", className: "num" }, `${year} 年目标`),
        h("th", { scope: "col", className: "num" }, `${year} 年末${over ? "数" : "预测"}`),
        h("th", { scope: "col" }, "是否达到"),
        h("th", { scope: "col" }, "说明"),
      ),
    );
    fill($("#talent-targets tbody"), rows);
  }

  renderTable(rows) {
    const current = thisYear();
    fill(
      $("#talent-table tbody"),
      rows.map((r) =>
        h(
          "tr",
          { dataset: { year: r.year, suppressed: r.suppressed } },
          h("th", { scope: "row" }, `${r.year}${r.year === current ? "（截至今日）" : ""}`),
          cell(r.skilled),
          cell(r.highSkilled),
          r.skilled === 0 // no skilled persons: no share, and nothing withheld
            ? h("td", { className: "num", dataset: { value: "" } }, "—")
            : cell(r.share, percent),
          cell(r.newSkilled),
          cell(r.newHighSkilled),
          cell(r.certificatesIssued),
        ),
      ),
    );
  }

  regionName(code) {
    if (code === PROVINCE) return "浙江全省";
    const city = this.reference.cities.find((c) => c.code === code);
    if (city) return city.name;
    const county = this.reference.counties.find((c) => c.code === code);
    return county ? `${county.parent?.name ?? ""}${county.name}` : code;
  }

  /** What the chart shows, in a sentence, for a screen reader; the table has the figures. */
  describe(q, rows, plan) {
    const last = [...rows].reverse().find((r) => r.skilled !== null);
    const where = this.regionName(q.region);
    const parts = [`${where} ${q.from}–${q.to} 年技能人才与高技能人才折线图`];
    if (last) parts.push(`${last.year} 年技能人才 ${count(last.skilled)} 人`);
    if (plan.skilled?.drawn) {
      parts.push(`预测 ${plan.skilled.year} 年末 ${count(plan.skilled.projected)} 人`);
    }
    parts.push("各年数字见下方“逐年数据”表");
    return parts.join("，") + "。";
  }
}
