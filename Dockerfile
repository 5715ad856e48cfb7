# One image for every part of the assistant: the Rasa server, the action server, the chat page
# and the one-shot jobs (knowledge-base load, purge). deploy/entrypoint.sh picks the role:
#
#   docker build -t symptom-checker:$(git rev-parse --short HEAD) .
#   docker run ... symptom-checker:<tag> rasa      # or: actions | web | kb | purge
#
# The model is TRAINED AT BUILD TIME (`make train`, about 5 minutes on 2 cores), so an image
# holds exactly one model and upgrading the model means rolling out a new image. Nothing is
# mounted: the image is the same on every server. docs/deploy.md explains the layout.

# --- the chat page's browser files (socket.io-client), copied from npm, no CDN -------------
FROM node:20-bookworm-slim AS web-assets
WORKDIR /build/web
COPY web/package.json web/package-lock.json web/build.mjs ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm run build --silent

# --- the assistant ------------------------------------------------------------------------
FROM python:3.10-slim-bookworm

# The same settings the Makefile exports for `make run`; ports and secrets come at run time.
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TF_CPP_MIN_LOG_LEVEL=2 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    RASA_TELEMETRY_ENABLED=false \
    MPLCONFIGDIR=/tmp/matplotlib \
    PYTHONPATH=/srv/assistant \
    PATH=/srv/assistant/.venv/bin:$PATH

# make: the one-shot jobs run the Makefile's own targets (`make kb`, `make purge`).
RUN apt-get update \
    && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 --user-group assistant

# Not /app: Rasa's Helm chart mounts its own endpoints.yml and credentials.yml there, and ours
# must stay the ones in use (deploy/helm/README.md).
WORKDIR /srv/assistant

# Dependencies first, so that a change to the code or the data reuses this layer. The venv is
# where the Makefile expects it, so `make` targets work inside the image unchanged.
COPY requirements.txt constraints.txt pyproject.toml ./
RUN python -m venv .venv \
    && .venv/bin/pip install --quiet --upgrade "pip<24.1" "setuptools<71" wheel \
    && .venv/bin/pip install --quiet -r requirements.txt -c constraints.txt

COPY . .
COPY --from=web-assets /build/web/static/vendor web/static/vendor

# Train once, here. The files stay owned by root: the running user can read the code and the
# model but not change them; it writes only to var/ and /tmp.
RUN touch .venv/.installed \
    && make train \
    && rm -rf .rasa \
    && mkdir -p var \
    && chown assistant:assistant var

USER assistant
EXPOSE 5005 5055 8080
ENTRYPOINT ["deploy/entrypoint.sh"]
CMD ["rasa"]
