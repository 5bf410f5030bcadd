// Career view: an occupation and a level → the ladder, next steps, nearby bases, and the
// least-time path to a chosen target (nextSteps and careerPath of the API).

import { gql } from "./api.js";
import { $, fill, h, status } from "./dom.js";
import { atLeast, baseLabel, STEP_KINDS, years } from "./labels.js";
import { occupationPicker } from "./picker.js";

const BASE_FIELDS = "id name kind level region { code name parent { code name } }";

// Without trainingBases: a position has dozens of steps into related occupations, and the
// bases come from the ladder query below, for the chosen occupation only.
const NEXT_STEPS = `
query ExplorerNextSteps($position: PositionInput!, $education: String) {
  nextSteps(position: $position, education: $education) {
    kind minYears rule ruleSource
    to { occupationId levelCode occupation { name } level { code name rank } }
  }
}`;

const PATH = `
query ExplorerCareerPath($from: PositionInput!, $to: PositionInput!, $near: String,
                         $education: String) {
  careerPath(from: $from, to: $to, nearRegionCode: $near, education: $education) {
    reachable totalMinYears totalIsLowerBound reason
    steps {
      kind minYears rule ruleSource
      to { occupation { name } level { name } }
      trainingBases { ${BASE_FIELDS} }
    }
    alternatives {
      totalMinYears totalIsLowerBound
      steps { kind minYears to { occupation { name } level { name } } }
    }
  }
}`;

/**
 * One request for the least time to every higher level of the same occupation; the path to
 * the next level also brings the bases that train for the occupation, nearest first.
 */
function ladderQuery(levels) {
  const variables = levels.map((_, i) => `$l${i}: String!`).join(", ");
  const fields = levels
    .map(
      (_, i) => `l${i}: careerPath(from: $from, to: {occupationId: $occupation, level: $l${i}},
                                  education: $education, nearRegionCode: $near) {
        reachable totalMinYears totalIsLowerBound
        ${i === 0 ? `steps { to { occupationId } trainingBases { ${BASE_FIELDS} } }` : ""} }`,
    )
    .join("\n");
  return `query ExplorerLadder($from: PositionInput!, $occupation: ID!, $education: String,
                               $near: String, ${variables}) { ${fields} }`;
}

function where(base, county) {
  if (!county) return null;
  if (base.region.code === county.code) return h("span", { className: "tag near" }, "本县");
  if (base.region.parent && county.parent && base.region.parent.code === county.parent.code) {
    return h("span", { className: "tag near" }, "本市");
  }
  return null;
}

function baseItem(base, county) {
  const place = base.region.parent
    ? `${base.region.parent.name}${base.region.name}`
    : base.region.name;
  return h(
    "li",
    { dataset: { baseId: base.id } },
    base.name,
    " ",
    where(base, county),
    h("div", { className: "meta" }, `${baseLabel(base)} · ${place}`),
  );
}

function stepTitle(step) {
  const level = step.to.level ? step.to.level.name : "（无证书）";
  return `${step.to.occupation.name} · ${level}`;
}

