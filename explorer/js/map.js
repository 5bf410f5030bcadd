// The counties on a plain longitude/latitude plane (an ECharts scatter, no map tiles): each
// county seat a dot coloured by its gaps or their demand, the suggested bases ringed, and
// for a chosen suggestion the lines to the counties it would reach.

import { number } from "./labels.js";

const PAD = 0.12; // degrees around the outermost seats
const MIN_SPAN = 1.2; // degrees: a city's few seats still get room around them
const MAX_PLOT_HEIGHT = 620; // px: on a wide screen the plane narrows instead of growing taller
const MARGIN = { top: 12, bottom: 44, side: 8 };
const PIN = "#1d4ed8";
const OUTSIDE = "#c5ccd6";
const SCALE = ["#2e7d32", "#fdd835", "#fb8c00", "#c62828"]; // none → many

const SERIES = { counties: 0, outside: 1, lines: 2, ring: 3, cities: 4, proposals: 5 };

/** The plane around the scope's seats (the others show where they fall inside it). */
function bounds(points) {
  const span = (values) => {
    const low = Math.min(...values);
    const high = Math.max(...values);
    const grow = Math.max(PAD, (MIN_SPAN - (high - low)) / 2);
    return [low - grow, high + grow];
  };
  const [west, east] = span(points.map((p) => p.longitude));
  const [south, north] = span(points.map((p) => p.latitude));
  return { west, east, south, north };
}

export class CountyMap {
  /**
   * `counties`: every county with latitude, longitude and parent; `cities` likewise (their
   * names label the plane). `onCounty(code)` and `onProposal(index)` run on a click.
   */
  constructor(box, counties, cities, { onCounty, onProposal }) {
    this.box = box;
    this.counties = counties.filter((c) => c.latitude != null && c.longitude != null);
    this.cities = cities.filter((c) => c.latitude != null && c.longitude != null);
    this.byCode = new Map(this.counties.map((c) => [c.code, c]));
    this.extent = bounds(this.counties);
    this.chart = echarts.init(box, null, { renderer: "canvas" });
    this.view = null;
    this.chosen = { county: null, proposal: null };
    this.chart.on("click", (event) => {
      const data = event.data || {};
      if (event.seriesIndex === SERIES.proposals) onProposal(data.proposals[0]);
      else if (event.seriesIndex === SERIES.counties) onCounty(data.code);
    });
  }

  /** The plot keeps a degree of latitude and one of longitude at their true ground ratio. */
  layout() {
    const { west, east, south, north } = this.extent;
    const ratio = (north - south) / ((east - west) * Math.cos((((north + south) / 2) * Math.PI) / 180));
    const width = this.box.clientWidth || 320;
    let plotWidth = width - 2 * MARGIN.side;
    let plotHeight = plotWidth * ratio;
    if (plotHeight > MAX_PLOT_HEIGHT) {
      plotHeight = MAX_PLOT_HEIGHT;
      plotWidth = plotHeight / ratio;
    }
    this.box.style.height = `${Math.round(plotHeight + MARGIN.top + MARGIN.bottom)}px`;
    this.chart.resize();
    return {
      left: Math.round((width - plotWidth) / 2),
      top: MARGIN.top,
      width: Math.round(plotWidth),
      height: Math.round(plotHeight),
    };
  }

