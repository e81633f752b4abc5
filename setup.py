"""Packages: every leakscan* package plus leakscan.builtin_rules, the rules/ folder (see pyproject.toml)."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["leakscan*"]), "leakscan.builtin_rules"])
