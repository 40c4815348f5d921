//! Suppression markers: `grammar/suppress.pest` → [`Suppressions`].
//!
//! Markdown: `<!-- gwlint-disable CODE… -->` … `<!-- gwlint-enable [CODE…] -->`
//! and `<!-- gwlint-disable-next-line CODE… -->`, each a line of its own.
//! Plain text: the same directives without the comment, a line of its own
//! (`gwlint-disable-next-line: CODE…`); the Markdown form is accepted too.
//! Word: a comment (批注) whose text starts `gwlint-disable` suppresses
//! findings on the characters it is anchored on.
//!
//! Marker lines are not document text: the parser leaves them out of
//! paragraphs, tasks and tables ([`crate::parse::parse`]), and no finding is
//! reported on them. Which rules a selector names is decided by the check
//! stage (`rules::suppression`); here selectors are kept as written.
//!
//! Only lines holding `gwlint-` are given to pest (one `memmem` pass).

use pest::Parser;

use crate::load::{Format, SourceFile};
use crate::model::{Span, Suppression, SuppressionKind, Suppressions};

mod grammar {
    #![allow(missing_docs)]
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/suppress.pest"]
    pub struct SuppressParser;
}
use grammar::{Rule, SuppressParser};

/// What a marker says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Directive {
    /// `gwlint-disable-next-line`.
    DisableNextLine,
    /// `gwlint-disable`.
    Disable,
    /// `gwlint-enable`.
    Enable,
}

/// One parsed marker: its directive and its codes with their byte ranges
/// relative to the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// What it says.
    pub directive: Directive,
    /// Codes, prefixes or names as written, with where they are.
    pub codes: Vec<(String, Span)>,
}

/// Which written form a text is parsed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `<!-- gwlint-… -->` on a line of its own.
    Markdown,
    /// `gwlint-…` on a line of its own.
    Line,
    /// The text of a Word comment: `gwlint-…` followed by anything.
    Comment,
}

/// Parses one line (or comment text) as a marker of `form`.
pub fn parse_marker(text: &str, form: Form) -> Option<Marker> {
    let rule = match form {
        Form::Markdown => Rule::md,
        Form::Line => Rule::txt,
        Form::Comment => Rule::comment,
    };
    let top = SuppressParser::parse(rule, text).ok()?.next()?;
    let directive = top.into_inner().find(|p| p.as_rule() == Rule::directive)?;
    let mut out = Marker {
        directive: Directive::Enable,
        codes: Vec::new(),
    };
    for p in directive.into_inner() {
        match p.as_rule() {
            Rule::kind => {
                out.directive = match p.as_str() {
                    "disable-next-line" => Directive::DisableNextLine,
                    "disable" => Directive::Disable,
                    _ => Directive::Enable,
                }
            }
            Rule::codes => {
                for c in p.into_inner() {
                    let s = c.as_span();
                    out.codes.push((s.as_str().to_string(), s.start()..s.end()));
                }
            }
            _ => {}
        }
    }
    Some(out)
}

/// The marker on a line of a source of format `format`, if the line is one.
fn line_marker(line: &str, format: Format) -> Option<Marker> {
    match format {
        Format::Md => parse_marker(line, Form::Markdown),
        Format::Txt => {
            parse_marker(line, Form::Markdown).or_else(|| parse_marker(line, Form::Line))
        }
        // The text view of a Word document holds no markers: Word comments
        // are the markers there.
        Format::Docx => None,
    }
}

/// Lines of `src` that hold `gwlint-`, by index, in order.
fn candidate_lines(src: &SourceFile) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for at in memchr::memmem::find_iter(src.text.as_bytes(), b"gwlint-") {
        let i = src.line_index(at);
        if out.last() != Some(&i) {
            out.push(i);
        }
    }
    out
}

/// The marker lines of a source (whole lines, without the line break):
/// cheap when the text holds no `gwlint-`.
pub fn marker_lines(src: &SourceFile) -> Vec<Span> {
    candidate_lines(src)
        .into_iter()
        .map(|i| src.line_range(i))
        .filter(|r| line_marker(&src.text[r.clone()], src.format).is_some())
        .collect()
}

