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
mod stream;

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
    /// 提示信息的语言：zh（简体中文，默认）或 en（英文）；规则代码不变。也可设环境变量 GWLINT_LANG=en
    #[arg(long, value_enum, global = true)]
    lang: Option<crate::i18n::Lang>,
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

/// The same layout in English (`--lang en`).
const HELP_TEMPLATE_EN: &str =
    "{before-help}{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}";

/// English about lines of `--lang en`, by subcommand name (`gwlint` is the
/// top level).
const EN_ABOUT: &[(&str, &str)] = &[
    ("gwlint", "gwlint — a linter for Chinese official documents: task assignments, numbering, unit names, target consistency, punctuation and number formats."),
    ("check", "Check files or folders (folders recursively, honouring .gitignore)"),
    ("inspect", "Print the parsed document model (kind, headings, tasks, units, paragraphs)"),
    ("rules", "List every rule"),
    ("rule", "Print a rule's explanation"),
    ("server", "Language server (LSP over standard input and output) for editors"),
    ("registry", "Unit registries: draft one from documents (learn), validate a registry file (check)"),
    ("learn", "Draft a unit registry from a place's own documents (to standard output or -o FILE)"),
    ("test-rules", "Run the self-tests of rule packs and print a report (default: the built-in packs)"),
    ("new-rule", "Print a commented template of a rule pack rule of one type (save it as a pack)"),
    ("config", "Print the configuration in effect for a path and where each value comes from (built-in, which file, command line)"),
    ("completions", "Print a shell completion script: gwlint completions bash > /etc/bash_completion.d/gwlint"),
    ("man", "Print the man page (roff); with --dir, write one page per subcommand"),
];

/// English help of arguments under `--lang en`: `(subcommand, argument id,
/// help)`; an empty subcommand matches any.
const EN_ARGS: &[(&str, &str, &str)] = &[
    ("", "lang", "Language of messages: zh (Simplified Chinese, default) or en (English); rule codes stay the same. Also GWLINT_LANG=en"),
    ("", "help", "Print help"),
    ("", "version", "Print version"),
    ("completions", "shell", "Shell"),
    ("man", "dir", "Write gwlint.1 and gwlint-<command>.1 for each subcommand into this folder instead of printing gwlint.1"),
    ("learn", "paths", "Files or folders (folders recursively, honouring .gitignore)"),
    ("learn", "name", "Name of the place, e.g. 济南市天桥区"),
    ("learn", "id", "Registry id (default: the pinyin of the name)"),
    ("learn", "output", "File to write (default: standard output)"),
    ("learn", "max_tests", "At most this many self-checks"),
    ("registry", "file", "Registry file (.toml)"),
    ("", "config", "Use only this configuration file for every input (no gwlint.toml lookup per folder)"),
    ("", "isolated", "Read no configuration file (gwlint.toml)"),
    ("", "kind", "Override document kind detection (for every input)"),
    ("", "rules", "Additional rule settings file (merged with the built-in rules/rules.toml)"),
    ("", "registry", "Additional unit registry folder or file (format: rules/registries/; repeatable)"),
    ("", "jurisdiction", "Unit registry to use: auto (detected from names such as “长清区” in the text, default), none (no registry), or a registry id or name"),
    ("", "indicators", "Additional indicator names file (merged with the built-in rules/indicators.toml)"),
    ("", "pair", "Pair a work report with its annex, repeatable: --pair report.txt=annex.md"),
    ("", "packs", "Additional rule pack folder (each .toml in it is a pack, self-tested when loaded; repeatable)"),
    ("", "docx_max_inflated", "Limit on the total inflated bytes of a .docx's parts (against zip bombs; default 256 MiB)"),
    ("", "docx_max_ratio", "Largest compression ratio allowed for one .docx part over 1 MiB (default 200)"),
    ("check", "paths", "Files or folders to check (.txt, .md, .docx); - reads standard input"),
    ("", "stdin_filename", "File name for standard input (path -): for messages, the format by extension (default .txt) and configuration lookup"),
    ("", "threads", "Number of threads (default: CPU cores); results and their order do not depend on it"),
    ("check", "format", "Output format (--format is the older alias; default full)"),
    ("config", "format", "Output format (default full)"),
    ("", "output_file", "Write the results to a file instead of standard output"),
    ("", "statistics", "Print only the number of findings per rule (most first)"),
    ("", "exit_zero", "Exit with 0 even with findings (tool errors still exit with 2)"),
    ("", "show_fixes", "List the changes of every available fix (text → suggestion)"),
    ("", "color", "Whether to use colour"),
    ("", "fail_on", "Findings at this level or above make the exit code 1 (default error)"),
    ("", "select", "Run only these rules (codes, code prefixes or names, comma-separated; can enable rules that are off by default)"),
    ("", "ignore", "Do not run these rules (codes, code prefixes or names, comma-separated)"),
    ("", "extend_select", "Run these rules too (codes, code prefixes or names, comma-separated)"),
    ("", "force_exclude", "Let the configuration's exclude also drop files named on the command line (for pre-commit)"),
    ("", "fix", "Apply safe fixes, writing files atomically"),
    ("", "unsafe_fixes", "With --fix or --diff: apply unsafe fixes too"),
    ("", "diff", "Print the fixes as a unified diff without writing files"),
    ("", "annotate", "Write a review copy of each .docx: one Word comment per finding, safe fixes as tracked changes (the original is not changed). A file name (“draft.审阅.docx”) when checking one .docx, otherwise a folder"),
    ("", "baseline", "Baseline file: report only findings not in it; the summary says how many known findings were hidden"),
    ("", "write_baseline", "Write every finding of this run to a baseline file (JSON); later runs with --baseline FILE report only new ones"),
    ("", "baseline_prune", "With --baseline: list the entries no longer found and remove them from the baseline file"),
    ("config", "path", "File or folder (default: the current folder) whose configuration to show"),
    ("inspect", "file", "File to parse"),
    ("inspect", "format", "Output format: json (the document model) or text (the text view rules read; for .docx the body with automatic numbers restored)"),
    ("rules", "format", "Output format (markdown writes README's rule table, built-in rules only)"),
    ("rules", "packs", "Also list the rules of these rule pack folders (repeatable)"),
    ("test-rules", "dir", "Rule pack folder or file; the built-in packs when omitted"),
    ("new-rule", "rule_type", "Rule type"),
    ("rule", "code", "Rule code or name, e.g. T001 or missing-lead-unit"),
    ("rule", "packs", "Also look in these rule pack folders (repeatable)"),
];

