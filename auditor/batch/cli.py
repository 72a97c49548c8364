"""`auditor batch IN_DIR --out OUT_DIR`: the click command (registered by auditor.cli).

Exit codes: 0 every file audited; 1 some files could not be audited (each is recorded
with its reason and the rest of the batch is complete); 2 unusable input or usage;
130 interrupted (everything committed so far is kept: rerun the same command).
"""

from __future__ import annotations

import sys
import traceback

import click

from auditor.errors import InputError

EXIT_OK, EXIT_FAILED_ITEMS, EXIT_UNUSABLE, EXIT_INTERRUPTED = 0, 1, 2, 130


@click.command("batch", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("in_dir", type=click.Path(file_okay=False))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="输出目录")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="并行工作进程数（默认：CPU 核数）",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=120.0,
    show_default=True,
    help="单个文件的审核时限（秒），超时记为失败“超时”",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="本机进程池或 Dask 集群",
)
@click.option("--scheduler", help="Dask 调度器地址，如 tcp://10.0.0.5:8786")
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), help="规则配置文件（auditor.toml）"
)
@click.option(
    "--aliases",
    type=click.Path(dir_okay=False),
    help="机关别名文件：每行“别名<TAB>标准名”（如机构改革前后的名称）",
)
@click.option("--copy-any", is_flag=True, help="同时检查与批次中其他机关报告的雷同")
@click.option("--retry-failed", is_flag=True, help="重新审核以前失败的文件")
@click.option("--quiet", is_flag=True, help="不显示进度条和摘要")
@click.option("--debug", is_flag=True, help="内部错误时显示完整堆栈")
def batch_cmd(
    in_dir: str,
    out_dir: str,
    jobs: int | None,
    timeout: float,
    executor: str,
    scheduler: str | None,
    config_path: str | None,
    aliases: str | None,
    copy_any: bool,
    retry_failed: bool,
    quiet: bool,
    debug: bool,
) -> None:
    """批量审核目录中的全部年度报告（并行、可断点续跑、跨年度检查）。

    递归查找 IN_DIR 中的 .txt .md .html .htm .docx .pdf 文件（跳过隐藏文件和输出目录）。

    \b
    在 OUT_DIR 写出：
      reports/        每份报告的 JSON 和 HTML
      index.html      总览（可按机关、年度、严重程度、规则筛选）
      findings.csv    每个问题一行（含跨年度检查）
      indicators.csv  每个指标一行
      audit.xlsx      汇总、问题、指标、机关系列
      audit.sqlite    结果库（断点续跑）

    中断后重新运行同一命令，只审核未完成或内容已变化的文件。
    """
    from auditor.batch.runner import BatchOptions, run_batch

    opts = BatchOptions(
        in_dir=in_dir,
        out_dir=out_dir,
        workers=jobs or 0,
        timeout=timeout,
        executor=executor,
        scheduler=scheduler,
        config=config_path,
        aliases=aliases,
        copy_any=copy_any,
        retry_failed=retry_failed,
        quiet=quiet,
    )
    try:
        result = run_batch(opts)
    except InputError as exc:
        click.echo(f"auditor batch: {exc}", err=True)
        sys.exit(EXIT_UNUSABLE)
    except KeyboardInterrupt:
        click.echo(
            "auditor batch: 已中断；已完成的报告均已保存，重新运行同一命令即可继续", err=True
        )
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:
        click.echo(f"auditor batch: 读写文件失败：{exc.strerror}（{exc.filename}）", err=True)
        sys.exit(EXIT_UNUSABLE)
    except Exception as exc:  # a reviewer gets one line, a developer --debug
        if debug:
            traceback.print_exc()
        click.echo(
            f"auditor batch: 内部错误（{type(exc).__name__}: {exc}），请反馈给开发者", err=True
        )
        sys.exit(EXIT_UNUSABLE)
    if not quiet:
        click.echo(
            f"共 {result.files} 份文件：本次审核 {result.audited} 份，未变化跳过 {result.skipped} 份；"
            f"失败 {result.failed_total} 份；错误 {result.errors} 条，警告 {result.warnings} 条"
            f"（其中跨年度 {result.cross_year} 条）；用时 {result.seconds:.1f} 秒。"
        )
        click.echo(f"总览：{result.out_dir}/index.html")
        for rel, reason in result.failures[:20]:
            click.echo(f"  失败：{rel}：{reason}", err=True)
    sys.exit(EXIT_FAILED_ITEMS if result.failed_total else EXIT_OK)
