"""Section-coverage classifier: which section each paragraph of a report is about.

Headings lie: reports rename, merge, renumber or empty their sections and promote
sub-topics to the top level. This package classifies the narrative's segments (see
`segments.py`) into the template's sections with TF-IDF features and a calibrated
linear model, trained by `auditor train coverage` on the real reports, the seed,
synthetic reports and hand-labelled hard cases. `auditor.coverage` combines its
evidence with headings and tables into each section's status.
"""
