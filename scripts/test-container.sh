#!/bin/sh
# npm run test:container: builds the image from the Dockerfile with buildah (the recipe in
# ../shared/container/: a local node:20-bookworm-slim, Docker image format so HEALTHCHECK is
# kept), prints the build time and image size, then runs test/container/ (jest) against it:
# tools server, API and workers as separate podman containers on the host's Redis.
# Removes the containers and the image tag it made on exit; the base image and buildah's layer
# cache stay (so the next build reuses unchanged layers; `buildah prune` drops the cache).
#
# Needs: apt-get install -y buildah mmdebstrap podman runc; Redis on 127.0.0.1:6379 (TEST_REDIS_URL).
# Env: MEDCOR_TEST_IMAGE (default localhost/medcor-ai:test-<run>), CONTAINER_RECIPE_DIR
# (default ../shared/container beside the checkout or its main worktree), MEDCOR_TEST_IMAGE_MAX_MB (300).
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# Per run, so that runs from two checkouts at once neither share nor remove each other's tag or
# containers (buildah's layer cache is shared all the same: it is keyed by content, not by tag).
RUN_ID="$$-$(date +%s)"
export MEDCOR_TEST_RUN="$RUN_ID"
IMAGE="${MEDCOR_TEST_IMAGE:-localhost/medcor-ai:test-$RUN_ID}"
export MEDCOR_TEST_IMAGE="$IMAGE"
LOG="${TMPDIR:-/tmp}/medcor-container-build.$$.log"

for tool in buildah podman runc; do
  command -v "$tool" >/dev/null 2>&1 || { echo "test:container needs $tool: apt-get install -y buildah mmdebstrap podman runc" >&2; exit 2; }
done

# The recipe: beside this checkout, or beside the main worktree when this is a linked worktree.
if [ -z "${CONTAINER_RECIPE_DIR:-}" ]; then
  for candidate in "$ROOT/../shared/container" "$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null || echo /nonexistent)/../../shared/container"; do
    [ -f "$candidate/build.sh" ] && CONTAINER_RECIPE_DIR="$candidate" && break
  done
fi
[ -f "${CONTAINER_RECIPE_DIR:-/nonexistent}/build.sh" ] || { echo "test:container: set CONTAINER_RECIPE_DIR to the directory of build.sh and make-base.sh" >&2; exit 2; }

cleanup() {
  ids="$(podman --runtime runc ps -aq --filter "label=medcor.test=container-$RUN_ID" 2>/dev/null || true)"
  # shellcheck disable=SC2086
  [ -n "$ids" ] && podman --runtime runc rm -f -t 0 $ids >/dev/null 2>&1
  podman --runtime runc rmi "$IMAGE" >/dev/null 2>&1 || true
  rm -f "$LOG"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! buildah inspect --type image docker.io/library/node:20-bookworm-slim >/dev/null 2>&1; then
  echo "test:container: making the local base image (once per machine)"
  sh "$CONTAINER_RECIPE_DIR/make-base.sh"
fi

echo "test:container: building $IMAGE (log: $LOG)"
start=$(date +%s)
if ! sh "$CONTAINER_RECIPE_DIR/build.sh" "$IMAGE" >"$LOG" 2>&1; then
  tail -40 "$LOG" >&2
  echo "test:container: the build failed" >&2
  exit 1
fi
built=$(date +%s)
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
echo "test:container: built in $((built - start)) s; image size $((size / 1000000)) MB ($size bytes)"
# Warnings show here (npm's EBADENGINE about a dev tool's dependency is expected: npm checks
# the whole lock file's engines even with --omit=dev); useradd/groupadd warnings fail the run.
grep -iE '^(npm warn|useradd|groupadd|debconf|W:)' "$LOG" | sort | uniq -c || true
if grep -qiE '^(useradd|groupadd)' "$LOG"; then echo "test:container: useradd/groupadd warned" >&2; exit 1; fi

NODE_OPTIONS=--experimental-vm-modules npx jest --config test/jest.container.config.js "$@"
echo "test:container: passed in $(($(date +%s) - start)) s (build $((built - start)) s)"
