// The explorer's entry: reference data once, then the three views behind hash tabs.

import { gql } from "./api.js";
import { $, status } from "./dom.js";
import { failure } from "./labels.js";
import { CareerView } from "./career.js";
import { CoverageView } from "./coverage.js";
import { TalentView } from "./talent.js";

const REFERENCE = `
query ExplorerReference {
  skillLevels { code rank name nationalGrade }
  educations { code name }
  counties: regions(level: COUNTY) { code name latitude longitude parent { code name } }
  cities: regions(level: CITY) { code name latitude longitude }
  designations { code name memberCount }
  industries { code name }
}`;

const VIEWS = ["career", "coverage", "talent"];

async function start() {
  let reference;
  try {
    status("正在加载…");
    reference = await gql(REFERENCE);
    status("");
  } catch (error) {
    status(`无法加载基础数据。${failure(error)}`, { error: true, detail: error.message });
    return;
  }
  new CareerView(reference); // lives on through its event listeners
  const coverage = new CoverageView(reference);
  const talent = new TalentView(reference);

  function route() {
    const wanted = location.hash.replace("#", "");
    const view = VIEWS.includes(wanted) ? wanted : "career";
    for (const name of VIEWS) {
      $(`#view-${name}`).hidden = name !== view;
      $(`#tab-${name}`).setAttribute("aria-selected", String(name === view));
    }
    // the charts need a visible box to size themselves
    if (view === "coverage") coverage.show();
    if (view === "talent") talent.show();
    document.body.dataset.view = view;
    document.body.dataset.ready = "true";
  }

  window.addEventListener("hashchange", route);
  route();
}

start();
