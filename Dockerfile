# syntax=docker/dockerfile:1
# The Infra-Watch agent in a container that watches the host it runs on.
# Run it with the host's pid namespace and the host's / mounted read-only at
# /host (its default config, deploy/container/agent.yaml, sets host_root:
# /host); deploy/kubernetes/daemonset.yaml runs it on every node:
#
#   docker build -t infrawatch-agent:0.1.0 .
#   docker run -d --name infrawatch --pid=host -v /:/host:ro,rslave \
#     -v /var/lib/infrawatch:/var/lib/infrawatch \
#     --cap-drop ALL --cap-add SYS_PTRACE --cap-add DAC_READ_SEARCH \
#     --memory 100m infrawatch-agent:0.1.0
#
# Written without a Docker engine at hand: it has not been built or run.

# The build: TypeScript to dist/ (with the dev dependencies), then only the
# runtime dependencies kept.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --ignore-scripts
COPY src ./src
COPY workers ./workers
COPY bench ./bench
COPY proto ./proto
# The build's scripts (scripts/build-bpf.sh, scripts/build-plugins.sh,
# scripts/build-console.mjs) and their sources: the first two skip, saying
# so, when their toolchain is not in the image (clang, wat2wasm), but
# `npm run build` runs them; the console's bundle is always built.
COPY scripts ./scripts
COPY bpf ./bpf
COPY plugins ./plugins
COPY console ./console
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /opt/infrawatch
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY config ./config
COPY deploy/container/agent.yaml /etc/infrawatch/agent.yaml
RUN ln -s /opt/infrawatch/dist/src/cli.js /usr/local/bin/infrawatch \
 && chmod 755 /opt/infrawatch/dist/src/cli.js \
 && mkdir -p /var/lib/infrawatch
# The spool and the disk queues: a volume, so that what the backend has not
# taken yet outlives the container.
VOLUME /var/lib/infrawatch
WORKDIR /var/lib/infrawatch
# The health listener (metrics_listen in the config above).
EXPOSE 9464
# It runs as root, with only the capabilities reading other users'
# /proc/<pid> files needs (the docker run above and the DaemonSet drop the
# rest): SYS_PTRACE (io, and cmdline of hidden processes), DAC_READ_SEARCH.
ENTRYPOINT ["infrawatch"]
CMD ["run", "--config", "/etc/infrawatch/agent.yaml"]
