//! Check stage: rules over the document model.
//!
//! Every rule is a unit struct in its own file under `src/rules/<family>/`,
//! declared with [`declare_rule!`]: its doc comment (in the template
//! `## 检查内容 / ## 为什么 / ## 示例 / ## 应改为 / ## 配置`) is the
//! explanation printed by `gwlint rule CODE`. Codes are assigned only in
//! [`codes`]; default severities and options live in `rules/rules.toml`.
//! A rule with options declares a typed options struct beside it
//! (`options:` in [`declare_rule!`]); [`settings`] validates and merges the
//! layers and hands the struct to the rule.
//!
//! Rules never print: they push [`Diagnostic`]s.

pub mod codes;
pub mod data;
pub mod packs;
pub mod settings;

pub mod names;
pub mod structure;
pub mod suppression;
pub mod targets;
pub mod tasks;
pub mod typography;

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

pub use crate::diag::Category;
use crate::diag::{Diagnostic, RuleRef, Severity};
use crate::load::SourceFile;
use crate::model::Document;

pub use settings::{RuleSetting, RuleSettings};

/// Whether a rule can offer fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixAvailability {
    /// Never.
    None,
    /// For some findings.
    Sometimes,
    /// For every finding.
    Always,
}

/// What a rule file declares about itself.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// Kebab-case name naming the defect.
    pub name: &'static str,
    /// Category.
    pub category: Category,
    /// Whether fixes are offered.
    pub fix: FixAvailability,
    /// The doc comment.
    pub doc: &'static str,
    /// The options struct the rule reads, if any (see [`settings`]).
    pub options: Option<&'static settings::OptionsSpec>,
    /// The rule's messages as templates (`{任务}没有写明牵头单位`): every
    /// message a finding of this rule carries matches one of them, with each
    /// `{…}` standing for text taken from the document (ruff's `message()`).
    pub messages: &'static [&'static str],
    /// What its fixes do, as templates (ruff's `fix_title()`); empty when
    /// it never fixes.
    pub fix_titles: &'static [&'static str],
    /// The message templates of `--lang en`, one for each of
    /// [`RuleInfo::messages`], in the same order.
    pub messages_en: &'static [&'static str],
    /// The fix title templates of `--lang en`, one for each of
    /// [`RuleInfo::fix_titles`].
    pub fix_titles_en: &'static [&'static str],
    /// A paragraph in English: what the rule finds and why (`gwlint rule
    /// CODE --lang en`; its first sentence is the summary in listings).
    pub explain_en: &'static str,
}

impl RuleInfo {
    /// The message templates (see [`RuleInfo::messages`]).
    pub fn message(&self) -> &'static [&'static str] {
        self.messages
    }

    /// The fix title templates (see [`RuleInfo::fix_titles`]).
    pub fn fix_title(&self) -> &'static [&'static str] {
        self.fix_titles
    }
}

/// The first sentence of an English explanation (up to the first ". "),
/// for one-line listings.
pub fn first_sentence(text: &str) -> String {
    let text = text.trim();
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}

/// Whether `message` is an instance of `template`: its literal parts in
/// order, each `{…}` standing for any text (a wildcard match).
pub fn matches_template(template: &str, message: &str) -> bool {
    // Literal pieces between holes.
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        pieces.push(&rest[..open]);
        rest = &rest[open + close + 1..];
    }
    pieces.push(rest);
    let Some(mut m) = message.strip_prefix(pieces[0]) else {
        return false;
    };
    let last = pieces.len() - 1;
    if last == 0 {
        return m.is_empty();
    }
    // Greedy-leftmost is exact for wildcard patterns: each middle piece at
    // its first occurrence, the last piece at the end.
    for piece in &pieces[1..last] {
        match m.find(piece) {
            Some(at) => m = &m[at + piece.len()..],
            None => return false,
        }
    }
    m.ends_with(pieces[last])
}

