"""Shared domain of the clinic directory: record schema, taxonomy, geocoding, settings, CLI."""

__version__ = "0.1.0"