/// The English help of argument `id` of subcommand `cmd`.
fn en_arg_help(cmd: &str, id: &str) -> Option<&'static str> {
    EN_ARGS
        .iter()
        .find(|(c, a, _)| *c == cmd && *a == id)
        .or_else(|| EN_ARGS.iter().find(|(c, a, _)| c.is_empty() && *a == id))
        .map(|(_, _, h)| *h)
}

/// Help in the current language: Chinese headings and words by default,
/// English under `--lang en` (see [`pre_scan_lang`]).
fn localize(cmd: clap::Command) -> clap::Command {
    let en = crate::i18n::is_en();
    let name = cmd.get_name().to_string();
    let pick = crate::i18n::pick;
    let mut cmd = cmd
        .help_template(if en { HELP_TEMPLATE_EN } else { HELP_TEMPLATE })
        .subcommand_help_heading(pick("命令", "Commands"))
        .subcommand_value_name(pick("命令", "COMMAND"));
    if en {
        if let Some((_, about)) = EN_ABOUT.iter().find(|(n, _)| *n == name) {
            cmd = cmd.about(*about);
        }
    }
    cmd.mut_args(|a| {
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
        let mut help = match (en, en_arg_help(&name, a.get_id().as_str())) {
            (true, Some(h)) => h.to_string(),
            _ => a.get_help().map(|h| h.to_string()).unwrap_or_default(),
        };
        let is_flag = matches!(
            a.get_action(),
            clap::ArgAction::SetTrue | clap::ArgAction::Help | clap::ArgAction::Version
        );
        if !values.is_empty() && !is_flag {
            help.push_str(&crate::tr!(
                "。可选：{}",
                ". One of: {}",
                values.join(pick("、", ", "))
            ));
        }
        if !default.is_empty() && !is_flag {
            help.push_str(&crate::tr!(
                "；默认：{}",
                "; default: {}",
                default.join(pick("、", ", "))
            ));
        }
        let a = if is_flag {
            a.help(help)
        } else {
            a.hide_possible_values(true)
                .hide_default_value(true)
                .help(help)
        };
        if a.get_help_heading().is_some() {
            a
        } else if a.is_positional() {
            a.help_heading(pick("参数", "Arguments"))
        } else {
            a.help_heading(pick("选项", "Options"))
        }
    })
    .mut_subcommands(localize)
}

