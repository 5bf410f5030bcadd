// The 人才统计 chart: skilled and high-skilled persons a year (solid), the plan's targets as
// dotted lines, where the pace leads by the target year (dashed, from the last complete
// year), and the high-skilled share on a second axis. Withheld counts are gaps, never 0.

export const COLOURS = { skilled: "#b3261e", high: "#1d4ed8", share: "#2e7d32" };

/** 1, 2 or 5 times a power of ten, at least `n`: a round top for an axis. */
function roundUp(n) {
  const power = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= n);
}

/** 14000000 → "1400 万人". */
function persons(n) {
  if (n >= 10000) return `${(n / 10000).toLocaleString("zh-CN")} 万人`;
  return `${n.toLocaleString("zh-CN")} 人`;
}

function countLine(target, colour) {
  if (!target?.applies) return undefined;
  return targetLine(target.target, `${target.year} 年目标 ${persons(target.target)}`, colour);
}

function targetLine(value, text, colour, position = "insideEndTop") {
  return {
    silent: true,
    symbol: "none",
    lineStyle: { type: "dotted", width: 2, color: colour },
    label: { position, formatter: text, color: colour, fontSize: 11 },
    data: [{ yAxis: value }],
  };
}

/**
 * `rows`: { year, skilled, high, share } (null: withheld); `years`: the axis, the target year
 * included when a projection is drawn; `plan`: { skilled, high, share } each null or
 * { target, year, applies, projected, from } (from: the year the dashed line starts).
 */
export function trendOption(rows, years, plan) {
  const at = new Map(rows.map((r) => [r.year, r]));
  const column = (key) => years.map((y) => (at.has(y) ? at.get(y)[key] : null));
  const projection = (key, scale = 1) => {
    const p = plan[key];
    if (!p || p.projected === null) return null;
    return years.map((y) => {
      if (y === p.year) return p.projected * scale;
      if (y === p.from && at.get(y)?.[key] != null) return at.get(y)[key];
      return null;
    });
  };
  const counts = [...column("skilled"), ...column("high")].filter((v) => v !== null);
  const targets = ["skilled", "high"].filter((k) => plan[k]?.applies).map((k) => plan[k].target);
  const projected = ["skilled", "high"]
    .map((k) => plan[k]?.projected)
    .filter((v) => v !== null && v !== undefined);
  const dataTop = Math.max(0, ...counts, ...projected);
  const countTop = Math.max(...targets, 0);
  const shareTarget = plan.share?.applies ? plan.share.target * 100 : 0;
  const shares = column("share").filter((v) => v !== null);
  if (plan.share?.projected != null) shares.push(plan.share.projected * 100);
  const shareTop = Math.max(shareTarget, ...shares);

  const line = (name, key, colour, extra = {}) => ({
    name,
    type: "line",
    data: column(key),
    connectNulls: false, // a withheld year is a gap in the line
    symbolSize: 6,
    lineStyle: { color: colour, width: 2, type: "solid" },
    itemStyle: { color: colour },
    ...extra,
  });
  const dashed = (name, data, colour, yAxisIndex = 0) => ({
    name,
    type: "line",
    data,
    connectNulls: true, // from the last complete year straight to the target year
    symbolSize: 7,
    lineStyle: { color: colour, width: 2, type: "dashed" },
    itemStyle: { color: "#fff", borderColor: colour, borderWidth: 2 },
    yAxisIndex,
  });

  const series = [
    line("技能人才", "skilled", COLOURS.skilled, {
      markLine: countLine(plan.skilled, COLOURS.skilled),
    }),
    line("高技能人才", "high", COLOURS.high, {
      markLine: countLine(plan.high, COLOURS.high),
    }),
    line("高技能人才占比", "share", COLOURS.share, {
      yAxisIndex: 1,
      symbol: "diamond",
      lineStyle: { color: COLOURS.share, width: 1.5, type: "solid" },
      markLine: plan.share?.applies
        ? targetLine(shareTarget, `占比目标 ${shareTarget}%`, COLOURS.share, "insideStartTop")
        : undefined,
    }),
  ];
  const skilledAhead = projection("skilled");
  const highAhead = projection("high");
  const shareAhead = projection("share", 100);
  if (skilledAhead) series.push(dashed("技能人才预测", skilledAhead, COLOURS.skilled));
  if (highAhead) series.push(dashed("高技能人才预测", highAhead, COLOURS.high));
  if (shareAhead) series.push(dashed("高技能人才占比预测", shareAhead, COLOURS.share, 1));

  return {
    animation: false,
    color: [COLOURS.skilled, COLOURS.high, COLOURS.share],
    legend: { top: 0, type: "scroll", data: series.map((s) => s.name) },
    grid: { top: 48, left: 8, right: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      confine: true,
      formatter: (items) => {
        const known = (i) => typeof i.value === "number" && !Number.isNaN(i.value);
        const lines = items
          .filter((i) => known(i) || !i.seriesName.endsWith("预测"))
          .map((i) => {
            let text = "不公布";
            if (known(i) && i.seriesName.startsWith("高技能人才占比")) {
              text = `${i.value.toFixed(1)}%`;
            } else if (known(i)) {
              text = Math.round(i.value).toLocaleString("zh-CN");
            }
            return `${i.marker}${i.seriesName}：${text}`;
          });
        return [`${items[0].axisValue} 年`, ...lines].join("<br>");
      },
    },
    xAxis: { type: "category", data: years.map(String), boundaryGap: false },
    yAxis: [
      {
        type: "value",
        name: "人",
        min: 0,
        // a target above every figure still shows
        max: countTop > dataTop ? roundUp(countTop * 1.05) : null,
        axisLabel: { formatter: (v) => (v >= 10000 ? `${v / 10000}万` : String(v)) },
      },
      {
        type: "value",
        name: "占比",
        min: 0,
        max: shareTop > 0 ? roundUp(shareTop * 1.1) : 100,
        splitLine: { show: false },
        axisLabel: { formatter: "{value}%" },
      },
    ],
    series,
  };
}
