"""Errors a user can act on.

`InputError` is raised for input the auditor cannot use (wrong format, undecodable
bytes, no report inside). The CLI turns it into one Chinese line and exit code 2, so
a batch of hundreds of files never dies on a traceback.
"""


class InputError(Exception):
    """The input file cannot be audited; the message is shown to the user as is."""
