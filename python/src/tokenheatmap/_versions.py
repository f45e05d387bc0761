"""Schema versions: every file carries a semver `schema_version`; an unknown major version is refused."""
from __future__ import annotations

import re
from os import PathLike
from typing import Union

PathArg = Union[str, "PathLike[str]"]

#: The major version of each format this package reads (the same as the Java side).
MAJORS = {
    "trace.schema.json": 2,
    "activation.schema.json": 1,
    "activation-diff.schema.json": 1,
    "token-diff.schema.json": 1,
    "attention-sidecar.schema.json": 2,
    "activation-sidecar.schema.json": 1,
    "lens.schema.json": 1,
    "attribution.schema.json": 1,
}

_SEMVER = re.compile(r"[0-9]{1,9}\.[0-9]{1,9}\.[0-9]{1,9}")


class UnsupportedVersionError(ValueError):
    """A file whose `schema_version` is missing, not semver, or of a major version this package does not read."""


def check_version(file: object, version: object, schema: str) -> str:
    """Returns `version` when its major is the one known for `schema`; raises UnsupportedVersionError otherwise."""
    major = MAJORS[schema]
    if version is None:
        raise UnsupportedVersionError(f"{file}: /schema_version: missing schema_version")
    if not isinstance(version, str) or not _SEMVER.fullmatch(version):
        raise UnsupportedVersionError(
            f'{file}: /schema_version: schema_version "{version}" is not a semantic version MAJOR.MINOR.PATCH')
    found = int(version.split(".")[0])
    if found != major:
        raise UnsupportedVersionError(
            f"{file}: /schema_version: unsupported major version {found} of {schema}; this build reads {major}.x")
    return version
