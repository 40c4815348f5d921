//! Command-line interface: clap arguments → [`Settings`] → subcommands.
//!
//! The clap structs record what was typed; [`Settings`] is the validated
//! form passed inward. Tool errors (bad arguments, unreadable rule files)
//! are miette reports and exit with code 2; findings exit with 1.

mod baseline;
mod check;
mod inspect;
pub mod listing;
mod progress;
mod registry;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diag::Severity;
use crate::model::DocKind;

/// Exit code: no finding at or above the failing severity.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings at or above the failing severity.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage error, unreadable or skipped input, invalid rule file.
pub const EXIT_TOOL: u8 = 2;

/// gwlint — 公文检查工具：责任分工、编号层级、单位名称、指标一致性、标点数字格式。
#[derive(Debug, Parser)]
#[command(
    name = "gwlint",
    version,
    long_about = None,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// 提示信息的语言：zh（简体中文，默认）或 en（英文）；规则代码不变
    #[arg(long, value_enum, global = true, default_value = "zh")]
    lang: crate::i18n::Lang,
    /// 打印帮助
    #[arg(short = 'h', long, action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 打印版本
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,
}

/// clap's help layout with Chinese headings, applied to every subcommand.
const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn localize(cmd: clap::Command) -> clap::Command {
    cmd.help_template(HELP_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .mut_args(|a| {
            // clap's "Possible values" and "[default: …]" are English: say
            // them in the help text instead.
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            let default: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let mut help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            let is_flag = matches!(
                a.get_action(),
                clap::ArgAction::SetTrue | clap::ArgAction::Help | clap::ArgAction::Version
            );
            if !values.is_empty() && !is_flag {
                help.push_str(&format!("。可选：{}", values.join("、")));
            }
            if !default.is_empty() && !is_flag {
                help.push_str(&format!("；默认：{}", default.join("、")));
            }
            let a = if is_flag {
                a
            } else {
                a.hide_possible_values(true)
                    .hide_default_value(true)
                    .help(help)
            };
            if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("参数")
            } else {
                a.help_heading("选项")
            }
        })
        .mut_subcommands(localize)
}

/// The clap command with Chinese help (also used for completions and the
/// man page).
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    localize(Cli::command())
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查文件或目录（目录按 .gitignore 递归）
    Check(CheckArgs),
    /// 打印解析出的文档模型（类型、标题、任务、单位、段落）
    Inspect(InspectArgs),
    /// 列出全部规则
    Rules(RulesArgs),
    /// 打印一条规则的完整说明
    Rule(RuleArgs),
    /// 语言服务器（LSP，经标准输入输出），供编辑器边写边查
    Server,
    /// 单位名录：从文件生成草稿（learn）、校验名录文件（check）
    Registry(RegistryArgs),
    /// 运行规则包的自测并打印报告（默认：内置规则包）
    TestRules(TestRulesArgs),
    /// 打印一种规则包规则的模板（带注释，可直接保存为规则包）
    NewRule(NewRuleArgs),
    /// 打印对某个路径生效的配置，以及每个值的来源（内置、哪个文件、命令行）
    Config(ConfigArgs),
    /// 打印命令行补全脚本：gwlint completions bash > /etc/bash_completion.d/gwlint
    Completions(CompletionsArgs),
    /// 打印 man 手册页（roff）；--dir 时为每个子命令写出一页
    Man(ManArgs),
}