/// A registered rule: its code plus what it declares plus its configured defaults.
#[derive(Debug, Clone, Serialize)]
pub struct RuleMeta {
    /// Stable code, e.g. `T001`.
    pub code: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    /// Family (the code's letter): tasks, structure, names…
    pub family: &'static str,
    /// Category.
    pub category: Category,
    /// Default severity (from `rules/rules.toml`).
    pub severity: Severity,
    /// Whether the rule runs by default.
    pub enabled: bool,
    /// Fix availability.
    pub fix: FixAvailability,
    /// One-line summary (the first line under `## 检查内容`).
    pub summary: String,
    /// Full explanation.
    #[serde(skip)]
    pub doc: &'static str,
    /// Message templates (see [`RuleInfo::messages`]).
    pub messages: Vec<String>,
    /// Fix title templates (see [`RuleInfo::fix_titles`]).
    pub fix_titles: Vec<String>,
    /// English message templates (see [`RuleInfo::messages_en`]).
    pub messages_en: Vec<String>,
    /// English fix title templates (see [`RuleInfo::fix_titles_en`]).
    pub fix_titles_en: Vec<String>,
    /// What the rule finds and why, in English (see [`RuleInfo::explain_en`]).
    pub explain_en: String,
}

impl RuleMeta {
    /// The one-line summary in the current language.
    pub fn summary_local(&self) -> String {
        if crate::i18n::is_en() {
            first_sentence(&self.explain_en)
        } else {
            self.summary.clone()
        }
    }

    /// The message templates in the current language.
    pub fn messages_local(&self) -> &[String] {
        if crate::i18n::is_en() {
            &self.messages_en
        } else {
            &self.messages
        }
    }

    /// The fix title templates in the current language.
    pub fn fix_titles_local(&self) -> &[String] {
        if crate::i18n::is_en() {
            &self.fix_titles_en
        } else {
            &self.fix_titles
        }
    }
}

impl RuleRef for RuleMeta {
    fn code(&self) -> &'static str {
        self.code
    }
    fn name(&self) -> &'static str {
        self.name
    }
    fn category(&self) -> Category {
        self.category
    }
    fn severity(&self) -> Severity {
        self.severity
    }
}

/// Per-check memo: analyses several rules share (a document's Markdown
/// regions, its unit names…) are computed once per check, not once per rule.
#[derive(Default)]
pub struct Memo {
    slots: std::sync::Mutex<HashMap<(TypeId, usize), Arc<dyn Any + Send + Sync>>>,
}

impl Memo {
    /// The value of type `T` stored under `key`, computed by `init` the first
    /// time. Two threads may compute it at once; the first stored wins.
    pub fn get_or_init<T: Any + Send + Sync>(
        &self,
        key: usize,
        init: impl FnOnce() -> T,
    ) -> Arc<T> {
        let k = (TypeId::of::<T>(), key);
        if let Some(v) = self.slots.lock().unwrap_or_else(|e| e.into_inner()).get(&k) {
            if let Ok(v) = v.clone().downcast::<T>() {
                return v;
            }
        }
        let v: Arc<T> = Arc::new(init());
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let stored = slots
            .entry(k)
            .or_insert_with(|| v.clone() as Arc<dyn Any + Send + Sync>);
        stored.clone().downcast::<T>().unwrap_or(v)
    }
}

/// Everything a rule may read.
pub struct Context<'a> {
    /// Decoded sources, indexed by file id.
    pub sources: &'a [SourceFile],
    /// Parsed documents, one per source.
    pub docs: &'a [Document],
    /// Report ↔ annex links.
    pub links: &'a [crate::link::Link],
    /// Rule data and settings.
    pub data: &'a data::Data,
    /// Shared analyses, computed once per check.
    pub memo: Memo,
    /// When these documents are one group of a streaming run: what the
    /// cross-document rules read of the whole run.
    pub whole: Option<WholeRun>,
}

/// What the cross-document rules read of a whole run when it is checked
/// one group of files at a time.
#[derive(Debug, Clone, Copy, Default)]
pub struct WholeRun {
    /// Work reports in the run.
    pub reports: usize,
    /// Whether a report of the run is free to pair (not named by `--pair`).
    pub free_report: bool,
}

