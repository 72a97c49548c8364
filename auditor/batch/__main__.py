"""`python -m auditor.batch IN_DIR --out OUT_DIR` (same as `auditor batch`)."""

from auditor.batch.cli import batch_cmd

if __name__ == "__main__":
    batch_cmd(prog_name="python -m auditor.batch")
