# syntax=docker/dockerfile:1
#
# pitboss container image: a static, CGO-free binary on distroless, running as nonroot (65532:65532).
#
#   docker build --build-arg VERSION=$(git describe --tags --always --dirty) \
#     --build-arg COMMIT=$(git rev-parse HEAD) --build-arg DATE=$(git log -1 --format=%cI) -t pitboss .
#   docker run -d --name pitboss --restart unless-stopped --stop-timeout 30 \
#     -v "$PWD/config.toml:/etc/pitboss/config.toml:ro" -v pitboss-data:/var/lib/pitboss \
#     -p 127.0.0.1:9090:9090 pitboss
#
# Paths in the image:
#   /pitboss                      the binary (the entrypoint)
#   /etc/pitboss/config.toml      the configuration; mount it read-only; it must be readable by uid 65532
#   /var/lib/pitboss              the state (the SQLite database): a volume, owned by 65532
# Reload the configuration with: docker kill --signal=HUP <container>
#
# .git is not sent to the build (see .dockerignore), so the version, commit and date are stamped from the
# build arguments: pass them as above.

ARG GO_IMAGE=golang:1.26-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot

# ---- build: runs on the builder's own platform and cross-compiles (no cgo, so any GOOS/GOARCH works)
FROM --platform=$BUILDPLATFORM ${GO_IMAGE} AS build
WORKDIR /src
ENV CGO_ENABLED=0

# Modules first, as their own layer: it is rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download && go mod verify

COPY . .
ARG VERSION=dev
ARG COMMIT=
ARG DATE=
ARG TARGETOS
ARG TARGETARCH
RUN --mount=type=cache,target=/root/.cache/go-build \
    GOOS=${TARGETOS} GOARCH=${TARGETARCH} \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT} -X main.date=${DATE}" -o /out/pitboss . \
 && mkdir -p /out/state

# ---- runtime: static, nonroot, no shell
FROM ${RUNTIME_IMAGE}
ARG VERSION=dev
LABEL org.opencontainers.image.title="pitboss" \
      org.opencontainers.image.description="Self-hosted Telegram bot that monitors crypto-mining rigs" \
      org.opencontainers.image.version="${VERSION}"

COPY --from=build /out/pitboss /pitboss
# The state directory must exist in the image, owned by nonroot, so that a new named volume mounted on it
# starts with that owner and pitboss can create its database there.
COPY --from=build --chown=65532:65532 /out/state /var/lib/pitboss

# The environment outranks the config file (PITBOSS_<SECTION>_<KEY>): these two put the database on the
# volume and make the HTTP endpoint (/healthz, /metrics) reachable through a published port. Override them
# with -e (or compose's environment:) rather than in config.toml, where they would be ignored. Publish the
# port on the host's loopback only (-p 127.0.0.1:9090:9090) unless /metrics is protected in front.
ENV PITBOSS_DATABASE_PATH=/var/lib/pitboss/pitboss.db \
    PITBOSS_HTTP_LISTEN=0.0.0.0:9090

USER 65532:65532
WORKDIR /var/lib/pitboss
VOLUME ["/var/lib/pitboss"]
EXPOSE 9090

# No curl or wget in distroless: pitboss checks itself (GET the URL, exit 0 on 200, 1 otherwise).
# Keep the port in step with PITBOSS_HTTP_LISTEN.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/pitboss", "-healthcheck", "http://127.0.0.1:9090/healthz"]

# pitboss finishes what it is doing and closes the database on SIGTERM; give it time (--stop-timeout 30).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/pitboss"]
CMD ["-config", "/etc/pitboss/config.toml"]
