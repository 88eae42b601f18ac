# Multi-stage build: the frontend, then the server, then a small runtime image running as non-root.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM rust:1-bookworm AS server
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev libssl-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY templates ./templates
COPY migrations ./migrations
RUN cargo build --release --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libssl3 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin juxian \
    && mkdir -p /data && chown juxian:juxian /data
COPY --from=server /src/target/release/juxian /usr/local/bin/juxian
COPY --from=frontend /src/frontend/dist /srv/juxian/frontend
ENV JUXIAN_ADDR=0.0.0.0:8080 \
    JUXIAN_DATA_DIR=/data \
    JUXIAN_FRONTEND_DIR=/srv/juxian/frontend
USER juxian
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/juxian"]
CMD ["serve"]