fn blank(s: &str) -> bool {
    s.trim_matches([' ', '\t', '\u{3000}', '\u{a0}', '\u{feff}'])
        .is_empty()
}

/// Every suppression of a source: text markers and, for `.docx`, Word
/// comments.
pub fn scan(src: &SourceFile) -> Suppressions {
    let mut out = Suppressions::default();
    scan_lines(src, &mut out);
    if let Some(map) = &src.docx {
        for c in &map.comments {
            let Some(range) = c.range.clone() else {
                continue;
            };
            let Some(m) = parse_marker(&c.text, Form::Comment) else {
                continue;
            };
            if m.directive == Directive::Enable {
                continue;
            }
            push_selectors(
                &mut out.entries,
                SuppressionKind::Comment,
                &m,
                |_| range.clone(),
                range.clone(),
                range.clone(),
            );
        }
        out.entries.sort_by_key(|e| (e.at.start, e.at.end));
    }
    out
}

/// One entry per code of `m` (one for every rule when it has none).
fn push_selectors(
    entries: &mut Vec<Suppression>,
    kind: SuppressionKind,
    m: &Marker,
    at: impl Fn(&Span) -> Span,
    whole: Span,
    scope: Span,
) {
    if m.codes.is_empty() {
        entries.push(Suppression {
            kind,
            selector: None,
            at: whole,
            scope: scope.clone(),
        });
    }
    for (code, span) in &m.codes {
        entries.push(Suppression {
            kind,
            selector: Some(code.clone()),
            at: at(span),
            scope: scope.clone(),
        });
    }
}

