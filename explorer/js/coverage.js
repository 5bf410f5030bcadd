// Coverage view: the counties on a map and the county × series heatmap (coverageMatrix),
// the suggested next bases (coverageSuggest), the ranked gaps (coverageGaps), one cell's or
// county's detail, and the CSV downloads of the same scope.

import { coverageCsvUrl, gql } from "./api.js";
import { $, fail, fill, h, status } from "./dom.js";
import { nearestText, renderCounty, renderCovered, renderGap } from "./cell.js";
import { BASE_KINDS, BASE_LEVELS, number } from "./labels.js";
import { CountyMap } from "./map.js";
import { loadSuggestions, renderProposal, renderSuggestions } from "./suggest.js";

const SCOPE_VARIABLES = `$region: String, $designation: String, $industry: IndustryCode,
                         $levels: [BaseLevel!], $kinds: [BaseKind!], $reach: CoverageReach`;
const GAP_FIELDS = `
  rank demand countyCode seriesCode nearestBaseKm
  county { name parent { name } } series { code name }
  demandFactors { name value weight contribution description }
  nearestBase { id name kind level region { name parent { name } } }`;

const MATRIX = `
query ExplorerCoverageMatrix(${SCOPE_VARIABLES}) {
  coverageMatrix(regionCode: $region, designation: $designation, industryCode: $industry,
                 baseLevels: $levels, baseKinds: $kinds, reach: $reach) {
    gapCount pairCount seriesCodes series { code name }
    rows { countyCode county { name parent { name } } gapCount baseCounts demands }
  }
}`;

const GAPS = `
query ExplorerCoverageGaps(${SCOPE_VARIABLES}, $series: String, $first: Int, $after: String) {
  coverageGaps(regionCode: $region, designation: $designation, industryCode: $industry,
               seriesCode: $series, baseLevels: $levels, baseKinds: $kinds, reach: $reach,
               first: $first, after: $after) {
    totalCount
    edges { node { ${GAP_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const BASES_IN_COUNTY = `
