#!/usr/bin/env bash
# Copy the NL Design System CSS that the portal serves from node_modules into static/vendor/.
#
# There is no front-end build step: `npm ci` fetches the pinned packages of package.json, this
# script copies the one bundled stylesheet of each package plus its licence, and the copies are
# committed and served by WhiteNoise. Run it again after changing a version in package.json;
# running it twice changes nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULES="$ROOT/node_modules"
VENDOR="$ROOT/static/vendor"

if [[ ! -d "$MODULES" ]]; then
    echo "vendor-static: $MODULES is missing; run 'npm ci' first" >&2
    exit 1
fi

package_version() {
    # Read "version" from a package.json without needing jq.
    node -p "require('$1/package.json').version"
}

vendor() {
    # vendor <package dir under node_modules> <css file inside the package> <target dir>
    local package="$1" css="$2" target="$3"
    local source="$MODULES/$package"
    if [[ ! -f "$source/$css" ]]; then
        echo "vendor-static: $source/$css not found" >&2
        exit 1
    fi
    mkdir -p "$target"
    install -m 0644 "$source/$css" "$target/$(basename "$css")"
    install -m 0644 "$source/LICENSE.md" "$target/LICENSE.md"
    printf '%s@%s %s\n' "$package" "$(package_version "$source")" "$css" >"$target/SOURCE.txt"
    echo "vendored $package/$css -> ${target#"$ROOT"/}"
}

# Utrecht component library: every component's CSS in one file (EUPL-1.2).
vendor "@utrecht/component-library-css" "dist/index.css" "$VENDOR/utrecht"
# Voorbeeld design tokens: the `.voorbeeld-theme` class with every token (EUPL-1.2).
vendor "@nl-design-system-unstable/voorbeeld-design-tokens" "dist/theme.css" \
    "$VENDOR/voorbeeld-design-tokens"
