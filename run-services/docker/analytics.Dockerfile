# The Cloud Run image of the analytics service. Build context: run-services/dist/analytics, written by
# `npm run build:services` (this file is copied there as its Dockerfile):
#   gcloud builds submit run-services/dist/analytics --tag REGION-docker.pkg.dev/PROJECT/cascade/analytics:TAG
# The bundle holds our code; only the npm packages it imports are installed, at the versions of the
# repo's package-lock.json (the lock beside it is cut from it).
FROM node:22-slim
# CASCADE_LOG_FORMAT=json: one Cloud Logging entry per line (severity, message, the correlation id as label and trace).
ENV NODE_ENV=production NODE_OPTIONS=--enable-source-maps CASCADE_LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no runtime dependency needs an install script (the repo's allowScripts denies them all).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY main.js main.js.map ./dist/
USER node
# Cloud Run sets PORT; the status server answers /healthz (liveness) and /readyz (readiness) on it.
# ENTRYPOINT, not CMD: a Cloud Run service's container `args` (infra's target, e.g. --live --watchlist)
# replace CMD but are appended to ENTRYPOINT; `docker run IMAGE --help` works the same way.
ENTRYPOINT ["node", "dist/main.js"]
