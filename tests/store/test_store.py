"""Profile records (SQLite) and the Chroma layout: ids, metadata, hashes, URLs, errors."""

from __future__ import annotations

import pytest

from agent.errors import EndpointError, InputError, NotFoundError
from agent.models import Paper, Profile
from agent.settings import Settings
from agent.store.profiles import (
    VectorStore,
    collection_name,
    delete_profile,
    get_summary,
    list_profiles,
    load_profile_record,
    paper_sentences,
    profile_records,
    save_profile,
    vector_counts,
)
from agent.store.vectors import parse_chroma_url

SAMPLE_SLUG = "rongrong-wang"


def _profile(abstract: str = "We study engines. They compute.") -> Profile:
    return Profile(
        name="Ada Lovelace",
        papers=[
            Paper(
                title="Notes on the Analytical Engine",
                abstract=abstract,
                year=1999,
                category="NA",
                has_code=True,
            ),
            Paper(
                title="A Second Paper",
                authors=["A. Lovelace", "C. Babbage"],
                authors_truncated=True,
            ),
        ],
    )


def test_records_round_trip(settings: Settings) -> None:
    profile = _profile()
    summary = save_profile(settings, profile)
    assert (summary.slug, summary.name, summary.papers) == ("ada-lovelace", "Ada Lovelace", 2)
    assert load_profile_record(settings, "ada-lovelace") == profile
    assert [s.slug for s in list_profiles(settings)] == ["ada-lovelace"]
    assert get_summary(settings, "ada-lovelace").papers == 2


def test_save_replaces_the_record_with_the_same_slug(settings: Settings) -> None:
    save_profile(settings, _profile())
    changed = _profile(abstract="A new abstract.")
    save_profile(settings, changed)
    assert len(list_profiles(settings)) == 1
    assert load_profile_record(settings, "ada-lovelace").papers[0].abstract == "A new abstract."


def test_missing_profile_names_the_slug_and_the_listing_command(settings: Settings) -> None:
    with pytest.raises(NotFoundError) as err:
        load_profile_record(settings, "nobody")
    assert str(err.value) == (
        "nobody: no such profile (run `profile-agent profiles` to list the ingested ones)"
    )
    assert list_profiles(settings) == []


def test_list_profiles_on_a_fresh_dir_creates_nothing(settings: Settings) -> None:
    assert list_profiles(settings) == []
    assert not settings.profiles_db.exists()


def test_records_per_kind_ids_and_metadata() -> None:
    profile = _profile()
    records = profile_records(profile)
    first, second = profile.papers
    assert [r.id for r in records["papers"]] == [first.id, second.id]
    assert [r.id for r in records["sentences"]] == [
        f"{first.id}:s0",
        f"{first.id}:s1",
        f"{first.id}:s2",
        f"{second.id}:s0",
    ]
    assert records["papers"][0].text == (
        "Notes on the Analytical Engine. We study engines. They compute."
    )
    sentence = records["sentences"][2]
    assert sentence.text == "They compute."
    assert sentence.metadata.keys() == {"hash"}  # the id names it; filters are id lists
    paper_meta = {k: v for k, v in records["papers"][0].metadata.items() if k != "hash"}
    assert paper_meta == {
        "profile": "ada-lovelace",
        "paper_id": first.id,
        "has_code": True,
        "year": 1999,
        "category": "NA",
        "category_key": "na",
        "kind": "paper",
    }
    assert "year" not in records["papers"][1].metadata  # Chroma metadata has no None


def test_paper_sentences_start_with_the_title() -> None:
    paper = _profile().papers[0]
    assert paper_sentences(paper) == [
        "Notes on the Analytical Engine",
        "We study engines.",
        "They compute.",
    ]


def test_content_hash_changes_only_with_content() -> None:
    same = profile_records(_profile())["papers"][0].metadata["hash"]
    assert profile_records(_profile())["papers"][0].metadata["hash"] == same
    edited = profile_records(_profile(abstract="Other."))["papers"][0].metadata["hash"]
    assert edited != same


def test_collection_names() -> None:
    assert collection_name(SAMPLE_SLUG, "papers") == "pa-rongrong-wang-papers"
    assert collection_name(SAMPLE_SLUG, "sentences") == "pa-rongrong-wang-sentences"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8123", ("127.0.0.1", 8123, False)),
        ("https://chroma.example.org", ("chroma.example.org", 443, True)),
        ("http://localhost", ("localhost", 8000, False)),
        ("localhost:9000", ("localhost", 9000, False)),
    ],
)
def test_parse_chroma_url(url: str, expected: tuple) -> None:
    assert parse_chroma_url(url) == expected