export class CareerView {
  constructor(reference) {
    this.levels = reference.skillLevels;
    this.counties = new Map(reference.counties.map((c) => [c.code, c]));
    this.occupation = null;
    this.target = null;
    this.ticket = 0;
    this.fillSelects(reference);
    const onError = (error) =>
      status(`查询失败（${error.code}）：${error.message}`, { error: true });
    occupationPicker($("#career-occupation"), {
      onPick: (occupation) => {
        this.occupation = occupation;
        this.refresh();
        if (this.target && !$("#path-result").hidden) this.path();
      },
      onError,
    });
    occupationPicker($("#path-target"), {
      onPick: (occupation) => {
        this.target = occupation;
        $("#path-go").disabled = false;
      },
      onError,
    });
    for (const id of ["#career-level", "#career-county", "#career-education"]) {
      $(id).addEventListener("change", () => {
        this.refresh();
        if (this.target && !$("#path-result").hidden) this.path();
      });
    }
    $("#career-form").addEventListener("submit", (event) => event.preventDefault());
    $("#path-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.path();
    });
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
    $("#career-education").append(
      ...reference.educations.map((e) => h("option", { value: e.code }, e.name)),
    );
  }

  get position() {
    return { occupationId: this.occupation.id, level: $("#career-level").value || null };
  }

  get common() {
    return {
      near: $("#career-county").value || null,
      education: $("#career-education").value || null,
    };
  }

  async refresh() {
    if (!this.occupation) return;
    const mine = ++this.ticket;
    const current = this.levels.find((l) => l.code === $("#career-level").value);
    const higher = this.levels.filter((l) => !current || l.rank > current.rank);
    const ladderVariables = { from: this.position, occupation: this.occupation.id };
    higher.forEach((l, i) => (ladderVariables[`l${i}`] = l.code));
    status("正在查询…");
    try {
      const [next, ladder] = await Promise.all([
        gql(NEXT_STEPS, { position: this.position, education: this.common.education }),
        higher.length
          ? gql(ladderQuery(higher), { ...ladderVariables, ...this.common })
          : Promise.resolve({}),
      ]);
      if (mine !== this.ticket) return;
      this.renderLadder(current, higher, ladder);
      this.renderNext(next.nextSteps);
      this.renderBases(ladder.l0 ? ladder.l0.steps : []);
      $("#career-hint").hidden = true;
      $("#career-result").hidden = false;
      status("");
    } catch (error) {
      if (mine === this.ticket)
        status(`查询失败（${error.code}）：${error.message}`, { error: true });
    }
  }

  renderLadder(current, higher, ladder) {
    $("#career-occupation-name").textContent = this.occupation.name;
    const items = this.levels.map((level) => {
      const i = higher.indexOf(level);
      let note = "";
      if (current && level.code === current.code) note = "当前";
      else if (i >= 0) {
        const p = ladder[`l${i}`];
        note = p.reachable ? atLeast(p.totalMinYears, p.totalIsLowerBound) : "不可达";
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
        ),
        h("span", { className: "years" }, note),
      );
    });
    fill($("#career-ladder"), items);
  }

  renderNext(steps) {
    // Steps in the chosen occupation come first, as cards; the many into related occupations
    // (every occupation of its series, and the listed pairs) are folded into one list.
    const own = steps.filter((s) => s.to.occupationId === this.occupation.id);
    const related = steps.filter((s) => s.to.occupationId !== this.occupation.id);
    const yearsText = (step) => atLeast(step.minYears);
    const stepData = (step) => ({
      kind: step.kind,
      occupation: step.to.occupationId,
      level: step.to.levelCode || "",
    });
    const cards = own.map((step) =>
      h(
        "li",
        { dataset: stepData(step) },
        h(
          "div",
          { className: "head" },
          h(
            "span",
            { className: `tag ${step.kind.toLowerCase()}` },
            STEP_KINDS[step.kind] || step.kind,
          ),
          h("strong", {}, stepTitle(step)),
          h("span", { className: "years-badge" }, yearsText(step)),
        ),
        h("p", { className: "rule" }, step.rule),
        h("p", { className: "rule" }, `依据：${step.ruleSource}`),
      ),
    );
    if (!cards.length) cards.push(h("li", {}, "本职业已是最高等级，没有下一步晋级。"));
    if (related.length) {
      const count = (kind) => related.filter((s) => s.kind === kind).length;
      const parts = Object.keys(STEP_KINDS)
        .filter((k) => count(k))
        .map((k) => `${STEP_KINDS[k]} ${count(k)} 个`);
      cards.push(
        h(
          "li",
          { className: "related" },
          h(
            "details",
            {},
            h("summary", {}, `相关职业：${parts.join("，")}`),
            h(
              "ul",
              { className: "list" },
              related.map((step) =>
                h(
                  "li",
                  { dataset: stepData(step), title: `${step.rule}\n依据：${step.ruleSource}` },
                  h(
                    "span",
                    { className: `tag ${step.kind.toLowerCase()}` },
                    STEP_KINDS[step.kind] || step.kind,
                  ),
                  " ",
                  stepTitle(step),
                  " · ",
                  yearsText(step),
                ),
              ),
            ),
          ),
        ),
      );
    }
    fill($("#career-next"), cards);
  }

  renderBases(steps) {
    // Each step lists the bases for its occupation's series, nearest first: those of the
    // step into the chosen occupation's next level are the ones to train at for it.
    const own = steps.find((s) => s.to.occupationId === this.occupation.id);
    const county = this.counties.get(this.common.near || "");
    const bases = own ? own.trainingBases.slice(0, 8) : [];
    $("#career-bases-note").textContent = county
      ? `${county.parent ? county.parent.name : ""}${county.name}附近，由近及远：`
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
    const to = { occupationId: this.target.id, level: $("#path-level").value };
    status("正在计算路径…");
    try {
      const data = await gql(PATH, { from: this.position, to, ...this.common });
      this.renderPath(data.careerPath);
      status("");
    } catch (error) {
      status(`查询失败（${error.code}）：${error.message}`, { error: true });
    }
  }

  renderPath(path) {
    const total = $("#path-total");
    $("#path-result").hidden = false;
    if (!path.reachable) {
      total.textContent = "无法到达";
      total.dataset.years = "";
      fill($("#path-steps"), h("li", {}, path.reason || "按现行规则无法到达该目标。"));
      fill($("#path-alternatives"));
      return;
    }
    total.textContent = years(path.totalMinYears, path.totalIsLowerBound);
    total.dataset.years = path.totalMinYears ?? "";
    const county = this.counties.get(this.common.near || "");
    let elapsed = 0;
    let open = false; // a step without a fixed period makes every later total a minimum
    const steps = path.steps.map((step) => {
      elapsed += step.minYears || 0;
      open = open || step.minYears === null;
      const bases = step.trainingBases.slice(0, 3);
      return h(
        "li",
        { dataset: { kind: step.kind } },
        h(
          "div",
          { className: "head" },
          h(
            "span",
            { className: `tag ${step.kind.toLowerCase()}` },
            STEP_KINDS[step.kind] || step.kind,
          ),
          h("strong", {}, stepTitle(step)),
          h(
            "span",
            { className: "years-badge" },
            step.minYears === null ? "年限不定" : `+${step.minYears} 年`,
          ),
          h("span", { className: "tag" }, `累计 ${years(elapsed, open)}`),
        ),
        h("p", { className: "rule" }, step.rule),
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
    fill($("#path-steps"), steps);
    const alternatives = path.alternatives.map((alt) =>
      h(
        "li",
        {},
        h("strong", {}, atLeast(alt.totalMinYears, alt.totalIsLowerBound)),
        "：",
        alt.steps.map((s) => `${STEP_KINDS[s.kind] || s.kind} ${stepTitle(s)}`).join(" → "),
      ),
    );
    fill(
      $("#path-alternatives"),
      alternatives.length ? alternatives : h("li", {}, "没有其他路径。"),
    );
  }
}