fn scan_lines(src: &SourceFile, out: &mut Suppressions) {
    let text = src.text.as_str();
    let mut markers: Vec<(usize, Span, Marker)> = Vec::new();
    for i in candidate_lines(src) {
        let r = src.line_range(i);
        if let Some(m) = line_marker(&text[r.clone()], src.format) {
            markers.push((i, r, m));
        }
    }
    if markers.is_empty() {
        return;
    }
    out.lines = markers.iter().map(|(_, r, _)| r.clone()).collect();
    let is_marker = |i: usize| markers.binary_search_by_key(&i, |(j, _, _)| *j).is_ok();
    let n_lines = src.line_starts().len();
    // Open `disable` blocks: index into `out.entries`.
    let mut open: Vec<usize> = Vec::new();
    for (i, r, m) in &markers {
        let abs = |s: &Span| r.start + s.start..r.start + s.end;
        match m.directive {
            Directive::DisableNextLine => {
                let scope = (i + 1..n_lines)
                    .find(|&j| !is_marker(j) && !blank(&text[src.line_range(j)]))
                    .map_or(text.len()..text.len(), |j| src.line_range(j));
                push_selectors(
                    &mut out.entries,
                    SuppressionKind::NextLine,
                    m,
                    abs,
                    r.clone(),
                    scope,
                );
            }
            Directive::Disable => {
                let first = out.entries.len();
                push_selectors(
                    &mut out.entries,
                    SuppressionKind::Block,
                    m,
                    abs,
                    r.clone(),
                    r.end..text.len(),
                );
                open.extend(first..out.entries.len());
            }
            Directive::Enable => {
                let close = |out: &mut Suppressions, k: usize| {
                    out.entries[k].scope.end = r.start.max(out.entries[k].scope.start);
                };
                if m.codes.is_empty() {
                    if open.is_empty() {
                        out.stray_enables.push(r.clone());
                    }
                    for k in open.drain(..) {
                        close(out, k);
                    }
                    continue;
                }
                for (code, span) in &m.codes {
                    let (hit, keep): (Vec<usize>, Vec<usize>) = open
                        .iter()
                        .partition(|&&k| out.entries[k].selector.as_deref() == Some(code));
                    if hit.is_empty() {
                        out.stray_enables.push(abs(span));
                    }
                    for k in hit {
                        close(out, k);
                    }
                    open = keep;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(m: &Marker) -> Vec<&str> {
        m.codes.iter().map(|(c, _)| c.as_str()).collect()
    }

    #[test]
    fn markdown_markers() {
        let m = parse_marker(
            "<!-- gwlint-disable-next-line P001, T001 -->",
            Form::Markdown,
        )
        .unwrap();
        assert_eq!(m.directive, Directive::DisableNextLine);
        assert_eq!(codes(&m), ["P001", "T001"]);
        let m = parse_marker("  <!--gwlint-enable-->", Form::Markdown).unwrap();
        assert_eq!(m.directive, Directive::Enable);
        assert!(m.codes.is_empty());
        let m = parse_marker(
            "<!-- gwlint-disable half-width-punctuation 引用原文 -->",
            Form::Markdown,
        )
        .unwrap();
        assert_eq!(m.directive, Directive::Disable);
        assert_eq!(codes(&m), ["half-width-punctuation"]);
        let m = parse_marker(
            "<!-- gwlint-disable P001 -- quoted as published -->",
            Form::Markdown,
        )
        .unwrap();
        assert_eq!(codes(&m), ["P001"]);
    }

    #[test]
    fn what_is_not_a_marker() {
        for s in [
            "<!-- gwlint-disabled P001 -->",
            "<!-- 注释 gwlint-disable P001 -->",
            "gwlint-disable-next-line: P001",
            "正文 <!-- gwlint-disable P001 -->",
            "<!-- gwlint-disable P001",
        ] {
            assert_eq!(parse_marker(s, Form::Markdown), None, "{s}");
        }
        for s in ["说明：gwlint-disable P001", "gwlint-disablement"] {
            assert_eq!(parse_marker(s, Form::Line), None, "{s}");
        }
    }

    #[test]
    fn plain_text_and_comment_markers() {
        let m = parse_marker("gwlint-disable-next-line: P001 D001", Form::Line).unwrap();
        assert_eq!(m.directive, Directive::DisableNextLine);
        assert_eq!(codes(&m), ["P001", "D001"]);
        let m = parse_marker("gwlint-disable：P001、P004", Form::Line).unwrap();
        assert_eq!(codes(&m), ["P001", "P004"]);
        let m = parse_marker("gwlint-disable P001 原文引用，不改", Form::Comment).unwrap();
        assert_eq!(m.directive, Directive::Disable);
        assert_eq!(codes(&m), ["P001"]);
        let m = parse_marker("gwlint-disable\n这一段按原文", Form::Comment).unwrap();
        assert!(m.codes.is_empty());
        let (c, at) = &parse_marker("gwlint-disable: T001", Form::Line)
            .unwrap()
            .codes[0];
        assert_eq!(&"gwlint-disable: T001"[at.clone()], c);
    }

    #[test]
    fn scopes() {
        let text = "甲\n<!-- gwlint-disable-next-line P001 -->\n\n<!-- gwlint-disable D001 -->\n乙\n<!-- gwlint-disable T -->\n丙\n<!-- gwlint-enable D001 -->\n丁\n<!-- gwlint-enable -->\n<!-- gwlint-enable -->\n";
        let src = SourceFile::from_text("a.md", text);
        let s = scan(&src);
        assert_eq!(s.lines.len(), 6);
        let at = |t: &str| text.find(t).unwrap();
        let next = &s.entries[0];
        assert_eq!(next.kind, SuppressionKind::NextLine);
        // The next line that is neither blank nor a marker.
        assert_eq!(&text[next.scope.clone()], "乙");
        let d = &s.entries[1];
        assert_eq!(d.selector.as_deref(), Some("D001"));
        assert_eq!(&text[d.at.clone()], "D001");
        assert!(d.scope.start < at("乙") && d.scope.end < at("丁") && d.scope.end > at("丙"));
        let t = &s.entries[2];
        assert!(t.scope.end > at("丁"));
        assert_eq!(s.stray_enables.len(), 1);
        assert!(s.on_marker_line(at("gwlint-disable T")));
        assert!(!s.on_marker_line(at("丙")));
    }

    #[test]
    fn text_without_markers_costs_nothing() {
        let src = SourceFile::from_text("a.txt", "一、总体要求\n正文。\n");
        assert!(scan(&src).is_empty());
        assert!(marker_lines(&src).is_empty());
    }
}
