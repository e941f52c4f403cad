"""Errors that the command line turns into a one-line reason and an exit status."""


class ClinicsError(Exception):
    """A failure the user can act on; printed as one line, exit status 1."""

    exit_status = 1


class UsageError(ClinicsError):
    """Bad usage (arguments, unknown source, ...); exit status 2."""

    exit_status = 2