#[derive(Debug, clap::Args)]
struct CompletionsArgs {
    /// 外壳程序
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
struct ManArgs {
    /// 把 gwlint.1 和每个子命令的 gwlint-<命令>.1 写入这个目录，而不是打印 gwlint.1
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct RegistryArgs {
    #[command(subcommand)]
    command: RegistryCommand,
}

#[derive(Debug, Subcommand)]
enum RegistryCommand {
    /// 从一个地区自己的文件生成单位名录草稿（写到标准输出或 -o 文件）
    Learn {
        /// 文件或目录（目录按 .gitignore 递归）
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 地区名称，例如 济南市天桥区
        #[arg(long)]
        name: String,
        /// 名录 id（默认取名称的拼音）
        #[arg(long, default_value = "")]
        id: String,
        /// 写入的文件（默认标准输出）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 最多生成多少条自检
        #[arg(long, default_value_t = 12)]
        max_tests: usize,
    },
    /// 校验一个单位名录文件：格式、条目、自检
    Check {
        /// 名录文件（.toml）
        file: PathBuf,
    },
}

pub use crate::diag::output::OutputFormat;

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, clap::Args)]
struct CommonArgs {
    /// 对全部输入只用这个配置文件（不再逐目录查找 gwlint.toml）
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// 不读取任何配置文件（gwlint.toml）
    #[arg(long)]
    isolated: bool,
    /// 覆盖文档类型检测（对所有输入生效）
    #[arg(long, value_enum)]
    kind: Option<DocKind>,
    /// 追加的规则设置文件（与内置 rules/rules.toml 合并）
    #[arg(long = "rules", value_name = "FILE")]
    rules: Vec<PathBuf>,
    /// 追加的单位名录目录或文件（格式见 rules/registries/；可重复）
    #[arg(long = "registry", value_name = "DIR")]
    registry: Vec<PathBuf>,
    /// 适用的单位名录：auto（按文中“长清区”等词检测，默认）、none（不用名录）或名录的 id、名称
    #[arg(long, value_name = "NAME")]
    jurisdiction: Option<String>,
    /// 追加的指标名称文件（与内置 rules/indicators.toml 合并）
    #[arg(long = "indicators", value_name = "FILE")]
    indicators: Vec<PathBuf>,
    /// 指定工作报告与责任分工的配对，可重复：--pair 报告.txt=分工.md
    #[arg(long = "pair", value_name = "REPORT=ANNEX", value_parser = parse_pair)]
    pair: Vec<(PathBuf, PathBuf)>,
    /// 追加的规则包目录（其中每个 .toml 是一个规则包，加载时运行自测；可重复）
    #[arg(long = "packs", value_name = "DIR")]
    packs: Vec<PathBuf>,
    /// 读取 .docx 时全部部件解压后的总字节数上限（防压缩炸弹；默认 256 MiB）
    #[arg(long, value_name = "BYTES")]
    docx_max_inflated: Option<u64>,
    /// 读取 .docx 时单个部件（大于 1 MiB）允许的最大压缩比（默认 200）
    #[arg(long, value_name = "N")]
    docx_max_ratio: Option<u64>,
}

fn parse_pair(s: &str) -> Result<(PathBuf, PathBuf), String> {
    match s.split_once('=') {
        Some((r, a)) if !r.is_empty() && !a.is_empty() => Ok((r.into(), a.into())),
        _ => Err("应写成 报告文件=分工文件".into()),
    }
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// 要检查的文件或目录（.txt、.md、.docx）；- 表示从标准输入读取
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// 从标准输入读取（路径写成 -）时的文件名：用于消息、按扩展名判断格式（默认按 .txt），以及查找配置
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// 并行线程数（默认：CPU 核数）；结果及其顺序与线程数无关
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// 输出格式（--format 是同义的旧写法；默认 full）
    #[arg(long = "output-format", alias = "format", value_enum)]
    format: Option<OutputFormat>,
    /// 把结果写入文件而不是标准输出
    #[arg(short = 'o', long = "output-file", value_name = "FILE")]
    output_file: Option<PathBuf>,
    /// 只打印各规则的问题数（按数量排序）
    #[arg(long)]
    statistics: bool,
    /// 有问题也以 0 退出（工具错误仍为 2）
    #[arg(long)]
    exit_zero: bool,
    /// 列出每个可用修复的具体改动（原文 → 建议）
    #[arg(long)]
    show_fixes: bool,
    /// 是否使用颜色
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// 达到此级别的问题使退出码为 1（默认 error）
    #[arg(long, value_enum)]
    fail_on: Option<Severity>,
    /// 只运行这些规则（代码、代码前缀或名称，逗号分隔；可启用默认关闭的规则）
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// 不运行这些规则（代码、代码前缀或名称，逗号分隔）
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// 在选中的规则之外再运行这些规则（代码、代码前缀或名称，逗号分隔）
    #[arg(long, value_delimiter = ',')]
    extend_select: Vec<String>,
    /// 配置文件的 exclude 也排除命令行上直接写出的文件（pre-commit 用）
    #[arg(long)]
    force_exclude: bool,
    /// 应用安全修复，原子写回文件
    #[arg(long)]
    fix: bool,
    /// 与 --fix 或 --diff 同用：也应用不安全修复
    #[arg(long)]
    unsafe_fixes: bool,
    /// 打印修复的统一 diff，不写文件
    #[arg(long)]
    diff: bool,
    /// 为 .docx 写出审阅副本：每个问题一条 Word 批注，安全修复写成修订（原文件不变）。
    /// 只检查一个 .docx 时可给文件名（草稿.审阅.docx），否则给目录
    #[arg(long, value_name = "OUT")]
    annotate: Option<PathBuf>,
    /// 基线文件：只报告不在基线中的新问题，摘要里给出隐藏了多少个已知问题
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// 把本次的全部问题写成基线文件（JSON），此后用 --baseline FILE 只报告新问题
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// 与 --baseline 同用：列出基线中已不再出现的条目，并把它们从基线文件中删去
    #[arg(long, requires = "baseline")]
    baseline_prune: bool,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Debug, clap::Args)]
