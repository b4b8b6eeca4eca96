# A Node.js base for docker/controller.Dockerfile on machines that cannot pull node:20-bookworm-slim
# (this project's CI): a Debian base plus the build machine's own node, npm and Node headers (for
# node-gyp, which builds better-sqlite3 without downloading anything). The context is a directory
# that holds node (the binary), npm/ (npm's package directory), include/node/ (the headers) and
# ca-certificates.crt (the build machine's CA bundle, so npm inside the image trusts what the build
# machine trusts, e.g. a proxy's own CA; may be empty); .ci/run prepares it:
#   docker build -f docker/node-base.Dockerfile --build-arg BASE=... -t zfleet/node-base CONTEXT
ARG BASE=debian:bookworm-slim
FROM ${BASE}
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY include/node /usr/local/include/node
COPY ca-certificates.crt /usr/local/share/zfleet-build-ca.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
# node-gyp builds against these headers instead of fetching them; Node (and so npm) adds the build
# machine's CAs to its own.
ENV npm_config_nodedir=/usr/local NODE_EXTRA_CA_CERTS=/usr/local/share/zfleet-build-ca.crt
