# One image recipe for every service (gateway, intake, scheduling, treatment, notification).
# Nothing is downloaded during the build: infra/containers/build-images.sh builds the bundle with Nx
# on the host, installs its pruned production node_modules from the lockfile Nx generated, and passes
# that folder as the build context:
#   docker build -f infra/containers/service.Dockerfile --build-arg APP=intake --build-arg PORT=3001 \
#     -t massage/intake:local .data/containers/stage/intake
# NODE_IMAGE defaults to the official image for machines with a registry; without one the script
# passes the project's own massage/node:24 (ADR 0013).
ARG NODE_IMAGE=node:24-slim
FROM ${NODE_IMAGE}
ARG APP
ARG PORT=3000
ARG VERSION=0.0.0
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="massage-${APP}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.source="massage monorepo, apps/${APP}"
ENV NODE_ENV=production PORT=${PORT} BIND_HOST=0.0.0.0 SERVICE=${APP} \
    NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning KAFKAJS_NO_PARTITIONER_WARNING=1
WORKDIR /app
# Dependencies first (they change less often than the bundle), owned by root: the service cannot alter them.
COPY node_modules/ ./node_modules/
COPY package.json package-lock.json ./
# The bundle (main.js) and the assets it reads at run time (notification: templates/).
COPY app/ ./
USER node
EXPOSE ${PORT}
# The probe is bash's /dev/tcp, not a second Node process: starting Node (V8 and fetch) for every check took more
# than the timeout on a loaded 2-core host, and three of those marked a serving intake unhealthy (docs/deploying.md).
HEALTHCHECK --interval=5s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/$PORT && printf 'GET /health/live HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
CMD ["node", "main.js"]