struct ConfigArgs {
    /// 文件或目录（默认当前目录）：显示对它生效的配置
    path: Option<PathBuf>,
    /// 输出格式（默认 full）
    #[arg(long = "output-format", alias = "format", value_enum)]
    format: Option<OutputFormat>,
    /// 达到此级别的问题使退出码为 1
    #[arg(long, value_enum)]
    fail_on: Option<Severity>,
    /// 只运行这些规则（逗号分隔）
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// 不运行这些规则（逗号分隔）
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// 再运行这些规则（逗号分隔）
    #[arg(long, value_delimiter = ',')]
    extend_select: Vec<String>,
    /// 列出可用修复的具体改动
    #[arg(long)]
    show_fixes: bool,
    /// 也应用不安全修复
    #[arg(long)]
    unsafe_fixes: bool,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Debug, clap::Args)]
struct InspectArgs {
    /// 要解析的文件
    file: PathBuf,
    /// 输出格式：json（文档模型）或 text（规则读取的文本视图，.docx 即还原编号后的正文）
    #[arg(long, value_enum, default_value = "json")]
    format: InspectFormat,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InspectFormat {
    Json,
    /// The decoded text view every rule reads (for .docx: one line per
    /// paragraph, tables as Markdown tables, automatic numbers written out).
    Text,
}

#[derive(Debug, clap::Args)]
struct RulesArgs {
    /// 输出格式（markdown 生成 README 中的规则表，只含内置规则）
    #[arg(long, value_enum, default_value = "human")]
    format: RulesFormat,
    /// 也列出这些规则包目录中的规则（可重复）
    #[arg(long = "packs", value_name = "DIR")]
    packs: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct TestRulesArgs {
    /// 规则包目录或文件；省略时测试内置规则包
    dir: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct NewRuleArgs {
    /// 规则类型
    #[arg(value_enum)]
    rule_type: NewRuleType,
}

/// Rule types of `gwlint new-rule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum NewRuleType {
    Substitution,
    Existence,
    Consistency,
    Conditional,
    Occurrence,
    Pattern,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Human,
    Json,
    Markdown,
    /// docs/rules.md: every rule's explanation
    Docs,
}

#[derive(Debug, clap::Args)]
struct RuleArgs {
    /// 规则代码或名称，例如 T001 或 missing-lead-unit
    code: String,
    /// 也在这些规则包目录中查找（可重复）
    #[arg(long = "packs", value_name = "DIR")]
    packs: Vec<PathBuf>,
}

pub use crate::config::Settings;

/// Selection flags as typed (check and config).
struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
    extend_select: Vec<String>,
}

impl CommonArgs {
    /// Where configuration comes from: `--config`, `--isolated` or discovery.
    fn mode(&self) -> crate::config::Mode {
        match (&self.config, self.isolated) {
            (_, true) => crate::config::Mode::Isolated,
            (Some(p), _) => crate::config::Mode::File(p.clone()),
            (None, false) => crate::config::Mode::Discover,
        }
    }

    /// What the command line says, without a configuration file.
    fn inputs(&self, sel: Selection) -> crate::config::Inputs {
        crate::config::Inputs {
            rules: self.rules.clone(),
            registry: self.registry.clone(),
            jurisdiction: self.jurisdiction.clone().unwrap_or_default(),
            indicators: self.indicators.clone(),
            pair: self.pair.clone(),
            select: sel.select,
            ignore: sel.ignore,
            extend_select: sel.extend_select,
            kind: self.kind,
            packs: self.packs.clone(),
            docx_max_inflated: self.docx_max_inflated,
            docx_max_ratio: self.docx_max_ratio,
            file: None,
        }
    }