query ExplorerBasesInCounty($county: String!, $series: String!) {
  bases(regionCode: $county, seriesCode: $series, first: 10) {
    totalCount
    edges { node { id name kind level } }
  }
}`;

const PAGE = 30;
const COUNTY_GAPS = 5; // the top gaps a county's detail lists
const GAP_COLOUR = "#d9483b";

export class CoverageView {
  constructor(reference) {
    this.reference = reference;
    this.chart = null;
    this.map = null;
    this.suggestion = null;
    this.matrix = null;
    this.gaps = [];
    this.ranks = new Map(); // "county:series" → rank, for the gaps loaded so far
    this.after = null;
    this.ticket = 0;
    this.fillControls(reference);
    $("#coverage-form").addEventListener("change", () => this.load());
    $("#coverage-form").addEventListener("submit", (event) => event.preventDefault());
    $("#map-metric").addEventListener("change", () => this.renderMap());
    $("#map-series").addEventListener("change", () => {
      this.renderMap();
      this.guard(() => this.suggest(this.ticket));
    });
    $("#suggest-form").addEventListener("change", () => this.guard(() => this.suggest(this.ticket)));
    $("#suggest-form").addEventListener("submit", (event) => event.preventDefault());
    $("#coverage-more").addEventListener("click", () =>
      this.guard(() => this.loadGaps(false, this.ticket)),
    );
    window.addEventListener("resize", () => {
      if (this.chart) this.chart.resize();
      if (this.map) this.map.resize();
    });
  }

  fillControls(reference) {
    const scope = $("#coverage-scope");
    for (const d of reference.designations) {
      scope.append(
        h("option", { value: `designation:${d.code}` }, `${d.name}（${d.memberCount} 个县）`),
      );
    }
    scope.append(
      h(
        "optgroup",
        { label: "设区市" },
        reference.cities.map((c) => h("option", { value: `region:${c.code}` }, c.name)),
      ),
    );
    $("#coverage-industry").append(
      ...reference.industries.map((i) => h("option", { value: i.code }, i.name)),
    );
    const checks = (name, labels) =>
      Object.entries(labels).map(([code, label]) =>
        h("label", {}, h("input", { type: "checkbox", name, value: code }), label),
      );
    $("#coverage-levels").append(...checks("baseLevel", BASE_LEVELS));
    $("#coverage-kinds").append(...checks("baseKind", BASE_KINDS));
  }

  /** The scope and filters the controls say, as the API's arguments. */
  get scope() {
    const [type, code] = ($("#coverage-scope").value || ":").split(":");
    const ticked = (name) =>
      [...document.querySelectorAll(`input[name=${name}]:checked`)].map((i) => i.value);
    const levels = ticked("baseLevel");
    const kinds = ticked("baseKind");
    return {
      regionCode: type === "region" ? code : null,
      designation: type === "designation" ? code : null,
      industryCode: $("#coverage-industry").value || null,
      baseLevels: levels.length ? levels : null, // none ticked: every base counts
      baseKinds: kinds.length ? kinds : null,
      reach: $("#coverage-reach").value,
    };
  }

  get variables() {
    const s = this.scope;
    return {
      region: s.regionCode,
      designation: s.designation,
      industry: s.industryCode,
      levels: s.baseLevels,
      kinds: s.baseKinds,
      reach: s.reach,
    };
  }

  show() {
    if (!this.chart) {
      this.chart = echarts.init($("#heatmap"), null, { renderer: "canvas" });
      this.chart.on("click", (event) => this.pick(event.value[0], event.value[1]));
      this.map = new CountyMap($("#county-map"), this.reference.counties, this.reference.cities, {
        onCounty: (code) => this.pickCounty(code),
        onProposal: (index) => this.pickProposal(index),
      });
      this.load();
    } else {
      this.chart.resize();
      this.map.resize();
    }
  }

  async load() {
    if (!this.chart) return;
    const mine = ++this.ticket;
    $("#coverage-csv-gaps").href = coverageCsvUrl("gaps", this.scope);
    $("#coverage-csv-matrix").href = coverageCsvUrl("matrix", this.scope);
    status("正在计算覆盖情况…");
    try {
      const data = await gql(MATRIX, this.variables);
      if (mine !== this.ticket) return;
      this.matrix = data.coverageMatrix;
      this.selected = undefined;
      this.suggestion = null;
      this.fillSeries();
      this.renderMatrix();
      this.renderMap();
      fill(
        $("#coverage-cell"),
        h("p", { className: "hint" }, "点击地图上的县、热力图上的格子，或列表中的一行。"),
      );
      await Promise.all([this.loadGaps(true, mine), this.suggest(mine)]);
      if (mine === this.ticket) status("");
    } catch (error) {
      if (mine === this.ticket) fail(error);
    }
  }

  /** The map's series choice follows the scope's series (an industry narrows them). */
  fillSeries() {
    const select = $("#map-series");
    const kept = select.value;
    fill(
      select,
      h("option", { value: "" }, "全部系列"),
      this.matrix.series.map((s) => h("option", { value: s.code }, s.name)),
    );
    select.value = this.matrix.seriesCodes.includes(kept) ? kept : "";
  }

  /** Each county's value on the map: its gaps (or their demand), in all series or in one. */
  renderMap() {
    if (!this.matrix) return;
    const series = $("#map-series").value;
    const x = series ? this.matrix.seriesCodes.indexOf(series) : -1;
    const metric = $("#map-metric").value;
    const values = new Map();
    for (const row of this.matrix.rows) {
      let gaps = 0;
      let demand = 0;
      row.baseCounts.forEach((count, i) => {
        if (count === 0 && (x < 0 || i === x)) {
          gaps += 1;
          demand += row.demands[i];
        }
      });
      const value = metric === "gaps" ? gaps : demand;
      values.set(row.countyCode, { value, gaps, demand, covered: gaps === 0 });
    }
    const proposals = this.suggestion ? this.suggestion.proposals : [];
    this.map.render({ values, metric, single: x >= 0, proposals });
    const box = $("#county-map");
    box.dataset.counties = values.size;
    box.dataset.proposals = proposals.length;
  }

  /** The suggested bases for the scope and the map's series; drawn on the map. */
  async suggest(ticket) {
    const series = $("#map-series").value || null;
    const suggestion = await loadSuggestions({ ...this.variables, series });
    if (ticket !== this.ticket) return;
    this.suggestion = suggestion;
    if (suggestion) renderSuggestions(suggestion, (i) => this.pickProposal(i));
    this.renderMap();
  }

  pickProposal(index) {
    const p = this.suggestion.proposals[index];
    this.map.chooseProposal(index);
    renderProposal(p, index);
  }

  /** A county on the map: its cell when one series is shown, else its largest gaps. */
  async pickCounty(code) {
    const y = this.matrix.rows.findIndex((r) => r.countyCode === code);
    if (y < 0) return;
    this.map.chooseCounty(code);
    const series = $("#map-series").value;
    if (series) {
      await this.pick(this.matrix.seriesCodes.indexOf(series), y);
      return;
    }
    const data = await this.guard(() =>
      gql(GAPS, { ...this.variables, region: code, series: null, first: COUNTY_GAPS, after: null }),
    );
    if (data) {
      renderCounty(this.matrix.rows[y], this.matrix.seriesCodes.length, data.coverageGaps, (gap) =>
        this.pickGap(gap),
      );
    }
  }

  renderMatrix() {
    const m = this.matrix;
    const names = new Map(m.series.map((s) => [s.code, s.name]));
    const summary = $("#coverage-summary");
    summary.dataset.counties = m.rows.length;
    summary.dataset.series = m.seriesCodes.length;
    summary.dataset.gaps = m.gapCount;
    fill(
      summary,
      `${m.rows.length} 个县（市、区）× ${m.seriesCodes.length} 个系列 = ${m.pairCount} 对，其中缺口 `,
      h("strong", {}, m.gapCount),
      " 对",
    );
    // Each cell named by its county and series: ECharts selects by name, and unnamed
    // heatmap cells take their column's name, so one click would select the whole column.
    const data = [];
    m.rows.forEach((row, y) =>
      row.baseCounts.forEach((count, x) =>
        data.push({
          name: `${row.countyCode}:${m.seriesCodes[x]}`,
          value: [x, y, count, row.demands[x]],
        }),
      ),
    );
    // about 20 px a county and 18 px a series, scrolling sideways on a phone when too wide
    $("#heatmap").style.height = `${Math.max(320, m.rows.length * 20 + 150)}px`;
    $("#heatmap").style.minWidth = `${Math.max(320, m.seriesCodes.length * 18 + 110)}px`;
    this.chart.resize();
    this.chart.setOption(
      {
        animation: false,
        tooltip: {
          formatter: (p) => {
            const [x, y, count, demand] = p.value;
            const where = `${m.rows[y].county.name} × ${names.get(m.seriesCodes[x])}`;
            return count
              ? `${where}<br>${count} 个基地覆盖`
              : `${where}<br>缺口 · 需求 ${number(demand)}`;
          },
        },
        grid: { top: 56, left: 8, right: 8, bottom: 8, containLabel: true },
        xAxis: {
          type: "category",
          position: "top",
          data: m.seriesCodes.map((c) => names.get(c)),
          axisLabel: { interval: 0, rotate: 60, fontSize: 11 },
          splitArea: { show: true },
        },
        yAxis: {
          type: "category",
          inverse: true,
          data: m.rows.map((r) => r.county.name),
          axisLabel: { interval: 0, fontSize: 11 },
          splitArea: { show: true },
        },
        visualMap: {
          type: "piecewise",
          dimension: 2,
          orient: "horizontal",
          left: "center",
          top: 0,
          itemWidth: 14,
          pieces: [
            { value: 0, label: "缺口", color: GAP_COLOUR },
            { value: 1, label: "1 个基地", color: "#c8e6c9" },
            { gte: 2, lte: 4, label: "2–4 个", color: "#66bb6a" },
            { gte: 5, label: "5 个及以上", color: "#1b5e20" },
          ],
        },
        series: [
          {
            type: "heatmap",
            data,
            progressive: 0, // 90 × 36 cells at once: drawn in chunks, some never showed
            selectedMode: "single",
            itemStyle: { borderColor: "#fff", borderWidth: 1 },
            select: { itemStyle: { borderColor: "#111", borderWidth: 2 } },
            emphasis: { itemStyle: { borderColor: "#333", borderWidth: 1 } },
          },
        ],
      },
      true,
    );
  }

  /** The first page of gaps, or the next one; dropped if the scope changed meanwhile. */
  async loadGaps(first, ticket) {
    const variables = { ...this.variables, first: PAGE, after: first ? null : this.after };
    const data = await gql(GAPS, variables);
    if (ticket !== this.ticket) return;
    const connection = data.coverageGaps;
    if (first) {
      this.gaps = [];
      this.ranks.clear();
    }
    for (const { node } of connection.edges) {
      this.gaps.push(node);
      this.ranks.set(`${node.countyCode}:${node.seriesCode}`, node.rank);
    }
    this.after = connection.pageInfo.endCursor;
    $("#coverage-more").hidden = !connection.pageInfo.hasNextPage;
    $("#coverage-gap-total").textContent = `共 ${connection.totalCount} 个`;
    $("#coverage-gap-total").dataset.total = connection.totalCount;
    const items = this.gaps.map((gap) =>
      h(
        "li",
        {
          dataset: { rank: gap.rank, county: gap.countyCode, series: gap.seriesCode },
          onclick: () => this.pickGap(gap),
        },
        h("span", { className: "rank" }, `${gap.rank}.`),
        h("span", {}, `${gap.county.name} · ${gap.series.name}`),
        h("span", { className: "demand" }, number(gap.demand)),
        h(
          "span",
          { className: "meta" },
          `最近的基地：${nearestText(gap)}`,
        ),
      ),
    );
    fill(
      $("#coverage-gaps"),
      items.length ? items : h("li", { className: "empty" }, "当前范围内没有缺口。"),
    );
  }

  /** A cell by its position in the heatmap (x: series, y: county). */
  async pick(x, y) {
    const row = this.matrix.rows[y];
    const series = this.matrix.seriesCodes[x];
    this.select(x, y);
    this.map.chooseCounty(row.countyCode);
    if (row.baseCounts[x] === 0) {
      const data = await this.guard(() =>
        gql(GAPS, { ...this.variables, region: row.countyCode, series, first: 1, after: null }),
      );
      if (data) this.showGap(data.coverageGaps.edges[0].node);
    } else {
      const data = await this.guard(() => gql(BASES_IN_COUNTY, { county: row.countyCode, series }));
      if (data) {
        const seriesName = this.matrix.series.find((s) => s.code === series).name;
        const byDistance = this.scope.reach === "DISTANCE";
        renderCovered(row, seriesName, row.baseCounts[x], data.bases, byDistance);
      }
    }
  }

  pickGap(gap) {
    const y = this.matrix.rows.findIndex((r) => r.countyCode === gap.countyCode);
    const x = this.matrix.seriesCodes.indexOf(gap.seriesCode);
    if (x >= 0 && y >= 0) this.select(x, y);
    this.map.chooseCounty(gap.countyCode);
    this.showGap(gap);
  }

  select(x, y) {
    const dataIndex = y * this.matrix.seriesCodes.length + x;
    if (this.selected !== undefined) {
      this.chart.dispatchAction({ type: "unselect", seriesIndex: 0, dataIndex: this.selected });
    }
    this.selected = dataIndex;
    this.chart.dispatchAction({ type: "select", seriesIndex: 0, dataIndex });
    this.chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex });
    for (const li of document.querySelectorAll("#coverage-gaps li")) {
      const mine =
        li.dataset.county === this.matrix.rows[y].countyCode &&
        li.dataset.series === this.matrix.seriesCodes[x];
      li.classList.toggle("selected", mine);
    }
  }

  showGap(gap) {
    renderGap(gap, this.ranks.get(`${gap.countyCode}:${gap.seriesCode}`));
  }

  async guard(call) {
    try {
      return await call();
    } catch (error) {
      fail(error);
      return null;
    }
  }
}
