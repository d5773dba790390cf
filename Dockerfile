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
# A soft heap limit: answering flat out on one report, RSS stays near 130 MB
# instead of 185 MB (gse's dictionary is ~75 MB of live heap), for about a
# fifth less throughput. Raise it for large reindexes.
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
