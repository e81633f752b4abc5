"""Package list only (everything else is in pyproject.toml).

``leakscan.builtin_rules`` is the repository's ``rules/`` folder, mapped in
pyproject.toml; discovery cannot find a mapped folder, so it is named here.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["leakscan", "leakscan.*"]), "leakscan.builtin_rules"])
