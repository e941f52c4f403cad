# The application image: crawler, indexer and UI (Elasticsearch runs in its own image).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
COPY pyproject.toml README.md scrapy.cfg ./
COPY clinics ./clinics
COPY crawler ./crawler
COPY indexer ./indexer
COPY search ./search
COPY ui ./ui
RUN pip install . && useradd --create-home --uid 10001 clinics && mkdir -p /app/data \
    && chown clinics /app/data
USER clinics
EXPOSE 8501
CMD ["clinics", "ui", "--port", "8501", "--host", "0.0.0.0"]
