// The only way the explorer reads data: the public GraphQL API, plus the coverage CSV route.
// Paths are relative to the page (served at /explorer/), so the app also works behind a
// proxy that mounts it under a prefix. A copy served from another origin names the API with
// <meta name="zhepai-api" content="https://api.example.cn/">, and that origin is then one
// of the API's ZHEPAI_CORS_ORIGINS.

const API = new URL(
  document.querySelector('meta[name="zhepai-api"]')?.content || "../",
  document.baseURI,
);
const GRAPHQL = new URL("graphql", API);
const COVERAGE_CSV = new URL("export/coverage.csv", API);

export class ApiError extends Error {
  constructor(message, code, argument = null) {
    super(message);
    this.code = code;
    this.argument = argument; // the input a BAD_USER_INPUT or NOT_FOUND names
  }
}

// Catalogue reads go as GET: the browser keeps the answer and revalidates it with its ETag,
// which the API answers with 304 while the catalogue is unchanged. Everything else is POSTed.
const CATALOGUE_READS = new Set(["ExplorerReference", "ExplorerOccupationSearch"]);

/** Run one named operation; resolves to `data`, rejects with the first error's code. */
export async function gql(query, variables = {}) {
  const name = /^\s*query\s+(\w+)/.exec(query)?.[1];
  let response;
  try {
    if (CATALOGUE_READS.has(name)) {
      const url = new URL(GRAPHQL);
      url.searchParams.set("query", query);
      url.searchParams.set("variables", JSON.stringify(variables));
      response = await fetch(url, { headers: { accept: "application/json" } });
    } else {
      response = await fetch(GRAPHQL, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query, variables }),
      });
    }
  } catch (error) {
    throw new ApiError(`无法连接服务器：${error.message}`, "NETWORK");
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(
      `服务器返回了非 JSON 的应答（HTTP ${response.status}）`,
      `HTTP_${response.status}`,
    );
  }
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    const extensions = first.extensions || {};
    throw new ApiError(first.message, extensions.code || "UNKNOWN", extensions.argument || null);
  }
  return body.data;
}

/** The coverage CSV download for the same scope and filters as the page shows. */
export function coverageCsvUrl(view, scope) {
  const url = new URL(COVERAGE_CSV);
  url.searchParams.set("view", view);
  if (scope.regionCode) url.searchParams.set("regionCode", scope.regionCode);
  if (scope.designation) url.searchParams.set("designation", scope.designation);
  if (scope.industryCode) url.searchParams.set("industryCode", scope.industryCode);
  if (scope.baseLevels) url.searchParams.set("baseLevels", scope.baseLevels.join(","));
  if (scope.baseKinds) url.searchParams.set("baseKinds", scope.baseKinds.join(","));
  if (scope.reach) url.searchParams.set("reach", scope.reach);
  return url.href;
}
