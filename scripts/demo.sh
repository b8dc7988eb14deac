#!/usr/bin/env bash
# Set up profile-agent in .venv (offline-capable: PyPI only) and run the main job on the
# embedded defaults: ingest the example profile, search it, answer a question, draft a bio.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/profile-agent ]; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip
  .venv/bin/pip install --quiet -e '.[dev]'
fi
export PROFILE_AGENT_DATA_DIR="${PROFILE_AGENT_DATA_DIR:-$PWD/.demo-data}"
pa=.venv/bin/profile-agent
example=examples/ada-quinlan.profile.txt
$pa ingest "$example"
$pa show ada-quinlan
$pa search ada-quinlan "hybrid dense and lexical retrieval" -k 3
$pa ask ada-quinlan "Which papers come with code?"
$pa ask ada-quinlan "What does TidePool do?"
$pa bio ada-quinlan --words 80 --person third
