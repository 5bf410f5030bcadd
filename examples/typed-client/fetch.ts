// A typed call of the zhepai API with plain fetch. The types come from generated/, which
// `npm run generate --prefix tools/graphql-codegen` writes from schema.graphql and documents/.
import { ExplorerOccupationSearchDocument, type TypedDocumentString } from "./generated/graphql";

const API = "https://zhepai.example.cn/graphql";

type Answer<R> = { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };

/** One generated document's typed data; rejects with the first error's code. `byHash`: send
 * only the document's hash, for a server whose ZHEPAI_TRUSTED_DOCUMENTS names
 * generated/persisted-documents.json. */
export async function request<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  byHash = false,
): Promise<R> {
  const sha256Hash = String(document.__meta__?.hash).replace(/^sha256:/, "");
  const sent = byHash
    ? { variables, extensions: { persistedQuery: { version: 1, sha256Hash } } }
    : { query: document.toString(), variables };
  const response = await fetch(API, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(sent),
  });
  const answer = (await response.json()) as Answer<R>;
  const error = answer.errors?.[0];
  if (error) throw new Error(`${error.extensions?.code ?? "UNKNOWN"}: ${error.message}`);
  return answer.data as R;
}

export async function main(): Promise<void> {
  const found = await request(ExplorerOccupationSearchDocument, { q: "chegong" });
  for (const { node } of found.occupations.edges) {
    console.log(node.id, node.name, node.series.map((s) => s.name).join("、"));
  }
}
