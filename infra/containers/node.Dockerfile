# massage/node:24 — Node 24 on the project's own Debian base, for machines without a registry
# (infra/containers/build-base.sh). The context holds only the `node` binary from the npm `node` package.
ARG BASE_IMAGE=massage/base-debian:bookworm
FROM ${BASE_IMAGE}
COPY node /usr/local/bin/node
# The same non-root user as the official node images (uid 1000).
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
  && node --version
CMD ["node"]
