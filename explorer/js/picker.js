// Search-as-you-type over occupations: names, work types and pinyin (the API's `search`).

import { gql } from "./api.js";
import { $, fill, h } from "./dom.js";

const SEARCH = `
query ExplorerOccupationSearch($q: String!) {
  occupations(search: $q, first: 12) {
    totalCount
    edges { node { id name workTypes series { code name } } }
  }
}`;

const QUIET_MS = 200;

/**
 * Attach a picker to `root` (a .picker holding an input and a listbox). `onPick(occupation)`
 * runs when an occupation is chosen; `onError(error)` when a search fails.
 */
export function occupationPicker(root, { onPick, onError }) {
  const input = $("input", root);
  const list = $("[role=listbox]", root);
  let timer = 0;
  let ticket = 0;
  let found = [];
  let options = [];
  let active = -1;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    active = -1;
  }

  function mark(index) {
    active = index;
    options.forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (options[index]) options[index].scrollIntoView({ block: "nearest" });
  }

  function choose(occupation) {
    input.value = occupation.name;
    close();
    onPick(occupation);
  }

  function render(connection, text) {
    const nodes = connection.edges.map((e) => e.node);
    found = nodes;
    options = nodes.map((occupation, i) =>
      h(
        "li",
        {
          role: "option",
          id: `${list.id}-${i}`,
          dataset: { id: occupation.id },
          onmousedown: (event) => {
            event.preventDefault(); // keep the focus in the input
            choose(occupation);
          },
        },
        occupation.name,
        h(
          "span",
          { className: "meta" },
          occupation.series.map((s) => s.name).join("、"),
          occupation.workTypes.length ? ` · 工种：${occupation.workTypes.join("、")}` : "",
        ),
      ),
    );
    const more =
      connection.totalCount > nodes.length
        ? h("li", { className: "empty" }, `共 ${connection.totalCount} 个，请输入更多字`)
        : null;
    fill(
      list,
      options.length ? options : h("li", { className: "empty" }, `没有找到“${text}”`),
      more,
    );
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    mark(options.length ? 0 : -1);
  }

  async function search(text) {
    const mine = ++ticket;
    try {
      const data = await gql(SEARCH, { q: text });
      if (mine === ticket && input.value.trim() === text) render(data.occupations, text);
    } catch (error) {
      if (mine === ticket) onError(error);
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) {
      ticket++;
      close();
      return;
    }
    timer = setTimeout(() => search(text), QUIET_MS);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown") mark(Math.min(active + 1, options.length - 1));
    else if (event.key === "ArrowUp") mark(Math.max(active - 1, 0));
    else if (event.key === "Enter" && active >= 0) choose(found[active]);
    else if (event.key === "Escape") close();
    else return;
    event.preventDefault();
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}
