"""Cacheable GET reads: an ``ETag`` from the version tokens a document's answer depends on,
``Cache-Control`` by who asks and what the document reads, and 304 for ``If-None-Match``.

What a document depends on is read off its root fields (``ROOT_FIELDS``, the one list):

| the document reads | asked by | Cache-Control | ETag |
|---|---|---|---|
| the catalogue only (series, the ladder, regions …) | anonymous | `public, max-age=…` | yes |
| other versioned data (bases, the coverage matrix) | anonymous | `no-cache` | yes |
| any of the above | a token | `private, no-cache` | yes, by role |
| worker data, statistics, answers that depend on today | anyone | `no-store` | no |

The tokens are read before the answer is computed (one read, shared by the requests of the
same moment, ``graph.meta.VersionTokens``), so a write that lands meanwhile changes them and
the next request gets a new tag: a tag never outlives the data it names. The tag also covers
the code that computes answers (``BUILD_TAG``), so a release that changes an answer without
reloading the seeds changes the tag too. Only GET answers without errors carry a tag.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    parse,
)

from zhepai.graph.errors import StoreError
from zhepai.graph.meta import VersionTokens
from zhepai.graph.store import GraphStore
from zhepai.web.roles import Role

CATALOGUE = ("catalogue",)
BASES = ("catalogue", "bases")
# Every root field of Query, with the version tokens its answer depends on; None: never
# cached (worker data, role-dependent statistics, or an answer that depends on today's date,
# such as a default asOf or time served until today). tests/test_http_cache.py checks that
# every root field is here, so a new field is classified when it is added.
ROOT_FIELDS: Mapping[str, tuple[str, ...] | None] = {
    "__typename": (),
    "industries": CATALOGUE,
    "seriesList": CATALOGUE,
    "series": CATALOGUE,
    "occupations": CATALOGUE,
    "occupation": CATALOGUE,
    "specialties": CATALOGUE,
    "specialty": CATALOGUE,
    "regions": CATALOGUE,
    "region": CATALOGUE,
    "designations": CATALOGUE,
    "skillLevels": CATALOGUE,
    "evaluationKinds": CATALOGUE,
    "dataQuality": CATALOGUE,
    "plan": CATALOGUE,
    "educations": CATALOGUE,
    "careerPath": None,  # time served counts until today
    "nextSteps": None,
    "eligibility": None,  # asOf: today
    "bases": BASES,
    "base": BASES,
    "baseAudit": None,  # names who wrote, for planners
    "coverageGaps": None,  # asOf: today
    "coverageMatrix": ("catalogue", "bases", "workers", "regionStats"),
    "coverageWhatIf": None,
    "coverageSuggest": None,
    "coverageUnderServed": ("catalogue", "bases", "workers", "regionStats"),
    "talentStats": None,  # worker data, below the threshold by role
    "talentTrend": None,
    "planProgress": None,
    "worker": None,
    "workerAudit": None,
    "verifyCredential": None,
    "__schema": None,  # introspection can be switched off between releases
    "__type": None,
}

_PACKAGE = Path(__file__).resolve().parent.parent
_CODE = ("schema", "domain", "graph", "web", "loaders")


def _build_tag() -> str:
    digest = hashlib.sha256()
    files = [*_PACKAGE.glob("*.py"), *(p for d in _CODE for p in (_PACKAGE / d).rglob("*.py"))]
    for path in sorted(files):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


BUILD_TAG = _build_tag()


@dataclass(frozen=True, slots=True)
class Validator:
    """The headers a cacheable answer carries, computed before it is."""

    etag: str
    cache_control: str

    def headers(self) -> dict[str, str]:
        # a token changes the answer's cacheability: shared caches key on it
        return {"etag": self.etag, "cache-control": self.cache_control, "vary": "Authorization"}


NO_STORE = "no-store"


# frontends send the same few documents: each is read once (bounded, as in schema/root.py)
@functools.lru_cache(maxsize=512)
def depends_on(query: str, operation_name: str | None, max_tokens: int) -> tuple[str, ...] | None:
    """The version tokens the answer to a query operation depends on, sorted; None when it is
    not cacheable (or does not parse, or names no single query operation)."""
    try:
        document = parse(query, max_tokens=max_tokens)
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    keys: set[str] = set()
    for name in _root_fields(operations[0].selection_set, fragments, set()):
        needed = ROOT_FIELDS.get(name)
        if needed is None:
            return None
        keys.update(needed)
    return tuple(sorted(keys))


def _root_fields(
    selections: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    spread: set[str],
) -> Iterator[str]:
    for selection in selections.selections:
        if isinstance(selection, FieldNode):
            yield selection.name.value
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_fields(selection.selection_set, fragments, spread)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None:
                yield ""  # validation refuses it; unknown here means not cached
            elif name not in spread:  # a cycle is refused by validation too
                spread.add(name)
                yield from _root_fields(fragment.selection_set, fragments, spread)


class HttpCache:
    """The validators of one app's GET answers."""

    def __init__(self, store: GraphStore, max_age_s: int) -> None:
        self._tokens = VersionTokens(store)
        self.max_age_s = max_age_s

    async def validator(
        self,
        query: str,
        operation_name: str | None,
        variables: Mapping[str, object] | None,
        role: Role,
        max_tokens: int,
    ) -> Validator | None:
        keys = depends_on(query, operation_name, max_tokens)
        if keys is None:
            return None
        try:
            tokens = await self._tokens.get()
        except StoreError:
            return None  # the answer will be an error, which is not cached
        named = json.dumps(
            [BUILD_TAG, [tokens.get(k) for k in keys], role.label, query, operation_name,
             variables or {}],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )  # fmt: skip
        etag = f'W/"{hashlib.sha256(named.encode()).hexdigest()[:32]}"'
        if role is not Role.ANONYMOUS:
            control = "private, no-cache"
        elif set(keys) <= set(CATALOGUE):
            control = f"public, max-age={self.max_age_s}"
        else:
            control = "no-cache"
        return Validator(etag, control)


def fresh(if_none_match: str | None, etag: str) -> bool:
    """Whether the client's copy (``If-None-Match``) is the answer tagged ``etag``; weak
    comparison, as RFC 9110 asks of If-None-Match."""
    if not if_none_match:
        return False
    bare = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == bare:
            return True
    return False
