#!/bin/sh
# The image's entry point: one build, four roles. It picks the program for APP_ROLE and execs
# it, so node receives SIGTERM from tini directly (a shell left in between would swallow it).
# Arguments, when given, run instead (e.g. the compose db-setup one-shot).
set -eu

# Paths are relative to the app root, found from this script's place (/app/deploy/..), so a
# Kubernetes workingDir override cannot send node to the wrong file.
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
  exec "$@"
fi

case "${APP_ROLE:-all}" in
  mcp-tools) exec node dist/mcp-server/main.js ;;
  api | worker | all) exec node dist/main.js ;;
  *)
    echo "docker-entrypoint: unknown APP_ROLE '${APP_ROLE}' (expected api, worker, all or mcp-tools)" >&2
    exit 64
    ;;
esac
