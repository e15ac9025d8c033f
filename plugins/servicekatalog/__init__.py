"""Pelican plugin of the service catalogue: registers the generator that writes every page."""

from pelican import signals

from .generator import get_generators


def register() -> None:
    signals.get_generators.connect(get_generators)
