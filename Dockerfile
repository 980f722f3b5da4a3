# syntax=docker/dockerfile:1
# The huike edge in a container: the server deploy of the README ("Deploying on a server"), built once
# in the `build` stage and run from the `run` stage with production dependencies only. Its RUN and CMD
# steps are exactly the commands tests/deploy.test.ts runs on a copy of the tree (which cannot pull an
# image; tests/container.test.ts reads this file):
#   npm ci, npm run build, npm prune --omit=dev, then npm start.
#
#   docker build -t huike .
#   docker run -d -p 127.0.0.1:8787:8787 -v huike-data:/app/data huike
# The shop's own catalog and config, mounted read-only (the edge reloads the config when it changes):
#   docker run -d -p 127.0.0.1:8787:8787 -v huike-data:/app/data -v /srv/shop:/app/shop:ro \
#     -e HUIKE_CATALOG=/app/shop/catalog.csv -e HUIKE_CONFIG=/app/shop/config.json huike
# Without them it serves the demo shop. compose.yaml does the same with `docker compose up -d`.

# Both stages on the same Debian base: the native parts of the dependencies (libsql) installed in the
# build stage are the ones the run stage loads. Node 20.19 or later.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The dependencies first: this layer is reused until package.json or the lock file changes.
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# The widget, demo pages and the edge as plain JavaScript (dist/), then only what `npm start` needs.
RUN npm run build
RUN npm prune --omit=dev

FROM ${NODE_IMAGE} AS run
# HOST: every interface, or nothing outside the container reaches the edge. HUIKE_DB: in the volume.
# No npm update check at start: it would reach out to the registry from a server.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    HUIKE_DB=/app/data/huike.db \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# Owned by root and read-only to the edge's user; the data folder is the only place it writes.
COPY --from=build /app /app
RUN mkdir -p /app/data /app/shop && chown node:node /app/data
# The node image's unprivileged user (uid 1000).
USER node
# The SQLite event store: keep it across upgrades. The shop's files go in /app/shop (a read-only bind
# mount, see above), not in a volume of their own: they belong to the shop, not to the container.
VOLUME ["/app/data"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
CMD ["npm", "start"]
