"""Chroma vectors: one collection per profile per kind, filled with our own embeddings.

Layout: ``pa-<slug>-papers`` holds one record per paper (title + abstract as its document, its
year, category and code flag as metadata, id ``<paper_id>``); ``pa-<slug>-sentences`` one vector
per sentence (id ``<paper_id>:s<i>``; ``s0`` is the title, ``s1..`` the abstract's sentences, in
``paper_sentences`` order). A sentence record keeps no second copy of its text and no metadata
but its hash: the id names the sentence, its paper's document (and the profile record) holds
it, and filters reach sentences as id allow-lists. That halves the store's share of an ingest
(bench/README.md). Every record carries a content hash (of its text too) so an upsert skips
what is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from agent.errors import EndpointError, InputError, StoreError
from agent.facts import paper_text
from agent.models import Paper, Profile
from agent.settings import Settings
from agent.text import split_sentences

if TYPE_CHECKING:
    import numpy as np

KINDS = ("papers", "sentences")
_WITH_DOCUMENTS = frozenset({"papers"})
"""Kinds whose records store their text in Chroma (a sentence's is in its paper's)."""
_WRITE_BATCH = 1000

Metadata = dict[str, str | int | float | bool]


def paper_sentences(paper: Paper) -> list[str]:
    """The paper's citable sentences: index 0 is the title, 1.. the abstract's sentences."""
    return [paper.title, *split_sentences(paper.abstract)]


def sentence_id(paper_id: str, index: int) -> str:
    """Record id of sentence ``index`` of a paper."""
    return f"{paper_id}:s{index}"


@dataclass(frozen=True)
class VectorRecord:
    """One record to store: id, embedded text, metadata (with its content hash)."""

    id: str
    text: str
    metadata: Metadata


def _paper_metadata(slug: str, paper: Paper) -> Metadata:
    meta: Metadata = {"profile": slug, "paper_id": paper.id, "has_code": paper.has_code}
    if paper.year is not None:
        meta["year"] = paper.year
    if paper.category:
        meta["category"] = paper.category
        meta["category_key"] = paper.category.casefold()
    return meta


def _record(record_id: str, text: str, meta: Metadata) -> VectorRecord:
    payload = json.dumps([text, meta], sort_keys=True, ensure_ascii=False)
    meta = {**meta, "hash": hashlib.sha1(payload.encode("utf-8")).hexdigest()}
    return VectorRecord(record_id, text, meta)


def profile_records(profile: Profile) -> dict[str, list[VectorRecord]]:
    """Every record of a profile, by kind."""
    papers: list[VectorRecord] = []
    sentences: list[VectorRecord] = []
    for paper in profile.papers:
        meta = {**_paper_metadata(profile.slug, paper), "kind": "paper"}
        papers.append(_record(paper.id, paper_text(paper), meta))
        for index, text in enumerate(paper_sentences(paper)):
            sentences.append(_record(sentence_id(paper.id, index), text, {}))
    return {"papers": papers, "sentences": sentences}


@dataclass
class SyncPlan:
    """What an upsert of one kind will do: records to (re)write and ids to delete."""

    kind: str
    write: list[VectorRecord] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    recreate: bool = False


def collection_name(slug: str, kind: str) -> str:
    """Chroma collection name of a profile's kind of record."""
    return f"pa-{slug}-{kind}"


