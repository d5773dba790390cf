# syntax=docker/dockerfile:1
# Build a static reportbot binary, then run it as a non-root user with the
# data directory on a volume.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/reportbot ./cmd/reportbot
# The runtime image has no shell to make or chown a directory: the data
# directory is made here, empty, and copied with its owner below.
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/reportbot /usr/local/bin/reportbot
# Owned by nonroot (65532), the user the bot runs as. A new named volume
# on /data starts as a copy of this directory, owner included; a host
# directory mounted there keeps the host's owner (chown it to 65532).
COPY --from=build --chown=65532:65532 /out/data /data
ENV REPORTBOT_DATA=/data
# /healthz, /readyz and /metrics; in webhook mode the webhook shares the
# port (REPORTBOT_LISTEN is :8080 too).
ENV REPORTBOT_HTTP_ADDR=:8080
# Go's GC: the default GOGC with a soft heap limit. Measured on the 2-core
# development machine (2026-11-26) with reportbot bench's build and answer
# processes: medians of user+sys CPU for a fixed amount of work (5 runs
# answering, 2 building) and of peak RSS.
#   answering, 1 report:               default 0.38 s, 44 MB; GOGC=50 +16% CPU, 40 MB
#   answering, 1,000 distinct reports: default 3.5 s, 109 MB; GOGC=50 +20% CPU, 105 MB
#     (GOMEMLIMIT=120MiB: as default, the live heap being ~10 MB)
#   building 1,000 distinct reports:   default 23.5 s, 112 MB; GOGC=50 +15%, 101-103 MB;
#     GOMEMLIMIT=120MiB +2%, 111-114 MB (a build reads one report at a time:
#     live heap 26-28 MB)
# The limit costs nothing at these sizes and guards a reindex of a larger
# collection; a lower GOGC would cost a sixth of the CPU of every answer for 4 MB.
# The rest of the RSS is the binary and the index's mapped files, which no GC
# setting bounds. See README, "Speed and memory".
ENV GOMEMLIMIT=120MiB
VOLUME ["/data"]
USER 65532:65532
EXPOSE 8080
# distroless has no curl: the binary asks its own /healthz. The first
# start builds the index (about a second for the embedded report; a
# minute leaves room for many reports).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/usr/local/bin/reportbot", "health"]
ENTRYPOINT ["/usr/local/bin/reportbot"]
CMD ["serve"]
