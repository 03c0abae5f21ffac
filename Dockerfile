# MedCor AI service image: one build, run as api, worker, all or mcp-tools (APP_ROLE picks the
# program in deploy/docker-entrypoint.sh). Not built on the machine this was written on (it has
# the docker CLI but no engine); test/integration/deploy-manifests.integration-spec.ts checks
# its structure, and the entrypoint and healthcheck scripts are exercised there directly.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: full dependency tree (Nest CLI, TypeScript) and the compiled dist/ ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies only, non-root, read-only-root friendly ----
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: node as PID 1 gets no default signal handlers and does not reap zombies, so a
# SIGTERM before Nest installs its shutdown hooks would be ignored until the kill deadline.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 medcor \
  && useradd --system --uid 10001 --gid medcor --home-dir /nonexistent --no-create-home \
       --shell /usr/sbin/nologin medcor
WORKDIR /app
# A container is reached from outside itself, so the tools server binds every interface here
# (its own default is loopback); it then refuses to start without MCP_SERVER_TOKEN.
ENV NODE_ENV=production \
    APP_ROLE=all \
    HOST=0.0.0.0 \
    PORT=8000 \
    MCP_PORT=8001 \
    MCP_HOST=0.0.0.0
COPY package.json package-lock.json ./
# Installed as root and owned by root: the app user can read the code but never rewrite it.
# The npm cache is dropped in the same layer; at run time nothing writes outside /tmp.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --chmod=0755 deploy/docker-entrypoint.sh deploy/docker-healthcheck.js ./deploy/
USER 10001:10001
EXPOSE 8000 8001
# Role-aware: :8001/health for mcp-tools, :8000/api/ai/health/live otherwise.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/app/deploy/docker-healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--", "/app/deploy/docker-entrypoint.sh"]
