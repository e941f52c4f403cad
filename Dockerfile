# The application image: crawler, indexer and UI (Elasticsearch runs in its own image).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
# Dependencies first, pinned with their hashes (requirements.lock, from `make lock`), so
# the image resolves the same versions as CI on any day; then the project without them.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md scrapy.cfg ./
COPY clinics ./clinics
COPY crawler ./crawler
COPY indexer ./indexer
COPY search ./search
COPY ui ./ui
COPY api ./api
RUN pip install --no-deps . && useradd --create-home --uid 10001 clinics && mkdir -p /app/data \
    && chown clinics /app/data
USER clinics
EXPOSE 8501
CMD ["clinics", "ui", "--port", "8501", "--host", "0.0.0.0"]
