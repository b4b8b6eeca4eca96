# The zfleet controller as an image, for schedulers that run one shard per pod or job.
# Build from the repository root: docker build -f docker/controller.Dockerfile -t zfleet .
# zfleet needs Node.js 20.19 or newer; BASE must provide it (and npm). Where node:20 cannot be pulled,
# docker/node-base.Dockerfile makes a base from Debian and the build machine's own Node (as .ci/run
# does, which builds this image and tests it: test/integration/docker/controller.test.ts).
ARG BASE=node:20-bookworm-slim
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ openssh-client \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/zfleet
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY bin ./bin
COPY inventory ./inventory
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund
ENTRYPOINT ["node", "/opt/zfleet/bin/zfleet.js"]