impl<'a> Context<'a> {
    /// A context over parsed and linked documents.
    pub fn new(
        sources: &'a [SourceFile],
        docs: &'a [Document],
        links: &'a [crate::link::Link],
        data: &'a data::Data,
    ) -> Self {
        Context {
            sources,
            docs,
            links,
            data,
            memo: Memo::default(),
            whole: None,
        }
    }

    /// The source of a document.
    pub fn source(&self, doc: &Document) -> &SourceFile {
        &self.sources[doc.file]
    }
}

/// What a rule declares about itself: implemented by [`declare_rule!`],
/// never by hand.
pub trait Declared {
    /// The rule's declaration.
    fn info(&self) -> RuleInfo;
}

/// A rule. Implement one or both of the check methods; the declaration
/// ([`Declared`]) comes from [`declare_rule!`].
pub trait Rule: Declared + Send + Sync + 'static {
    /// Checks one document. Runs beside linking: `cx.links` is still empty
    /// here, so a rule that reads links checks in
    /// [`check_corpus`](Rule::check_corpus).
    fn check_document(
        &self,
        _meta: &RuleMeta,
        _cx: &Context,
        _doc: &Document,
        _out: &mut Vec<Diagnostic>,
    ) {
    }

    /// Checks the whole run (cross-document rules).
    fn check_corpus(&self, _meta: &RuleMeta, _cx: &Context, _out: &mut Vec<Diagnostic>) {}
}

/// Declares a rule struct whose doc comment is its explanation, and
/// implements [`Declared`] for it.
///
/// `message` lists the rule's message templates (each `{…}` stands for
/// text from the document); `fix_title` lists what its fixes do. Both are
/// shown by `gwlint rule CODE`, and a test checks that every finding's
/// message matches one of its rule's templates.
///
/// ```ignore
/// declare_rule! {
///     /// ## 检查内容
///     /// …
///     pub struct MissingLeadUnit {
///         name: "missing-lead-unit",
///         category: Correctness,
///         fix: None,
///         message: ["{任务}没有写明牵头单位"],
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $ty:ident {
            name: $name:literal,
            category: $cat:ident,
            fix: $fix:ident,
            message: [$($msg:literal),+ $(,)?],
            message_en: [$($msg_en:literal),+ $(,)?]
            $(, fix_title: [$($title:literal),+ $(,)?])?
            $(, fix_title_en: [$($title_en:literal),+ $(,)?])?
            , explain_en: $explain_en:literal
            $(, options: $opt:ty)? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        $vis struct $ty;

        impl $ty {
            /// This rule's declaration.
            pub const INFO: $crate::rules::RuleInfo = $crate::rules::RuleInfo {
                name: $name,
                category: $crate::rules::Category::$cat,
                fix: $crate::rules::FixAvailability::$fix,
                doc: concat!($($doc, "\n"),*),
                options: $crate::declare_rule!(@options $($opt)?),
                messages: &[$($msg),+],
                messages_en: &[$($msg_en),+],
                fix_titles: &[$($($title),+)?],
                fix_titles_en: &[$($($title_en),+)?],
                explain_en: $explain_en,
            };
        }

        impl $crate::rules::Declared for $ty {
            fn info(&self) -> $crate::rules::RuleInfo {
                Self::INFO
            }
        }
    };
    (@options) => { None };
    (@options $opt:ty) => {{
        const SPEC: $crate::rules::settings::OptionsSpec =
            $crate::rules::settings::OptionsSpec::of::<$opt>();
        Some(&SPEC)
    }};
}

/// Strips the leading space rustdoc leaves on each doc line.
pub fn doc_text(doc: &str) -> String {
    // The lines joined by `\n`, trimmed, built in one string.
    let mut out = String::with_capacity(doc.len());
    for (k, l) in doc.lines().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        out.push_str(l.strip_prefix(' ').unwrap_or(l));
    }
    out.truncate(out.trim_end().len());
    let start = out.len() - out.trim_start().len();
    out.drain(..start);
    out
}

/// The first line of the `## 检查内容` section.
pub fn summary_of(doc: &str) -> String {
    // The lines of `doc_text(doc)`, without building it: its trimming of
    // the whole text changes no line's trimmed content.
    let mut lines = doc.lines().map(|l| l.strip_prefix(' ').unwrap_or(l));
    for l in lines.by_ref() {
        if l.trim_start().starts_with("## 检查内容") {
            break;
        }
    }
    lines
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_string()
}

