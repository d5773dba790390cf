# syntax=docker/dockerfile:1
# Build a static reportbot binary, then run it as a non-root user with the
# data directory on a volume.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/reportbot ./cmd/reportbot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/reportbot /usr/local/bin/reportbot
ENV REPORTBOT_DATA=/data
# Go's GC: the default GOGC with a soft heap limit. Measured on the 2-core
# development machine (2026-11-26) with reportbot bench's build and answer
# processes: medians of user+sys CPU for a fixed amount of work (5 runs
# answering, 2 building) and of peak RSS.
#   answering, 1 report:               default 0.38 s, 44 MB; GOGC=50 +16% CPU, 40 MB
#   answering, 1,000 distinct reports: default 3.5 s, 109 MB; GOGC=50 +20% CPU, 105 MB
#     (GOMEMLIMIT=120MiB: as default, the live heap being ~10 MB)
#   building 1,000 distinct reports:   default 23 s, 278 MB; GOGC=50 +12%, 238 MB;
#     GOMEMLIMIT=120MiB +31%, 194 MB; GOGC=50 and GOMEMLIMIT=100MiB +105%, 181 MB
# The limit costs nothing while answering and cuts a large reindex's peak by
# 30%; a lower GOGC would cost a sixth of the CPU of every answer for 4 MB.
# The rest of the RSS is the binary and the index's mapped files, which no GC
# setting bounds. See README, "Speed and memory".
ENV GOMEMLIMIT=120MiB
VOLUME ["/data"]
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/reportbot"]
CMD ["serve"]