def test_bad_chroma_url_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not a Chroma server URL"):
        parse_chroma_url("ftp://host:1")


@pytest.mark.slow
def test_unreachable_server_is_an_endpoint_error(settings: Settings, unreachable_url: str) -> None:
    url = unreachable_url
    store = VectorStore(settings.model_copy(update={"chroma_url": url}), "m")
    with pytest.raises(EndpointError) as err:
        store.count(SAMPLE_SLUG, "papers")
    assert err.value.subject == url
    assert err.value.exit_code == 3
    assert "cannot connect" in err.value.problem


@pytest.mark.slow
def test_collections_use_cosine_space(sample_store: Settings) -> None:
    store = VectorStore(sample_store, "sentence-transformers/all-MiniLM-L6-v2")
    papers = store.collection(SAMPLE_SLUG, "papers")
    assert papers.configuration_json["hnsw"]["space"] == "cosine"
    assert papers.metadata["embedder"] == "sentence-transformers/all-MiniLM-L6-v2"


@pytest.mark.slow
def test_delete_profile_removes_record_and_vectors(settings: Settings, embedder) -> None:
    from agent.store.ingest import ingest_profile

    ingest_profile(_profile(), settings, embedder=embedder)
    assert vector_counts(settings, "ada-lovelace") == {"papers": 2, "sentences": 4}
    delete_profile(settings, "ada-lovelace")
    assert list_profiles(settings) == []
    assert vector_counts(settings, "ada-lovelace") == {"papers": 0, "sentences": 0}
    with pytest.raises(NotFoundError):
        delete_profile(settings, "ada-lovelace")


def test_override_checks_are_skipped_only_while_chromadb_loads(settings: Settings) -> None:
    """chromadb's classes load without the overrides package's signature checks (0.2 s of a
    one-shot search); any other class defined after the client is open is checked as before."""
    import overrides

    from agent.store.vectors import open_client, override_checks_off

    assert open_client(settings).heartbeat() > 0

    class Base:
        def size(self, x: int) -> int:
            return x

    with pytest.raises(TypeError):

        class Checked(Base):
            @overrides.override
            def size(self, x: int, y: int) -> int:  # a required argument the base lacks
                return x + y

    with override_checks_off():

        class Marked(Base):
            @overrides.override
            def size(self, x: int, y: int) -> int:
                return x + y

    assert Marked.size.__override__


@pytest.mark.slow
def test_eval_workspace_reset_leaves_no_live_chroma_under_deleted_files(
    settings: Settings, embedder
) -> None:
    """chromadb keeps one system per path for the process: an eval run deleting its workspace
    under a live one left a SQLite pool whose new connections met an empty file ("Failed to pull
    logs from the log store" in a second eval run in the same process)."""
    from agent.evals.context import workspace_settings
    from agent.store.ingest import ingest_profile
    from agent.store.vectors import open_client

    first = workspace_settings(settings, "extractive")
    ingest_profile(_profile(), first, embedder=embedder)
    stale = open_client(first)._system
    second = workspace_settings(settings, "extractive")
    assert not first.chroma_dir.exists()  # the reset deleted the store ...
    assert open_client(second)._system is not stale  # ... and the system that held it open
    ingest_profile(_profile("We study looms. They weave."), second, embedder=embedder)
    assert vector_counts(second, "ada-lovelace") == {"papers": 2, "sentences": 4}


@pytest.mark.slow
def test_an_allow_list_naming_a_vector_the_store_lacks_is_cut_to_the_held_ones(
    settings: Settings, embedder
) -> None:  # noqa: ANN001
    """Sentences carry no metadata to filter by (their filters are id allow-lists), so a store
    behind its profile record (a sentence deleted under it) is queried over the ids it holds."""
    from agent.store.ingest import ingest_profile

    ingest_profile(_profile(), settings, embedder=embedder)
    store = VectorStore(settings, embedder.name)
    first = _profile().papers[0].id
    held = [f"{first}:s0", f"{first}:s1", f"{first}:s2"]
    store.collection("ada-lovelace", "sentences").delete(ids=[held[2]])
    query = embedder.encode(["They compute."])[0]
    found = store.nearest("ada-lovelace", "sentences", query, 3, ids=held)
    assert set(found) == set(held[:2])
    assert store.nearest("ada-lovelace", "sentences", query, 1, ids=held[2:]) == {}
