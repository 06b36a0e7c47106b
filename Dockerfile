# One Kit replica: the launcher runs the action server and Rasa on the
# container's loopback and the web app on :8000. Scale by running more
# replicas against shared Redis and PostgreSQL (docker-compose.yml, deploy/k8s/).
FROM python:3.10-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    RASA_TELEMETRY_ENABLED=false KIT_WEB_HOST=0.0.0.0 KIT_WEB_PORT=8000
WORKDIR /app
COPY requirements.lock .
RUN pip install --disable-pip-version-check --require-hashes -r requirements.lock
COPY . .
# The model is trained at build time from the project's own data (never loaded
# from elsewhere: CVE-2024-49375), then the image runs as an unprivileged user.
RUN rm -f .env && python -m bot train \
    && useradd --system --uid 10001 --home-dir /app kit \
    && mkdir -p /app/var /app/.rasa && chown -R kit /app/var /app/.rasa /app/models
USER 10001
EXPOSE 8000
CMD ["python", "-m", "bot", "run"]
