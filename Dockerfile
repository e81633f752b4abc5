# leakscan in a container: Python slim, git, leakscan, nothing else; runs as an unprivileged user.
#   docker build -t leakscan .
#   docker run --rm -v "$PWD:/src" leakscan scan .
#   docker run --rm -v "$PWD:/src" leakscan git . --range origin/main..HEAD --format sarif -o leakscan.sarif
ARG PYTHON=3.12

FROM python:${PYTHON}-slim AS build
WORKDIR /build
COPY pyproject.toml setup.py README.md LICENSE ./
COPY leakscan ./leakscan
COPY rules ./rules
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:${PYTHON}-slim
# git for the history, range and hook scans; Debian's stable security updates are the pin
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/* \
    && git config --system --add safe.directory '*' \
    && groupadd --gid 10001 leakscan \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin leakscan
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER 10001:10001
# the repository to scan is mounted here; safe.directory above lets git read it whoever owns it
WORKDIR /src
ENTRYPOINT ["leakscan"]
CMD ["scan", "."]