/// Whether any rule that reads [`Context::links`] runs with these settings
/// (the report ↔ annex rules and the names rules, whose scope follows links).
pub fn reads_links(settings: &RuleSettings) -> bool {
    codes::registry()
        .iter()
        .any(|(m, _)| matches!(m.family, "targets" | "names") && settings.effective(m).is_some())
}

/// The findings of every rule on every document in one vector, in order,
/// built around the largest part: the many findings of one rule (a 50 MB
/// line has over a million) are moved whole, never copied into a second
/// vector of the same size.
fn join(mut parts: Vec<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let Some(largest) = (0..parts.len()).max_by_key(|&k| parts[k].len()) else {
        return Vec::new();
    };
    let mut out = std::mem::take(&mut parts[largest]);
    out.reserve(parts.iter().map(Vec::len).sum());
    let (before, after) = parts.split_at_mut(largest);
    let prefix: Vec<Diagnostic> = before.iter_mut().flat_map(|v| v.drain(..)).collect();
    if !prefix.is_empty() {
        out.splice(0..0, prefix);
    }
    for v in after {
        out.append(v);
    }
    out
}

/// Runs every enabled rule and returns findings sorted in a deterministic order.
pub fn run(cx: &Context, settings: &RuleSettings) -> Vec<Diagnostic> {
    let per_rule = check_documents(cx, settings);
    finish(cx, settings, per_rule)
}

/// The enabled rules with their effective severities, in registry order.
fn active(settings: &RuleSettings) -> Vec<(&'static RuleMeta, &'static dyn Rule, Severity)> {
    codes::registry()
        .iter()
        .filter_map(|(m, r)| settings.effective(m).map(|sev| (m, *r, sev)))
        .collect()
}

/// The document phase: every enabled rule's
/// [`check_document`](Rule::check_document) on every document. It reads no
/// links (rules that read them check the whole run), so the pipeline runs
/// it beside linking, with a context whose `links` are still empty; pass
/// its result, with the linked context, to [`finish`].
pub fn check_documents(cx: &Context, settings: &RuleSettings) -> Vec<Vec<Diagnostic>> {
    use rayon::prelude::*;
    let active = active(settings);
    // The names rules check the whole run, but most of their work is one
    // document's: it is done here, first, beside the other rules.
    let prepare = usize::from(active.iter().any(|(m, _, _)| names::reads_body(m.name)));
    // Documents and, within a document, rules in parallel (a single large
    // file uses every thread). Each rule's findings on a document stay one
    // vector: they are moved into the result whole, never copied item by
    // item (a 50 MB line has over a million of them).
    let active = &active;
    cx.docs
        .par_iter()
        .flat_map(|doc| {
            (0..prepare + active.len()).into_par_iter().map(move |k| {
                let mut v = Vec::new();
                match k.checked_sub(prepare) {
                    None => names::prepare(cx, doc),
                    Some(i) => {
                        let (m, r, _) = &active[i];
                        r.check_document(m, cx, doc, &mut v);
                    }
                }
                v
            })
        })
        .collect()
}