/// The clap command with help in the current language (Chinese by default;
/// also used for completions and the man page).
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    localize(Cli::command())
}

/// The language asked for before the command line is parsed (help and
/// clap's errors are printed while parsing): `--lang en`, `--lang=en`, or
/// else the environment variable `GWLINT_LANG`.
fn pre_scan_lang(args: &[std::ffi::OsString]) -> crate::i18n::Lang {
    use crate::i18n::Lang;
    let mut it = args.iter().map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let v = match a.strip_prefix("--lang=") {
            Some(v) => Some(v.to_string()),
            None if a == "--lang" => it.next().map(|v| v.into_owned()),
            None => None,
        };
        if let Some(v) = v {
            return if v == "en" { Lang::En } else { Lang::Zh };
        }
    }
    env_lang().unwrap_or_default()
}

/// `GWLINT_LANG=en` or `GWLINT_LANG=zh`.
fn env_lang() -> Option<crate::i18n::Lang> {
    match std::env::var("GWLINT_LANG").ok()?.as_str() {
        "en" => Some(crate::i18n::Lang::En),
        "zh" => Some(crate::i18n::Lang::Zh),
        _ => None,
    }
}

/// Help and version text as clap renders it, with the words clap writes by
/// itself in usage lines (`[OPTIONS]`) in Chinese by default.
fn help_text(e: &clap::Error) -> String {
    let s = e.render().to_string();
    if crate::i18n::is_en() {
        return s;
    }
    s.replace("[OPTIONS]", "[选项]")
        .replace("参数:", "参数：")
        .replace("选项:", "选项：")
        .replace("命令:", "命令：")
}

/// clap's parse errors in Chinese (by default): what is wrong, the usage
/// line and where to find help. Under `--lang en`, clap's own English.
fn parse_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if crate::i18n::is_en() {
        return e.render().to_string();
    }
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let valid = get(ContextKind::ValidValue);
    let mut s = match e.kind() {
        ErrorKind::UnknownArgument => format!("错误：不认识的参数“{arg}”"),
        ErrorKind::InvalidSubcommand => {
            format!("错误：没有子命令“{}”", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("错误：{arg} 需要一个值"),
        ErrorKind::InvalidValue => format!("错误：{arg} 的值“{value}”无效"),
        ErrorKind::ValueValidation => format!(
            "错误：{arg} 的值“{value}”无效：{}",
            std::error::Error::source(e)
                .map(|x| x.to_string())
                .unwrap_or_default()
        ),
        ErrorKind::MissingRequiredArgument => format!("错误：缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "错误：需要一个子命令".to_string()
        }
        ErrorKind::ArgumentConflict => {
            format!("错误：{arg} 不能与 {} 同用", get(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues => format!("错误：{arg} 的值“{value}”多余"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("错误：{arg} 的值个数不对")
        }
        ErrorKind::NoEquals => format!("错误：{arg} 的值要用“=”连接"),
        _ => return e.render().to_string(),
    };
    s.push('\n');
    if !valid.is_empty() {
        s.push_str(&format!("  可选：{valid}\n"));
    }
    let suggested = get(ContextKind::SuggestedArg)
        + &get(ContextKind::SuggestedSubcommand)
        + &get(ContextKind::SuggestedValue);
    if !suggested.is_empty() {
        s.push_str(&format!("  是不是：{suggested}\n"));
    }
    let usage = get(ContextKind::Usage);
    if let Some(u) = usage.strip_prefix("Usage: ") {
        s.push_str(&format!("\n用法：{}\n", u.replace("[OPTIONS]", "[选项]")));
    }
    s.push_str("\n运行 gwlint --help 查看帮助\n");
    s
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
        _ => Err(crate::i18n::pick("应写成 报告文件=分工文件", "write it as REPORT=ANNEX").into()),
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
        eprintln!(
            "{}",
            crate::tr!("gwlint: 警告：{w}", "gwlint: warning: {w}")
        );
    }
}

/// Writes to standard output; a closed pipe (`gwlint … | head`) is not an error.
pub(crate) fn write_stdout(bytes: &[u8]) -> miette::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(miette::miette!(
            "{}",
            crate::tr!("无法写出结果：{e}", "cannot write the output: {e}")
        )),
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
                .and_then(|()| localize_man_dir(&dir))
                .map_err(|e| {
                    miette::miette!(
                        "{}",
                        crate::tr!(
                            "无法写出手册页到 {}：{e}",
                            "cannot write the man pages to {}: {e}",
                            dir.display()
                        )
                    )
                })?;
        }
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| miette::miette!("{e}"))?;
            write_stdout(localize_man(&String::from_utf8_lossy(&buf)).as_bytes())?;
        }
    }
    Ok(EXIT_OK)
}

