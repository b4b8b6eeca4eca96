# A Node.js base for docker/controller.Dockerfile on machines that cannot pull node:20-bookworm-slim
# (this project's CI): a Debian base plus the build machine's own node, npm and Node headers (for
# node-gyp, which builds better-sqlite3 without downloading anything). The context is a directory
# that holds node (the binary), npm/ (npm's package directory) and include/node/ (the headers);
# .ci/run prepares it:
#   docker build -f docker/node-base.Dockerfile --build-arg BASE=... -t zfleet/node-base CONTEXT
ARG BASE=debian:bookworm-slim
FROM ${BASE}
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY include/node /usr/local/include/node
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
# node-gyp builds against these headers instead of fetching them.
ENV npm_config_nodedir=/usr/local
