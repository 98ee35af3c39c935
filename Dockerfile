# syntax=docker/dockerfile:1
# One image for every FinTrack function. FUNCTION=<name> serves that function
# alone (one Knative Service each, knative/services/); FUNCTION empty serves all
# of them plus the gateway and the web app on one port (docker-compose.yml).
ARG BUN_VERSION=1.4.5

# --- build: every dependency (dev ones too: vite), then the web app ---------
FROM oven/bun:${BUN_VERSION} AS build
WORKDIR /app
# Manifests first, so a code change does not redo the install layer.
COPY package.json bun.lock bunfig.toml ./
COPY db/package.json db/
COPY events/package.json events/
COPY functions/package.json functions/
COPY web/package.json web/
COPY bench/package.json bench/
RUN bun install --frozen-lockfile
COPY . .
RUN bun run build:web

# --- prod-deps: what the functions need at run time, nothing else ------------
# --filter leaves out the web app's build toolchain (its output is static files
# served by web/handler.ts): ~85 MB of node_modules instead of ~200 MB.
FROM oven/bun:${BUN_VERSION} AS prod-deps
WORKDIR /app
COPY package.json bun.lock bunfig.toml ./
COPY db/package.json db/
COPY events/package.json events/
COPY functions/package.json functions/
COPY web/package.json web/
COPY bench/package.json bench/
RUN bun install --frozen-lockfile --production --filter @fintrack/functions

# --- runtime ----------------------------------------------------------------
FROM oven/bun:${BUN_VERSION}-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=8080 \
    FUNCTION= \
    TZ=Asia/Manila
# node_modules, plus any nested <workspace>/node_modules the hoisted linker made.
COPY --from=prod-deps /app ./
COPY db ./db
COPY events ./events
COPY functions ./functions
# The local broker reads the Broker/Trigger/PingSource YAML at run time.
COPY knative ./knative
# The gateway serves the built web app through web/handler.ts (and its helpers).
COPY web/package.json web/*.ts ./web/
COPY --from=build /app/web/.output ./web/.output
# PGlite data and the generated dev secret live here when DATABASE_URL is unset.
RUN mkdir -p /app/data && chown 1000:1000 /app/data
# The image's `bun` user, by number: Kubernetes' runAsNonRoot can only verify a
# numeric user.
USER 1000:1000
EXPOSE 8080
# a larger header limit than the app's own (16 KiB), so the app answers 431 as problem+json
CMD ["bun", "--max-http-header-size=65536", "functions/serve.ts"]
