"""Client or server by the nearest package manifest (issue 11, item 5).

Folder names are weak hints; what a project declares is stronger: a
``package.json`` whose app depends on ``react-dom``/``vue``/``svelte``/Angular/
React Native/Expo builds a front end; one that depends on a server framework
(``express``, ``fastify``, ``@nestjs/core``…) or declares a ``bin`` runs on a
server or a terminal; a ``pubspec.yaml`` with a ``flutter:`` section and a Gradle
module applying ``com.android.application`` ship to devices.  A library
(``main``/``exports`` and not ``private``) is not an app: where its code runs is
left to the other signals.  Read only for files on disk (``Fragment.disk_path``),
walking up at most :data:`MAX_UP` folders, stopping at a repository root; each
manifest is read up to :data:`MAX_BYTES`.
"""

from __future__ import annotations

import json
import os
from typing import Any

from leakscan.policy.signals import CLIENT, FOLDER, FRAMEWORK, LANGUAGE, SERVER, USER, Signal

MAX_UP = 8
MAX_BYTES = 512 * 1024
FRONT_END = ("react-dom", "vue", "svelte", "@angular/core", "react-native", "expo", "@sveltejs/kit",
             "nuxt", "preact", "solid-js", "@ionic/core")
# What a front-end manifest speaks for: the code it builds (its docs pages and configs are judged
# by their own signals).
CODE = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".vue", ".svelte", ".dart", ".kt",
        ".java", ".swift")
SERVER_SIDE = ("express", "fastify", "koa", "@nestjs/core", "@hapi/hapi", "hapi", "restify", "pg", "mysql2",
               "mongoose", "@prisma/client", "sequelize", "typeorm", "knex", "ioredis", "@aws-sdk/client-s3")


def signals(disk_path: str, path: str) -> list[Signal]:
    """Signals from the nearest manifest above the file (the first folder that has one decides)."""
    code = path.lower().endswith(CODE)
    folder = os.path.dirname(os.path.abspath(disk_path))
    depth = max(0, path.count("/"))  # the manifest sits at or above the file: below its folder signals
    for _ in range(MAX_UP):
        found = _manifest_signals(folder, depth, path)
        if found is not None:
            return [s for s in found if s.side == SERVER or code or s.rank == USER]
        if os.path.isdir(os.path.join(folder, ".git")):
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder, depth = parent, max(0, depth - 1)
    return []


def _manifest_signals(folder: str, depth: int, path: str) -> list[Signal] | None:
    """None when the folder has no manifest; else what it says (maybe nothing)."""
    package = _read(os.path.join(folder, "package.json"))
    if package is not None:
        return _package_signals(_json(package), depth, path)
    pubspec = _read(os.path.join(folder, "pubspec.yaml"))
    if pubspec is not None:
        flutter = b"\nflutter:" in b"\n" + pubspec
        return [Signal(CLIENT, FRAMEWORK, "is in a Flutter app (pubspec.yaml has flutter:; ships to devices)",
                       depth)] if flutter else []
    for name in ("build.gradle", "build.gradle.kts"):
        gradle = _read(os.path.join(folder, name))
        if gradle is not None:
            app = b"com.android.application" in gradle
            return [Signal(CLIENT, FRAMEWORK, f"is in an Android app module ({name} applies "
                           "com.android.application; ships to devices)", depth)] if app else []
    return None


def _package_signals(package: dict[str, Any], depth: int, path: str) -> list[Signal]:
    deps: dict[str, Any] = {}
    for field in ("dependencies", "devDependencies"):
        value = package.get(field)
        if isinstance(value, dict):
            deps.update(value)
    if "react-native-config" in deps and path.rsplit("/", 1)[-1].startswith(".env"):
        # react-native-config compiles every variable of the app's .env into the app binary
        return [Signal(CLIENT, USER, "is read by react-native-config, which ships every variable in the app",
                       depth)]
    server = [d for d in SERVER_SIDE if d in deps]
    if package.get("bin"):
        server.append("a bin entry")
    if server:
        return [Signal(SERVER, LANGUAGE, f"is in a package that runs on a server or terminal (package.json: "
                       f"{server[0]})", depth)]
    library = any(k in package for k in ("main", "module", "exports")) and package.get("private") is not True
    front = [d for d in FRONT_END if d in deps]
    if front and not library:
        return [Signal(CLIENT, FOLDER, f"is in a front-end app (package.json depends on {front[0]})", depth)]
    return []


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES)
    except OSError:  # absent, a folder, unreadable: no manifest here
        return None


def _json(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except ValueError:  # a truncated or broken manifest says nothing
        return {}
    return value if isinstance(value, dict) else {}
