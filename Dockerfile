# MedCor AI service image: one build, run as api, worker, all or mcp-tools (APP_ROLE picks the
# program in deploy/docker-entrypoint.sh). Built and run for real by `npm run test:container`
# (buildah + podman, scripts/test-container.sh); test/integration/deploy-image.integration-spec.ts
# checks its structure and runs the entrypoint and healthcheck scripts directly.
# Plain Dockerfile syntax (no BuildKit-only features such as COPY --chmod): the classic Docker
# builder and buildah accept it as well as BuildKit (buildah builds it here).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: full dependency tree (Nest CLI, TypeScript) and the compiled dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the build needs none (only @parcel/watcher, for `nest start --watch`, has one).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY deploy/image-prune.sh ./deploy/
COPY src ./src
RUN npm run build && sh deploy/image-prune.sh dist

# ---- deps: production dependencies only, without what the service never loads ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no production package needs its install script. @scarf/scarf's is an
# analytics ping; tree-sitter-python's builds a native binding we never load (we use its WASM);
# msgpackr-extract's only compiles when its prebuilt platform package is missing (npm installs
# it). Without scripts nothing writes outside node_modules.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY deploy/image-prune.sh ./deploy/
RUN sh deploy/image-prune.sh node_modules

# ---- rootfs: the base system with tini and the app user, minus what only builds use ----
FROM ${NODE_IMAGE} AS rootfs
# tini as PID 1: node as PID 1 gets no default signal handlers and does not reap zombies, so a
# SIGTERM before Nest installs its shutdown hooks would be ignored until the kill deadline.
# A regular (not --system) account: uid 10001 is outside the system range, which useradd warns
# about; --no-log-init keeps a large uid from growing /var/log/lastlog. npm, yarn, corepack and
# the C headers serve installs and native builds, never a running service (about 70 MB).
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && groupadd --gid 10001 medcor \
  && useradd --uid 10001 --gid medcor --no-log-init --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin medcor \
  && rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
       /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-* /usr/local/include /usr/local/share/doc \
       /var/lib/apt/lists/* /var/cache/apt/* /var/cache/debconf/*-old /var/log/* \
       /root/.npm /root/.cache /tmp/* /var/tmp/*

# ---- runtime: the rootfs flattened into one layer (files removed above take no space) ----
FROM scratch AS runtime
COPY --from=rootfs / /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /app
# A container is reached from outside itself, so the tools server binds every interface here
# (its own default is loopback); it then refuses to start without MCP_SERVER_TOKEN.
ENV NODE_ENV=production \
    APP_ROLE=all \
    HOST=0.0.0.0 \
    PORT=8000 \
    MCP_PORT=8001 \
    MCP_HOST=0.0.0.0
# Owned by root: the app user can read the code but never rewrite it. At run time nothing
# writes outside /tmp (mount a tmpfs there with a read-only root).
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist
# initdb's stored output (src/mcp-server/db/pristine-cluster.ts): an embedded demo database
# starts ~3 s sooner.
COPY assets/pglite ./assets/pglite
# The entrypoint is executable in git (mode 100755), and COPY keeps the mode.
COPY deploy/docker-entrypoint.sh deploy/docker-healthcheck.js ./deploy/
USER 10001:10001
EXPOSE 8000 8001
# Role-aware: :8001/health for mcp-tools, :8000/api/ai/health/live otherwise. Kept by Docker and
# by `buildah bud --format docker`; the OCI image format has no HEALTHCHECK and drops it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/app/deploy/docker-healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--", "/app/deploy/docker-entrypoint.sh"]
