// Career view: an occupation, the level held, since when and how long worked → the ladder,
// whether and from when the worker may apply, the next steps, nearby bases, and the
// least-time path to a chosen target (nextSteps, careerPath and eligibility of the API).

import { gql } from "./api.js";
import { $, fail, fill, h, status } from "./dom.js";
import { EDUCATIONS, RELATION_KINDS, STEP_KINDS, atLeast, name, route, years } from "./labels.js";
import { occupationPicker } from "./picker.js";
import {
  assessment,
  baseItem,
  eligibilityBlock,
  relatedGroups,
  span,
  stepTags,
  stepTitle,
  where,
} from "./steps.js";

const BASE_FIELDS = `id name kind level
  region { code name latitude longitude parent { code name } }`;
const STEP_FIELDS = `kind minYears rule ruleSource ruleCode requiresAssessment
  relation { kind reason source }`;
const ELIGIBILITY_FIELDS = "eligibleNow eligibleFrom yearsToWait rule ruleSource missing";

// Without trainingBases: the bases come from the ladder query, for the chosen occupation only.
const NEXT_STEPS = `
query ExplorerNextSteps($position: PositionInput!, $education: EducationCode) {
  nextSteps(position: $position, education: $education) {
    ${STEP_FIELDS}
    to { occupationId levelCode occupation { name } level { code name rank } }
  }
}`;

const PATH = `
query ExplorerCareerPath($from: PositionInput!, $to: PositionInput!, $near: String,
                         $education: EducationCode, $target: ID!,
                         $targetLevel: SkillLevelCode!) {
  careerPath(from: $from, to: $to, nearRegionCode: $near, education: $education) {
    reachable totalMinYears totalIsLowerBound reason
    steps {
      ${STEP_FIELDS}
      to { occupation { name } level { name } }
      trainingBases { ${BASE_FIELDS} }
    }
    alternatives {
      totalMinYears totalIsLowerBound
      steps { kind minYears ruleCode requiresAssessment to { occupation { name } level { name } } }
    }
  }
  eligibility(position: $from, targetOccupationId: $target, targetLevel: $targetLevel,
              education: $education) { ${ELIGIBILITY_FIELDS} }
}`;

/**
 * One request for the least time to every higher level of the same occupation; the path to
 * the next level also brings the bases that train for the occupation, nearest first.
 */
function ladderQuery(levels) {
  const variables = levels.map((_, i) => `$l${i}: SkillLevelCode!`).join(", ");
  const fields = levels
    .map(
      (_, i) => `l${i}: careerPath(from: $from, to: {occupationId: $occupation, level: $l${i}},
                                  education: $education, nearRegionCode: $near) {
        reachable totalMinYears totalIsLowerBound
        steps { minYears ${i === 0 ? `to { occupationId } trainingBases { ${BASE_FIELDS} }` : ""} } }`,
    )
    .join("\n");
  return `query ExplorerLadder($from: PositionInput!, $occupation: ID!, $education: EducationCode,
                               $near: String, ${variables}) { ${fields} }`;
}

/** Whether, and from when, the worker may apply for each higher level (a second request:
 * with the ladder's paths in one, a worker without a certificate would ask too much). */
function eligibilityQuery(levels) {
  const variables = levels.map((_, i) => `$l${i}: SkillLevelCode!`).join(", ");
  const fields = levels
    .map(
      (_, i) => `e${i}: eligibility(position: $from, targetLevel: $l${i}, education: $education) {
        ${ELIGIBILITY_FIELDS} }`,
    )
    .join("\n");
  return `query ExplorerEligibility($from: PositionInput!, $education: EducationCode, ${variables}) {
    ${fields} }`;
}

const pad = (n) => String(n).padStart(2, "0");
const HELD_YEARS = 50; // how far back 取证时间 goes