/// The cross-document phase over the linked context, the rule packs and
/// suppression markers, then every finding of both phases sorted in a
/// deterministic order.
pub fn finish(
    cx: &Context,
    settings: &RuleSettings,
    per_rule: Vec<Vec<Diagnostic>>,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let metas = codes::registry();
    let active = active(settings);
    // Cross-document checks, rules in parallel, and the rule packs beside
    // them; their findings appended in rule order, then the packs'.
    let corpus = || -> Vec<Vec<Diagnostic>> {
        active
            .par_iter()
            .map(|(m, r, _)| {
                let mut v = Vec::new();
                r.check_corpus(m, cx, &mut v);
                v
            })
            .collect()
    };
    // Pack rules come with their configured severity already.
    let packs = || cx.data.packs.run(cx, settings);
    let (corpus, packs) = rayon::join(corpus, packs);
    let mut out = join(per_rule);
    for mut v in corpus {
        out.append(&mut v);
    }
    out.extend(packs);
    // Suppression markers, then what they suppressed nothing of (M001/M002).
    let mut out = suppression::apply(cx, settings, out);
    // A rule may lower or raise individual findings relative to its
    // default; configuration shifts the default. Per code: the registry's
    // default and the configured severity (the first rule of a code).
    let mut shift: HashMap<&str, (Severity, Severity)> = HashMap::new();
    for (m, _, sev) in &active {
        if let Some((d, _)) = metas.iter().find(|(d, _)| d.code == m.code) {
            shift.entry(m.code).or_insert((d.severity, *sev));
        }
    }
    let configure = |d: &mut Diagnostic| {
        if let Some(&(default, sev)) = shift.get(d.code) {
            if default == d.severity {
                d.severity = sev;
            }
        }
    };
    let by_key = |a: &Diagnostic, b: &Diagnostic| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| a.message.cmp(&b.message))
    };
    // Many findings are shifted and sorted on every thread (the sort is
    // stable, as the one-thread sort: the same order).
    if out.len() >= PARALLEL_FINDINGS {
        out.par_iter_mut().with_min_len(4096).for_each(configure);
        out.par_sort_by(by_key);
    } else {
        out.iter_mut().for_each(configure);
        out.sort_by(by_key);
    }
    out.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.message == b.message);
    out
}

/// Findings from which [`finish`] shifts severities and sorts on every
/// thread.
const PARALLEL_FINDINGS: usize = 16_384;

#[cfg(test)]
mod join_tests {
    use super::*;

    #[test]
    fn parts_are_joined_in_order_around_the_largest() {
        let (meta, _) = &codes::registry()[0];
        let d = |start: usize| Diagnostic::new(meta, 0, start..start + 1, "x");
        let parts = vec![
            vec![d(0)],
            vec![],
            vec![d(1), d(2), d(3)],
            vec![d(4)],
            vec![d(5), d(6)],
        ];
        let starts: Vec<usize> = join(parts).iter().map(|d| d.primary.span.start).collect();
        assert_eq!(starts, [0, 1, 2, 3, 4, 5, 6]);
        assert!(join(Vec::new()).is_empty());
    }
}

#[cfg(test)]
mod summary_tests {
    use super::*;

    /// What `summary_of` was: the lines of the whole `doc_text`.
    fn summary_from_doc_text(doc: &str) -> String {
        let text = doc_text(doc);
        let mut lines = text.lines();
        for l in lines.by_ref() {
            if l.trim_start().starts_with("## 检查内容") {
                break;
            }
        }
        lines
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
            .to_string()
    }

    /// What `doc_text` was.
    fn doc_text_joined(doc: &str) -> String {
        doc.lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    #[test]
    fn doc_text_is_the_trimmed_join_of_the_lines() {
        for (code, rule) in codes::TABLE {
            let doc = rule.info().doc;
            assert_eq!(doc_text(doc), doc_text_joined(doc), "{code}");
        }
        for doc in [
            "",
            " ",
            "\n\n",
            "  a \n  b  \n",
            "\u{3000} 甲\r\n 乙\u{3000}",
            " x",
        ] {
            assert_eq!(doc_text(doc), doc_text_joined(doc), "{doc:?}");
        }
    }

    #[test]
    fn summary_reads_the_lines_as_doc_text_gives_them() {
        for (code, rule) in codes::TABLE {
            let doc = rule.info().doc;
            assert_eq!(summary_of(doc), summary_from_doc_text(doc), "{code}");
            assert!(!summary_of(doc).is_empty(), "{code}");
        }
        for doc in [
            "",
            "## 检查内容",
            "  ## 检查内容  \n\n   第一句。  \n 第二句。",
            " 标题\n\n ## 检查内容\n  \n \u{3000}全角空格开头。\u{3000}",
            "## 检查内容\n最后一行   ",
            "无标题\n 一行",
        ] {
            assert_eq!(summary_of(doc), summary_from_doc_text(doc), "{doc:?}");
        }
    }
}
