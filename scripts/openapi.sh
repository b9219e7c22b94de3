#!/usr/bin/env bash
# Write the OpenAPI document of /api/v1/ as integrators get it to the given path, validated
# against the OpenAPI 3 schema: with the public https server address and contact page (the NL API
# Design Rules want both), whatever this machine's SITE_URL is. Then lint it:
#
#   scripts/openapi.sh var/openapi.json && ../shared/tools/adr/lint var/openapi.json
#
# API_SERVER_URL and API_CONTACT_URL override the addresses; PYTHON the interpreter
# (default: `uv run python`).
set -euo pipefail
out=${1:?usage: scripts/openapi.sh PATH}
case $out in /*) ;; *) out="$PWD/$out" ;; esac
cd "$(dirname "$0")/.."
export CS_PROFILE=${CS_PROFILE:-development}
export API_SERVER_URL=${API_SERVER_URL:-https://cs-portaal.example.nl/api/v1}
export API_CONTACT_URL=${API_CONTACT_URL:-https://cs-portaal.example.nl/contact/}
mkdir -p "$(dirname "$out")"
${PYTHON:-uv run python} manage.py spectacular --format openapi-json --validate --file "$out"
