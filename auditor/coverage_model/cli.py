"""`auditor train coverage`: build the data, fit, cross-validate, save, write the card.

The lead registers `train_cmd` under the `auditor train` group. Everything it reads is
sorted and seeded, so two runs on the same corpora fit the same model (same data
digest, same coefficients); the skops file itself differs only in zip metadata.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from auditor.coverage_model.dataset import DEFAULT_CORPORA, ROOT, SYNTH_PER_TEMPLATE

MODELS_DIR = ROOT / "models"
RESULTS_DIR = ROOT / "benchmarks" / "results" / "coverage"


@click.command("coverage")
@click.option(
    "--corpora",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_CORPORA,
    show_default=True,
    help="copy of shared/corpora with the real reports the gold set lists",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=MODELS_DIR,
    show_default=True,
    help="where coverage.skops and MODEL_CARD.md are written",
)
@click.option(
    "--synth",
    type=int,
    default=SYNTH_PER_TEMPLATE,
    show_default=True,
    help="synthetic reports per template",
)
@click.option(
    "--cv/--no-cv",
    default=True,
    show_default=True,
    help="leave-one-report-out evaluation for the model card (several minutes)",
)
@click.option(
    "--results",
    type=click.Path(file_okay=False, path_type=Path),
    default=RESULTS_DIR,
    show_default=True,
    help="where the evaluation outputs (read by notebooks/coverage.ipynb) go",
)
def train_cmd(corpora: Path, out: Path, synth: int, cv: bool, results: Path) -> None:
    """Train the section-coverage classifier (章节覆盖分类模型)."""
    from auditor.coverage_model.card import write_card
    from auditor.coverage_model.dataset import build_dataset
    from auditor.coverage_model.train import fit_all, save

    if not corpora.is_dir():
        click.echo(
            f"未找到真实报告语料目录：{corpora}（仅用样例、合成和人工标注数据训练）", err=True
        )
    rows = build_dataset(corpora, synth)
    click.echo(f"{len(rows)} 段训练数据")
    model = fit_all(rows)
    out.mkdir(parents=True, exist_ok=True)
    path = save(model, out / "coverage.skops")
    click.echo(f"模型已保存：{path}（{path.stat().st_size / 1e6:.1f} MB）")
    summary = None
    if cv and corpora.is_dir():
        from auditor.coverage_model.evaluate import evaluate, write_results
        from auditor.coverage_model.evaluate import summary as summarise

        res = evaluate(corpora, log=lambda m: click.echo(m, err=True))
        summary = summarise(res)
        write_results(res, summary, results)
        click.echo(json.dumps(summary, ensure_ascii=False, indent=1, default=float))
    write_card(model, rows, summary, out / "MODEL_CARD.md")
    click.echo(f"模型说明已写入：{out / 'MODEL_CARD.md'}")