    /// Settings for files under `path` (its nearest `gwlint.toml`, or as
    /// `--config`/`--isolated` say).
    fn settings_for(&self, path: &std::path::Path, sel: Selection) -> miette::Result<Settings> {
        let mut r = crate::config::Resolver::default();
        let file = match self.mode() {
            crate::config::Mode::Discover if path.is_dir() => r.nearest(path)?,
            crate::config::Mode::Discover => r.for_file(path)?,
            m => crate::config::groups::run_config(&m, &mut r)?,
        };
        let inputs = crate::config::Inputs {
            file,
            ..self.inputs(sel)
        };
        let mut warnings = Vec::new();
        let settings = crate::config::load(&inputs, &mut warnings);
        print_warnings(&warnings);
        settings
    }
}

/// Prints configuration warnings on standard error.
fn print_warnings(warnings: &[crate::error::Warning]) {
    for w in warnings {
        eprintln!("gwlint: 警告：{w}");
    }
}

/// Writes to standard output; a closed pipe (`gwlint … | head`) is not an error.
pub(crate) fn write_stdout(bytes: &[u8]) -> miette::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(miette::miette!("无法写出结果：{e}"))
        }
        _ => Ok(()),
    }
}

/// Serialises a value as pretty JSON to standard output.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> miette::Result<()> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|e| miette::miette!("{e}"))?;
    bytes.push(b'\n');
    write_stdout(&bytes)
}

/// `gwlint completions SHELL`: the completion script, built from the same
/// [`command`] as the Chinese help, so completions describe options in
/// Chinese too.
fn completions(a: CompletionsArgs) -> miette::Result<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut command(), "gwlint", &mut buf);
    write_stdout(&buf)?;
    Ok(EXIT_OK)
}

/// `gwlint man`: the roff man page of [`command`] (Chinese help text).
fn man(a: ManArgs) -> miette::Result<u8> {
    let cmd = command();
    match a.dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .and_then(|()| clap_mangen::generate_to(cmd, &dir))
                .map_err(|e| miette::miette!("无法写出手册页到 {}：{e}", dir.display()))?;
        }
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| miette::miette!("{e}"))?;
            write_stdout(&buf)?;
        }
    }
    Ok(EXIT_OK)
}

/// `gwlint config [PATH]`.
fn show_config(a: ConfigArgs) -> miette::Result<u8> {
    let path = a.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let sel = Selection {
        select: a.select.clone(),
        ignore: a.ignore.clone(),
        extend_select: a.extend_select.clone(),
    };
    let cli = a.common.inputs(Selection {
        select: a.select.clone(),
        ignore: a.ignore.clone(),
        extend_select: a.extend_select.clone(),
    });
    let settings = a.common.settings_for(&path, sel)?;
    let mut r = crate::config::Resolver::default();
    let run_file = crate::config::groups::run_config(&a.common.mode(), &mut r)?;
    let mut run = check::run_values(run_file.as_deref(), a.format, a.show_fixes, a.unsafe_fixes);
    run.values.fail_on = match (a.fail_on, settings.file.as_deref()) {
        (Some(f), _) => (severity_name(f), "命令行 --fail-on".to_string()),
        (None, Some(file)) if file.fail_on.is_some() => {
            let v = file.fail_on.as_ref().expect("checked");
            (
                severity_name(v.value),
                crate::config::show::place(file, &v.span),
            )
        }
        _ => ("error".to_string(), "内置默认".to_string()),
    };
    let header = format!(
        "对 {} 生效的配置（gwlint config）",
        crate::load::discover_name(&path)
    );
    let text = crate::config::show::render(&header, &cli, &settings, &run.values);
    write_stdout(text.as_bytes())?;
    Ok(EXIT_OK)
}

fn severity_name(s: Severity) -> String {
    clap::ValueEnum::to_possible_value(&s)
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    use clap::FromArgMatches;
    let cli = match command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_TOOL } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    crate::i18n::set_lang(cli.lang);
    let result = match cli.command {
        Command::Check(a) => check::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Rules(a) => listing::rules(a),
        Command::Rule(a) => listing::rule(a),
        Command::Server => crate::server::run(),
        Command::Registry(a) => registry::run(a),
        Command::TestRules(a) => listing::test_rules(a),
        Command::NewRule(a) => listing::new_rule(a),
        Command::Completions(a) => completions(a),
        Command::Man(a) => man(a),
        Command::Config(a) => show_config(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(EXIT_TOOL)
        }
    }
}