  /**
   * `values`: county code → { value, gaps, demand, covered } for the counties in scope;
   * `metric`: "gaps" or "demand"; `single`: one series is shown (a gap is then yes or no);
   * `proposals`: coverageSuggest's, in order.
   */
  render({ values, metric, single, proposals }) {
    this.view = { values, metric, single, proposals };
    this.chosen = { county: null, proposal: null };
    const point = (c) => [c.longitude, c.latitude];
    const inside = this.counties.filter((c) => values.has(c.code));
    const outside = this.counties.filter((c) => !values.has(c.code));
    this.extent = bounds(inside.length ? inside : this.counties);
    const max = Math.max(1, ...inside.map((c) => values.get(c.code).value));
    const rings = new Map(); // county → proposal indices: several series may go to one county
    proposals.forEach((p, i) => {
      if (!rings.has(p.county.code)) rings.set(p.county.code, []);
      rings.get(p.county.code).push(i);
    });
    const legend =
      single && metric === "gaps"
        ? {
            type: "piecewise",
            pieces: [
              { value: 0, label: "已覆盖", color: SCALE[0] },
              { value: 1, label: "缺口", color: SCALE[3] },
            ],
          }
        : {
            type: "continuous",
            min: 0,
            max,
            calculable: false,
            itemWidth: 12,
            itemHeight: 120,
            text: [metric === "gaps" ? `缺口 ${max} 个` : `需求 ${number(max)}`, "0"],
            inRange: { color: SCALE },
          };
    this.chart.setOption(
      {
        animation: false,
        grid: this.layout(),
        backgroundColor: "#fff",
        tooltip: { confine: true },
        xAxis: { type: "value", min: this.extent.west, max: this.extent.east, show: false },
        yAxis: { type: "value", min: this.extent.south, max: this.extent.north, show: false },
        visualMap: {
          ...legend,
          seriesIndex: SERIES.counties,
          dimension: 2,
          orient: "horizontal",
          left: "center",
          bottom: 0,
          textStyle: { fontSize: 11 },
        },
        series: [
          {
            name: "counties",
            type: "scatter",
            clip: true,
            symbolSize: 11,
            itemStyle: { borderColor: "#fff", borderWidth: 1 },
            emphasis: { scale: 1.6 },
            tooltip: { formatter: (p) => this.tip(p.data.code) },
            data: inside.map((c) => ({ code: c.code, value: [...point(c), values.get(c.code).value] })),
          },
          {
            name: "outside",
            type: "scatter",
            clip: true,
            symbolSize: 6,
            silent: true,
            itemStyle: { color: OUTSIDE },
            data: outside.map((c) => ({ code: c.code, value: point(c) })),
          },
          { name: "lines", type: "lines", coordinateSystem: "cartesian2d", silent: true, data: [] },
          { name: "ring", type: "scatter", clip: true, silent: true, data: [] },
          {
            name: "cities",
            type: "scatter",
            clip: true,
            symbolSize: 0,
            silent: true,
            label: {
              show: true,
              formatter: (p) => p.data.name.replace(/市$/, ""),
              position: "left",
              distance: 6,
              color: "#39424e",
              fontSize: 11,
              textBorderColor: "#fff",
              textBorderWidth: 2,
            },
            data: this.cities.map((c) => ({ name: c.name, value: point(c) })),
            z: 1,
          },
          {
            name: "proposals",
            type: "scatter",
            clip: true,
            // a ring around the county, so its colour still shows, and the order above it
            symbol: "circle",
            symbolSize: 24,
            itemStyle: { color: "rgba(255,255,255,0.01)", borderColor: PIN, borderWidth: 3 },
            label: {
              show: true,
              position: "top",
              distance: 3,
              color: "#fff",
              backgroundColor: PIN,
              borderRadius: 3,
              padding: [1, 4],
              fontSize: 11,
              formatter: (p) => p.data.proposals.map((i) => i + 1).join("、"),
            },
            tooltip: {
              formatter: (p) =>
                p.data.proposals
                  .map((i) => {
                    const x = proposals[i];
                    return `建议 ${i + 1}：${x.county.name} · ${x.series.name}<br>补上需求 ${number(x.closesDemand)}`;
                  })
                  .join("<br>"),
            },
            data: [...rings].map(([code, indices]) => ({
              code,
              proposals: indices,
              value: point(this.byCode.get(code)),
            })),
            z: 5,
          },
        ],
      },
      true,
    );
  }

  tip(code) {
    const county = this.byCode.get(code);
    const v = this.view.values.get(code);
    const where = `${county.parent ? county.parent.name : ""}${county.name}`;
    if (this.view.single) {
      return v.covered ? `${where}<br>已覆盖` : `${where}<br>缺口 · 需求 ${number(v.demand)}`;
    }
    return `${where}<br>缺口 ${v.gaps} 个 · 需求合计 ${number(v.demand)}`;
  }

  /** Ring one county (a click on the map, the heatmap or the gaps list). */
  chooseCounty(code) {
    this.chosen = { county: code, proposal: null };
    this.marks();
  }

  /** Draw one suggestion's reach: lines to the counties whose gaps it would close. */
  chooseProposal(index) {
    this.chosen = { county: null, proposal: index };
    this.marks();
  }

  marks() {
    if (!this.view) return;
    const ring = [];
    const lines = [];
    const at = (code) => {
      const c = this.byCode.get(code);
      return [c.longitude, c.latitude];
    };
    if (this.chosen.county && this.byCode.has(this.chosen.county)) {
      ring.push({ value: at(this.chosen.county) });
    }
    const p = this.view.proposals[this.chosen.proposal];
    if (p) {
      for (const gap of p.closes) {
        ring.push({ value: at(gap.countyCode) });
        if (gap.countyCode !== p.county.code) {
          lines.push({ coords: [at(p.county.code), at(gap.countyCode)] });
        }
      }
    }
    this.chart.setOption({
      series: [
        {},
        {},
        { data: lines, lineStyle: { color: PIN, width: 1.5, opacity: 0.8, type: "dashed" } },
        {
          data: ring,
          symbol: "circle",
          symbolSize: 19,
          itemStyle: { color: "transparent", borderColor: "#111", borderWidth: 2 },
        },
      ],
    });
  }

  resize() {
    if (!this.view) return;
    this.chart.setOption({ grid: this.layout() });
  }
}
