# The Fly fallback: the pipeline CLI in a container, for runs too long for the Cron Trigger Worker.
# It runs workers/ops/pipeline-container.ts: a daily schedule (PIPELINE_SCHEDULE, default 06:00 UTC) of
# `npm run pipeline -- $PIPELINE_ARGS` (default `daily:run --horizon 90`) against DATABASE_URL (Neon), with
# GET /health on $PORT and JSON log lines on stdout. Build and deploy: see docs/deployment.md (fly deploy).
FROM node:20-bookworm-slim

WORKDIR /app

# Full install: the CLI runs TypeScript through tsx, and db/node.ts also loads the local-endpoint code (pg, PGlite).
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts && npm cache clean --force

COPY tsconfig.json ./
COPY db ./db
COPY migrations ./migrations
COPY workers ./workers

ENV NODE_ENV=production \
    ENVIRONMENT=production \
    PORT=8080 \
    PIPELINE_SCHEDULE="0 6 * * *" \
    PIPELINE_ARGS="daily:run --horizon 90"

USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# One run now instead of the schedule: fly machine run . --command "node --import tsx workers/ops/pipeline-container.ts --once"
CMD ["node", "--import", "tsx", "workers/ops/pipeline-container.ts"]
