FROM python:3.11-slim
# The media actions run ffmpeg and LibreOffice, in the API (a waiting request) and in workers.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ffmpeg libreoffice-writer-nogui libreoffice-impress-nogui \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY api ./api
COPY db ./db
RUN pip install --no-cache-dir --no-deps .
EXPOSE 5005
CMD ["sh", "-c", "aether migrate && aether serve --host 0.0.0.0 --port 5005"]
