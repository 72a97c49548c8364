"""Imported once by the local pool's fork server, before any worker is forked.

Why: every worker (and every replacement of a killed one) is then forked from a process
whose segmenter and templates are already loaded, so it starts warm in milliseconds and
shares those pages copy-on-write instead of each loading its own copy.
"""

from auditor.batch.worker import warm_up

warm_up()