def parse_chroma_url(url: str) -> tuple[str, int, bool]:
    """host, port, ssl of a Chroma server URL (``http://127.0.0.1:8000``)."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(url, "not a Chroma server URL", "use http://HOST:PORT")
    ssl = parts.scheme == "https"
    try:
        port = parts.port or (443 if ssl else 8000)
    except ValueError:
        raise InputError(url, "bad port in Chroma server URL", "use http://HOST:PORT") from None
    return parts.hostname, port, ssl


def open_client(settings: Settings) -> Any:
    """An embedded PersistentClient at ``settings.chroma_dir``, or an HttpClient for chroma_url."""
    with override_checks_off():  # chromadb's modules load with the client: see the docstring
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        options = ChromaSettings(anonymized_telemetry=False)
        if not settings.chroma_url:
            settings.chroma_dir.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=options)
        host, port, ssl = parse_chroma_url(settings.chroma_url)
        with endpoint_errors(settings.chroma_url):
            client = chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=options)
            client.heartbeat()
        return client


def release_embedded(chroma_dir: Path) -> None:
    """Stop and forget this process's embedded Chroma at ``chroma_dir`` before its files go.

    chromadb keeps one running system per path for the whole process; deleting the folder
    under it left a live SQLite pool whose new connections opened an empty file ("Failed to
    pull logs from the log store" on the next query, now and then)."""
    shared = sys.modules.get("chromadb.api.shared_system_client")
    if shared is None:  # chromadb never loaded: nothing is open
        return
    cache = shared.SharedSystemClient
    for identifier in [i for i in cache._identifier_to_system if Path(i) == chroma_dir]:
        cache._identifier_to_refcount.pop(identifier, None)
        cache._identifier_to_system.pop(identifier).stop()


@contextmanager
def override_checks_off() -> Iterator[None]:
    """Within the block, ``@override`` (the ``overrides`` package, which chromadb alone uses
    here) only marks methods, skipping its check that each one's signature matches the method
    it overrides: a check of chromadb's own classes, run by chromadb's tests, that took 0.2 s of
    every one-shot ``search`` and ``ask`` (0.15 s of it RustBindingsAPI's 60 methods)."""
    import importlib

    try:
        checks = importlib.import_module("overrides.overrides")  # the module, not the function
        original = checks._overrides
    except (ImportError, AttributeError):  # another chromadb or overrides: nothing to skip
        yield
        return

    def mark_only(method: Any, check_signature: bool, check_at_runtime: bool) -> Any:
        method.__override__ = True
        return method

    checks._overrides = mark_only
    try:
        yield
    finally:
        checks._overrides = original


@contextmanager
def endpoint_errors(url: str | None) -> Iterator[None]:
    """Map connection failures of a Chroma server to EndpointError(url, ...)."""
    if url is None:
        yield
        return
    import httpx

    hint = "start it with `chroma run --path DIR` or drop --chroma-url"
    try:
        yield
    except (httpx.TransportError, ConnectionError) as err:
        raise EndpointError(
            url, f"cannot connect to the Chroma server ({type(err).__name__})", hint
        ) from None
    except ValueError as err:  # HttpClient() says "Could not connect to a Chroma server"
        if "connect" not in str(err).lower():
            raise
        raise EndpointError(url, "cannot connect to the Chroma server", hint) from None


class VectorStore:
    """The Chroma side of the store: plan and apply upserts, query, count, drop."""

    def __init__(self, settings: Settings, embedder_name: str, client: Any = None) -> None:
        self.settings = settings
        self.embedder_name = embedder_name
        self._client = client
        self._handles: dict[tuple[str, str], Any] = {}  # (slug, kind) -> collection, for queries

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = open_client(self.settings)
        return self._client

    def _errors(self):  # noqa: ANN202
        return endpoint_errors(self.settings.chroma_url)

    def collection(self, slug: str, kind: str, create: bool = False) -> Any | None:
        """The collection, or None when missing (created, cosine space, when ``create``)."""
        name = collection_name(slug, kind)
        with self._errors():
            if create:
                return self.client.get_or_create_collection(
                    name,
                    embedding_function=None,
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata={"embedder": self.embedder_name, "profile": slug, "kind": kind},
                )
            try:
                return self.client.get_collection(name, embedding_function=None)
            except Exception as err:
                if _is_missing(err):
                    return None
                raise

    def plan(self, slug: str, records: dict[str, list[VectorRecord]]) -> dict[str, SyncPlan]:
        """Compare wanted records with the stored ones (by content hash), kind by kind."""
        return {kind: self._plan_kind(slug, kind, records[kind]) for kind in KINDS}

    def _plan_kind(self, slug: str, kind: str, wanted: list[VectorRecord]) -> SyncPlan:
        plan = SyncPlan(kind)
        stored, plan.recreate = self._stored_hashes(slug, kind)
        wanted_ids = set()
        for record in wanted:
            wanted_ids.add(record.id)
            old = stored.get(record.id)
            bucket = (
                plan.added
                if old is None
                else (plan.unchanged if old == record.metadata["hash"] else plan.updated)
            )
            bucket.append(record.id)
            if bucket is not plan.unchanged:
                plan.write.append(record)
        plan.delete = sorted(set(stored) - wanted_ids)
        return plan

    def stored_hashes(self, slug: str, kind: str) -> dict[str, str]:
        """Content hash of every stored record of ``kind``, by id (empty when none)."""
        return self._stored_hashes(slug, kind, any_embedder=True)[0]

    def _stored_hashes(
        self, slug: str, kind: str, any_embedder: bool = False
    ) -> tuple[dict[str, str], bool]:
        found = self.collection(slug, kind)
        if found is None:
            return {}, False
        if not any_embedder and (found.metadata or {}).get("embedder") != self.embedder_name:
            return {}, True
        with self._errors():
            got = found.get(include=["metadatas"])
        return {
            i: (m or {}).get("hash", "") for i, m in zip(got["ids"], got["metadatas"], strict=True)
        }, False

    def apply(self, slug: str, plans: dict[str, SyncPlan], vectors: dict[str, np.ndarray]) -> None:
        """Write the planned records (vectors by record id), then delete the stale ids."""
        self.upsert(slug, plans, vectors)
        self.prune(slug, plans)

    def upsert(self, slug: str, plans: dict[str, SyncPlan], vectors: dict[str, np.ndarray]) -> None:
        """Write the planned records of every kind; deletes nothing (see ``prune``)."""
        for kind, plan in plans.items():
            if plan.recreate:
                self.drop_kind(slug, kind)
            target = self.collection(slug, kind, create=True)
            with self._errors():
                for start in range(0, len(plan.write), _WRITE_BATCH):
                    batch = plan.write[start : start + _WRITE_BATCH]
                    target.upsert(
                        ids=[r.id for r in batch],
                        documents=[r.text for r in batch] if kind in _WITH_DOCUMENTS else None,
                        metadatas=[r.metadata for r in batch],
                        embeddings=[vectors[r.id] for r in batch],
                    )

    def prune(self, slug: str, plans: dict[str, SyncPlan]) -> None:
        """Delete the ids the plans found stale (safe to skip: the next ingest finds them again)."""
        for kind, plan in plans.items():
            target = self.collection(slug, kind)
            if target is None or not plan.delete:
                continue
            with self._errors():
                for start in range(0, len(plan.delete), _WRITE_BATCH):
                    target.delete(ids=plan.delete[start : start + _WRITE_BATCH])

    def nearest(
        self,
        slug: str,
        kind: str,
        query: np.ndarray,
        n: int,
        where: dict[str, Any] | None = None,
        ids: list[str] | None = None,
    ) -> dict[str, float]:
        """Cosine similarity of the ``n`` records of ``kind`` nearest to ``query`` (by id), among
        ``ids`` when given (Chroma serves an id allow-list several times faster than ``where``),
        else those ``where`` admits. An allow-list naming an id Chroma lacks (a store behind its
        profile record) is cut to the ids it holds.
        """
        found = self._require(slug, kind)
        ask = {"query_embeddings": [query], "n_results": n, "include": ["distances"]}
        with self._errors():
            try:
                got = found.query(**ask, where=None if ids else where, ids=ids)
            except Exception as err:
                if ids is None or "finding id" not in str(err).lower():
                    raise
                held = found.get(ids=ids, include=[])["ids"]
                if not held:
                    return {}
                got = found.query(**{**ask, "n_results": min(n, len(held))}, ids=held)
        return {i: 1.0 - d for i, d in zip(got["ids"][0], got["distances"][0], strict=True)}

    def similarities(
        self, slug: str, kind: str, ids: list[str], query: np.ndarray
    ) -> dict[str, float]:
        """Exact cosine similarity of the given records to ``query`` (stored vectors are unit)."""
        if not ids:
            return {}
        import numpy as np

        found = self._require(slug, kind)
        with self._errors():
            got = found.get(ids=ids, include=["embeddings"])
        sims = np.asarray(got["embeddings"], dtype=np.float32) @ query
        return {i: float(s) for i, s in zip(got["ids"], sims, strict=True)}

    def _require(self, slug: str, kind: str) -> Any:
        """The collection for queries, looked up once (a round trip saved per server query)."""
        found = self._handles.get((slug, kind))
        if found is None:
            found = self.collection(slug, kind)
        if found is None:
            raise StoreError(slug, f"no {kind} vectors stored", "ingest the profile again")
        self._handles[(slug, kind)] = found
        return found

    def forget(self, slug: str) -> None:
        """Look ``slug``'s collections up again on the next query (after a re-ingest)."""
        for kind in KINDS:
            self._handles.pop((slug, kind), None)

    def count(self, slug: str, kind: str) -> int:
        """Number of records of ``kind`` stored for ``slug`` (0 when none)."""
        found = self.collection(slug, kind)
        if found is None:
            return 0
        with self._errors():
            return found.count()

    def drop_kind(self, slug: str, kind: str) -> None:
        self._handles.pop((slug, kind), None)
        with self._errors():
            try:
                self.client.delete_collection(collection_name(slug, kind))
            except Exception as err:
                if not _is_missing(err):
                    raise

    def drop(self, slug: str) -> None:
        """Delete every collection of ``slug``."""
        for kind in KINDS:
            self.drop_kind(slug, kind)


def _is_missing(err: Exception) -> bool:
    from chromadb.errors import NotFoundError as ChromaNotFound

    return isinstance(err, ChromaNotFound)
