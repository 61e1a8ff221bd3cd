# syntax=docker/dockerfile:1
# One image for the API and the worker (docker-compose.yml picks the command).
# bookworm (glibc), not alpine: the Temporal core bridge ships glibc-only Linux binaries.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# package.json's `allowScripts` (which install scripts may run) is an npm 11 feature; the image has npm 10.
RUN npm install -g npm@11
COPY package.json package-lock.json ./
RUN npm ci
# The web app is its own npm package (React, Ant Design, Vite); the API serves its build at `/`.
COPY apps/web/package.json apps/web/package-lock.json ./apps/web/
RUN cd apps/web && npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && node dist/apps/worker/src/bundle.js dist/workflow-bundle.js \
 && (cd apps/web && npm run build) \
 && npm prune --omit=dev

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Code stays root-owned (read-only for the app); only the data directory belongs to `node`.
# package.json is needed at run time: its "type": "module" makes dist/*.js ES modules.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Found by apps/api/src/web-app.ts relative to dist/apps/api/src.
COPY --from=build /app/apps/web/dist ./apps/web/dist
RUN mkdir -p /app/.data/attachments && chown -R node:node /app/.data
USER node
EXPOSE 3000
# The API's health endpoint; the worker (no HTTP) disables this in compose.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