/** Today in the browser's calendar, as an ISO date. */
function today() {
  const now = new Date();
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** 取证时间 from its three selects: an ISO date, "" when none is chosen; throws if partial. */
function heldSince() {
  const parts = ["year", "month", "day"].map((p) => $(`#career-held-${p}`).value);
  if (parts.every((p) => !p)) return "";
  if (!parts.every(Boolean)) throw new Error("请选全取证时间的年、月、日。");
  const [y, m, d] = parts.map(Number);
  const date = new Date(y, m - 1, d);
  if (date.getMonth() !== m - 1) throw new Error(`${y}年${m}月没有${d}日。`);
  return `${y}-${pad(m)}-${pad(d)}`;
}

export class CareerView {
  constructor(reference) {
    this.levels = reference.skillLevels;
    this.counties = new Map(reference.counties.map((c) => [c.code, c]));
    this.occupation = null;
    this.target = null;
    this.ticket = 0;
    this.pathTicket = 0; // the same for the path, which has requests of its own
    this.fillSelects(reference);
    occupationPicker($("#career-occupation"), {
      onPick: (occupation) => {
        this.occupation = occupation;
        this.changed();
      },
      onError: fail,
    });
    occupationPicker($("#path-target"), {
      onPick: (occupation) => {
        this.target = occupation;
        $("#path-go").disabled = false;
      },
      onError: fail,
    });
    for (const id of [
      "#career-level",
      "#career-held-since",
      "#career-years",
      "#career-county",
      "#career-education",
    ]) {
      $(id).addEventListener("change", () => this.changed());
    }
    $("#career-form").addEventListener("submit", (event) => event.preventDefault());
    $("#path-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.path();
    });
    this.served();
  }

  fillSelects(reference) {
    const levelOptions = this.levels.map((l) =>
      h("option", { value: l.code }, l.nationalGrade ? `${l.name}（${l.nationalGrade}）` : l.name),
    );
    $("#career-level").append(...levelOptions);
    $("#path-level").append(...levelOptions.map((o) => o.cloneNode(true)));
    $("#path-level").value = "TECHNICIAN";
    const byCity = new Map();
    for (const county of reference.counties) {
      const city = county.parent ? county.parent.name : "其他";
      if (!byCity.has(city)) byCity.set(city, []);
      byCity.get(city).push(h("option", { value: county.code }, county.name));
    }
    for (const [city, options] of byCity) {
      $("#career-county").append(h("optgroup", { label: city }, options));
    }
    const year = new Date().getFullYear();
    const numbered = (from, to, unit) =>
      Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => {
        const n = from < to ? from + i : from - i;
        return h("option", { value: n }, `${n}${unit}`);
      });
    $("#career-held-year").append(...numbered(year, year - HELD_YEARS, "年"));
    $("#career-held-month").append(...numbered(1, 12, "月"));
    $("#career-held-day").append(...numbered(1, 31, "日"));
    $("#career-education").append(
      ...reference.educations.map((e) =>
        h("option", { value: e.code, title: e.name }, EDUCATIONS[e.code] || e.name),
      ),
    );
  }

  changed() {
    this.served();
    this.refresh();
    if (this.target && !$("#path-result").hidden) this.path();
  }

  /** 取证时间 applies to a certificate held; 从业年限 counts from it, or in all without one. */
  served() {
    const held = Boolean($("#career-level").value);
    const since = $("#career-held-since");
    since.disabled = !held;
    if (!held) for (const select of since.querySelectorAll("select")) select.value = "";
    $("#career-served-hint").textContent = held
      ? "从业年限：取证以来在本职业或相关职业工作的年数；只填取证时间时，按取证至今一直从业计算；都不填时从今天起算。"
      : "从业年限：在本职业或相关职业工作的总年数；不填时从今天起算。";
  }

  /** The position the form describes, or a message saying what to correct. */
  get position() {
    const position = { occupationId: this.occupation.id, level: $("#career-level").value || null };
    const since = position.level ? heldSince() : "";
    if (since) {
      if (since > today()) throw new Error("取证时间不能晚于今天。");
      position.heldSince = since;
    }
    const worked = $("#career-years").value.trim();
    if (worked) {
      const n = Number(worked);
      if (!Number.isInteger(n) || n < 0 || n > 60) {
        throw new Error("从业年限请填 0 到 60 之间的整数。");
      }
      position.yearsWorked = n;
    }
    return position;
  }

  get common() {
    return {
      near: $("#career-county").value || null,
      education: $("#career-education").value || null,
    };
  }

  /** The position, or null after saying in the status line what is wrong with the form. */
  validPosition() {
    try {
      return this.position;
    } catch (problem) {
      // an answer still on its way is for the old form
      this.ticket++;
      this.pathTicket++;
      status(problem.message, { error: true });
      return null;
    }
  }

  async refresh() {
    if (!this.occupation) return;
    const position = this.validPosition();
    if (!position) return;
    const mine = ++this.ticket;
    const current = this.levels.find((l) => l.code === position.level);
    const higher = this.levels.filter((l) => !current || l.rank > current.rank);
    const levels = {};
    higher.forEach((l, i) => (levels[`l${i}`] = l.code));
    const { education } = this.common;
    status("正在查询…");
    try {
      const [next, ladder, allowed] = await Promise.all([
        gql(NEXT_STEPS, { position, education }),
        higher.length
          ? gql(ladderQuery(higher), {
              from: position,
              occupation: this.occupation.id,
              ...levels,
              ...this.common,
            })
          : Promise.resolve({}),
        higher.length
          ? gql(eligibilityQuery(higher), { from: position, education, ...levels })
          : Promise.resolve({}),
      ]);
      if (mine !== this.ticket) return;
      const eligibility = new Map(higher.map((l, i) => [l.code, allowed[`e${i}`]]));
      this.renderLadder(current, higher, ladder, eligibility);
      this.renderNext(next.nextSteps, eligibility);
      this.renderBases(ladder.l0 ? ladder.l0.steps : []);
      $("#career-hint").hidden = true;
      $("#career-result").hidden = false;
      status("");
    } catch (error) {
      if (mine === this.ticket) fail(error);
    }
  }

  renderLadder(current, higher, ladder, eligibility) {
    $("#career-occupation-name").textContent = this.occupation.name;
    const items = this.levels.map((level) => {
      const i = higher.indexOf(level);
      let note = "";
      let now = null;
      if (current && level.code === current.code) note = "当前";
      else if (i >= 0) {
        const p = ladder[`l${i}`];
        const least = p.reachable ? span(p) : null;
        note = least ? least.text : "不可达";
        if (least && least.faster) {
          note = [
            note,
            h("span", { className: "faster", title: "直接认定或竞赛晋级可能更快" }, "或更快"),
          ];
        }
        if (eligibility.get(level.code).eligibleNow) {
          now = h("span", { className: "tag now" }, "可申报");
        }
      }
      const className = current && level.code === current.code ? "current" : i < 0 ? "below" : "";
      return h(
        "li",
        { className, dataset: { level: level.code } },
        h("span", { className: "rank" }, level.rank),
        h(
          "span",
          {},
          level.name,
          level.nationalGrade ? h("span", { className: "grade" }, level.nationalGrade) : null,
          now,
        ),
        h("span", { className: "years" }, note),
      );
    });
    fill($("#career-ladder"), items);
  }

  renderNext(steps, eligibility) {
    // Steps in the chosen occupation come first, as cards with the worker's eligibility; the
    // steps into related occupations are folded below, grouped by why they are related.
    const own = steps.filter((s) => s.to.occupationId === this.occupation.id);
    const related = steps.filter((s) => s.to.occupationId !== this.occupation.id);
    const stepData = (step) => ({
      kind: step.kind,
      occupation: step.to.occupationId,
      level: step.to.levelCode || "",
    });
    const cards = own.map((step) => {
      const e = eligibility.get(step.to.levelCode);
      return h(
        "li",
        { dataset: stepData(step) },
        h(
          "div",
          { className: "head" },
          stepTags(step),
          h("strong", {}, stepTitle(step)),
          h("span", { className: "years-badge" }, atLeast(step.minYears)),
        ),
        e
          ? eligibilityBlock(e)
          : [
              h("p", { className: "rule" }, `条件：${step.rule}`),
              h("p", { className: "rule" }, `依据：${step.ruleSource}`),
            ],
      );
    });
    if (!cards.length) cards.push(h("li", {}, "本职业已是最高等级，没有下一步晋级。"));
    if (related.length) cards.push(relatedGroups(related, stepData));
    fill($("#career-next"), cards);
  }

  renderBases(steps) {
    // Each step lists the bases for its occupation's series, nearest first: those of the
    // step into the chosen occupation's next level are the ones to train at for it.
    const own = steps.find((s) => s.to.occupationId === this.occupation.id);
    const county = this.counties.get(this.common.near || "");
    const bases = own ? own.trainingBases.slice(0, 8) : [];
    $("#career-bases-note").textContent = county
      ? `${county.parent ? county.parent.name : ""}${county.name}附近，由近及远（距离为两地政府驻地间的直线距离）：`
      : "选择所在县可按远近排序。";
    const none = own ? "暂无在用的培训基地。" : "已是最高等级。";
    fill(
      $("#career-bases"),
      bases.length ? bases.map((b) => baseItem(b, county)) : h("li", {}, none),
    );
  }

  async path() {
    if (!this.occupation) {
      status("请先在上方选择现有职业。", { error: true });
      return;
    }
    if (!this.target) return;
    const from = this.validPosition();
    if (!from) return;
    const to = { occupationId: this.target.id, level: $("#path-level").value };
    const mine = ++this.pathTicket;
    status("正在计算路径…");
    try {
      const target = { target: to.occupationId, targetLevel: to.level };
      const data = await gql(PATH, { from, to, ...target, ...this.common });
      if (mine !== this.pathTicket) return;
      const level = this.levels.find((l) => l.code === to.level);
      this.renderPath(data.careerPath, data.eligibility, `${this.target.name} · ${level.name}`);
      status("");
    } catch (error) {
      if (mine === this.pathTicket) fail(error);
    }
  }

  renderPath(path, eligibility, target) {
    const total = $("#path-total");
    $("#path-result").hidden = false;
    fill($("#path-eligibility"), eligibilityBlock(eligibility, `直接申报${target}`));
    const note = $("#path-note");
    if (!path.reachable) {
      total.textContent = "无法到达";
      total.dataset.years = "";
      note.textContent = "";
      fill($("#path-steps"), h("li", {}, path.reason || "按现行规则无法到达该目标。"));
      fill($("#path-alternatives"));
      return;
    }
    const open = path.steps.some((s) => s.minYears === null); // the total is then a minimum
    total.textContent = years(path.totalMinYears, open);
    total.dataset.years = path.totalMinYears ?? "";
    note.textContent =
      path.totalIsLowerBound && !open
        ? "另有直接认定、竞赛晋级等不定年限的途径，可能更快（见其他路径）。"
        : "";
    const county = this.counties.get(this.common.near || "");
    let elapsed = 0;
    let opened = false;
    const steps = path.steps.map((step) => {
      elapsed += step.minYears || 0;
      opened = opened || step.minYears === null;
      const bases = step.trainingBases.slice(0, 3);
      return h(
        "li",
        { dataset: { kind: step.kind, assessment: String(step.requiresAssessment) } },
        h(
          "div",
          { className: "head" },
          stepTags(step),
          h("strong", {}, stepTitle(step)),
          h(
            "span",
            { className: "years-badge" },
            step.minYears === null ? "年限不定" : `+${step.minYears} 年`,
          ),
          h("span", { className: "tag" }, `累计 ${years(elapsed, opened)}`),
          assessment(step),
        ),
        step.relation
          ? h(
              "p",
              { className: "reason", title: `来源：${step.relation.source}` },
              h("span", { className: "tag" }, name(RELATION_KINDS, step.relation.kind)),
              " ",
              step.relation.reason,
            )
          : null,
        h("p", { className: "rule" }, `条件：${step.rule}`),
        bases.length
          ? h(
              "div",
              { className: "bases" },
              "可去培训：",
              bases.map((b, i) => [i ? "；" : "", b.name, " ", where(b, county)]),
            )
          : null,
      );
    });
    fill(
      $("#path-steps"),
      steps.length ? steps : h("li", { className: "held" }, path.reason || "已持有该等级。"),
    );
    const alternatives = path.alternatives.map((alt) => {
      const via = [...new Set(alt.steps.map((s) => route(s.ruleCode)).filter(Boolean))];
      return h(
        "li",
        {},
        h("strong", {}, span(alt).text),
        via.map((v) => [" ", h("span", { className: "tag route" }, v)]),
        "：",
        alt.steps
          .map(
            (s) =>
              `${name(STEP_KINDS, s.kind)} ${stepTitle(s)}${s.requiresAssessment ? "（需考核）" : ""}`,
          )
          .join(" → "),
      );
    });
    fill(
      $("#path-alternatives"),
      alternatives.length ? alternatives : h("li", {}, "没有其他路径。"),
    );
  }
}
