# syntax=docker/dockerfile:1
# One image for every role: the web instances (default command), the queue worker and the migration
# step (see compose.yaml and docs/operations.md). Not `output: 'standalone'`: docs/decisions/019.

ARG NODE_VERSION=20.20

# Dependencies, dev ones included: the build needs TypeScript, Tailwind and the ESLint config.
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/next-redis-cache/package.json packages/next-redis-cache/package.json
# npm ci's postinstall applies patches/ to Next (docs/decisions/033).
COPY patches ./patches
RUN npm ci --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The server-actions key is read at run time (every instance gets the same one from its environment).
RUN npx next build

# Run-time dependencies only (tsx is one: it runs the worker and the migrations).
FROM node:${NODE_VERSION}-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/next-redis-cache/package.json packages/next-redis-cache/package.json
# npm ci's postinstall applies patches/ to Next (docs/decisions/033).
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    NEXT_MANUAL_SIG_HANDLE=1 \
    TALLY_DATA_DIR=/data/pglite
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json next.config.ts tsconfig.json ./
COPY --chown=node:node packages ./packages
COPY --chown=node:node drizzle ./drizzle
COPY --chown=node:node src ./src
COPY --chown=node:node scripts ./scripts
COPY --from=build --chown=node:node /app/.next ./.next
RUN mkdir -p /data && chown node:node /data
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# npm start's server without npm in between: Next behind the admission guard (docs/decisions/017), and
# SIGTERM straight to Node, where the app drains, then exits (NEXT_MANUAL_SIG_HANDLE).
CMD ["node", "scripts/start.mjs"]