/// clap_mangen's section titles (NAME, SYNOPSIS…) in Chinese by default;
/// the option and command sections already carry the localized headings.
fn localize_man(page: &str) -> String {
    if crate::i18n::is_en() {
        return page.to_string();
    }
    let mut out = String::with_capacity(page.len());
    for line in page.split_inclusive('\n') {
        let title = match line.trim_end() {
            ".SH NAME" => Some("名称"),
            ".SH SYNOPSIS" => Some("用法"),
            ".SH DESCRIPTION" => Some("说明"),
            ".SH VERSION" => Some("版本"),
            ".SH AUTHORS" => Some("作者"),
            _ => None,
        };
        match title {
            Some(t) => {
                out.push_str(".SH ");
                out.push_str(t);
                out.push('\n');
            }
            None => out.push_str(&line.replace("[\\fIOPTIONS\\fR]", "[\\fI选项\\fR]")),
        }
    }
    out
}

/// [`localize_man`] over the pages `gwlint man --dir` wrote.
fn localize_man_dir(dir: &std::path::Path) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        let is_page = p.extension().is_some_and(|x| x == "1")
            && p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("gwlint"));
        if is_page {
            let text = std::fs::read_to_string(&p)?;
            std::fs::write(&p, localize_man(&text))?;
        }
    }
    Ok(())
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
        (Some(f), _) => (
            severity_name(f),
            crate::i18n::pick("命令行 --fail-on", "command line --fail-on").to_string(),
        ),
        (None, Some(file)) if file.fail_on.is_some() => {
            let v = file.fail_on.as_ref().expect("checked");
            (
                severity_name(v.value),
                crate::config::show::place(file, &v.span),
            )
        }
        _ => (
            "error".to_string(),
            crate::i18n::pick("内置默认", "built-in default").to_string(),
        ),
    };
    let header = crate::tr!(
        "对 {} 生效的配置（gwlint config）",
        "configuration in effect for {} (gwlint config)",
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
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    crate::i18n::set_lang(pre_scan_lang(&args));
    // Localizing changes only what help and errors print, so a command line
    // that parses is parsed without it; help, version and errors come from
    // the localized command.
    let parse = |cmd: clap::Command| {
        cmd.try_get_matches_from(&args)
            .and_then(|m| Cli::from_arg_matches(&m))
    };
    let cli = match parse(<Cli as clap::CommandFactory>::command()).or_else(|_| parse(command())) {
        Ok(c) => c,
        Err(e) => {
            use std::io::Write;
            if e.use_stderr() {
                let _ = write!(std::io::stderr(), "{}", parse_error(&e));
                return ExitCode::from(EXIT_TOOL);
            }
            let _ = write_stdout(help_text(&e).as_bytes());
            return ExitCode::from(EXIT_OK);
        }
    };
    crate::i18n::set_lang(cli.lang.or_else(env_lang).unwrap_or_default());
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
