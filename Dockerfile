# syntax=docker/dockerfile:1
# aiops-serve image, two stages:
#   build    Bun compiles the service into one self-contained executable, with
#            the default graph, history and Swagger assets embedded (build.ts).
#   runtime  a distroless glibc base holding only that file, run as a non-root
#            user; no shell, no package manager. The binary is its own
#            HEALTHCHECK probe (`aiops-serve healthcheck` asks /readyz), since
#            there is no curl or wget to call.
# Build:  docker build --build-arg AIOPS_COMMIT=$(git rev-parse --short HEAD) -t aiops-serve:0.1.0 .
# Run:    docker run -p 8000:8000 aiops-serve:0.1.0
ARG BUN_VERSION=1.4.5

FROM oven/bun:${BUN_VERSION} AS build
WORKDIR /src
# Dependencies first, so this layer is reused until package.json or bun.lock change.
COPY package.json bun.lock ./
RUN bun install --frozen-lockfile
COPY tsconfig.json build.ts bunfig.toml ./
COPY src ./src
COPY dataset ./dataset
# There is no .git in the build context: pass the commit in to see it in /version.
ARG AIOPS_COMMIT=unknown
ENV AIOPS_COMMIT=${AIOPS_COMMIT}
RUN bun run build && test -x dist/aiops-serve

# glibc is all the compiled binary links against (ldd: libc, libpthread, libdl, libm).
FROM gcr.io/distroless/base-debian12:nonroot AS runtime
LABEL org.opencontainers.image.title="aiops-serve" \
      org.opencontainers.image.description="Alert correlation and root-cause triage over a service graph"
WORKDIR /app
COPY --from=build --chown=65532:65532 /src/dist/aiops-serve /app/aiops-serve
# Numeric uid/gid so Kubernetes can verify runAsNonRoot without reading /etc/passwd.
USER 65532:65532
ENV PORT=8000 \
    HOST=0.0.0.0
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/app/aiops-serve", "healthcheck"]
# SIGTERM is handled by the service itself: requests in flight finish, then exit 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/aiops-serve"]
