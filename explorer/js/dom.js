// Building DOM from data without innerHTML, so names from the API are always text.

import { failure } from "./labels.js";

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") element.className = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
}

export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export const $ = (selector, root = document) => root.querySelector(selector);

export function status(message, { error = false, detail = "" } = {}) {
  const box = $("#app-status");
  box.textContent = message || "";
  box.title = detail; // the server's own words, for whoever debugs; the page stays Chinese
  box.classList.toggle("error", Boolean(error && message));
}

/** Report a failed request in Chinese (the server's message goes to the tooltip). */
export function fail(error) {
  status(failure(error), { error: true, detail: `${error.code}: ${error.message}` });
}
