//! Code actions (each fix, a suppression comment, "fix all safe") and hover
//! (the rule's explanation) for findings of the last check.

use std::collections::HashMap;

use lsp_types as lt;
use serde_json::{json, Value};

use super::State;
use crate::diag::{Applicability, Diagnostic};
use crate::fix::FixMode;

impl State {
    pub(super) fn code_actions(&mut self, p: lt::CodeActionParams) -> Value {
        let key = p.text_document.uri.as_str().to_string();
        self.fresh(&key);
        let Some(doc) = self.docs.get(&key) else {
            return Value::Null;
        };
        let Some(checked) = &doc.checked else {
            return json!([]);
        };
        let src = &checked.source;
        let uri = doc.uri.clone();
        let start = self.enc.offset(src, p.range.start);
        let end = self.enc.offset(src, p.range.end);
        let want = |kind: &str| {
            p.context.only.as_ref().is_none_or(|only| {
                only.iter()
                    .any(|k| kind.starts_with(k.as_str()) || k.as_str().starts_with(kind))
            })
        };
        let mut actions = Vec::new();
        let md = matches!(src.format, crate::load::Format::Md);
        for d in &checked.diagnostics {
            let s = &d.primary.span;
            let touches = s.start <= end && start <= s.end;
            if !touches || !want("quickfix") {
                continue;
            }
            let diag = self.to_lsp(std::slice::from_ref(src), &single_file(d));
            if let Some(fix) = &d.fix {
                let edits: Vec<lt::TextEdit> = fix
                    .edits
                    .iter()
                    .filter(|e| e.file == d.primary.file)
                    .map(|e| lt::TextEdit {
                        range: self.enc.range(src, e.span.clone()),
                        new_text: e.replacement.to_string(),
                    })
                    .collect();
                let safe = fix.applicability == Applicability::Safe;
                let title = match fix.applicability {
                    Applicability::Safe => fix.title.to_string(),
                    Applicability::Unsafe => crate::tr!(
                        "{}（不安全修复，可能改变文意）",
                        "{} (unsafe fix, may change the meaning)",
                        fix.title
                    ),
                    Applicability::DisplayOnly => {
                        crate::tr!("{}（仅供参考）", "{} (for reference only)", fix.title)
                    }
                };
                if fix.applicability != Applicability::DisplayOnly {
                    actions.push(action(&title, "quickfix", &uri, edits, safe, Some(&diag)));
                }
            }
            let line = src.line_index(s.start.min(src.text.len()));
            let at = src.line_starts()[line];
            let marker = if md {
                format!("<!-- gwlint-disable-next-line {} -->\n", d.code)
            } else {
                format!("gwlint-disable-next-line: {}\n", d.code)
            };
            actions.push(action(
                &crate::tr!(
                    "在下一行停用 {}（插入停用注释）",
                    "disable {} for the next line (insert a suppression comment)",
                    d.code
                ),
                "quickfix",
                &uri,
                vec![lt::TextEdit {
                    range: self.enc.range(src, at..at),
                    new_text: marker,
                }],
                false,
                Some(&diag),
            ));
        }
        if want("source.fixAll.gwlint") {
            let fixed = crate::fix::apply(
                std::slice::from_ref(src),
                &checked
                    .diagnostics
                    .iter()
                    .map(single_file)
                    .collect::<Vec<_>>(),
                FixMode::Safe,
            );
            if let Some(f) = fixed.into_iter().next() {
                if f.text != src.text {
                    let all = self.enc.range(src, 0..src.text.len());
                    actions.push(action(
                        &crate::tr!(
                            "修复全部安全问题（{} 处）",
                            "fix every safe finding ({})",
                            f.fixed.len()
                        ),
                        "source.fixAll.gwlint",
                        &uri,
                        vec![lt::TextEdit {
                            range: all,
                            new_text: f.text,
                        }],
                        false,
                        None,
                    ));
                }
            }
        }
        Value::Array(actions)
    }

    pub(super) fn hover(&mut self, p: lt::HoverParams) -> Value {
        let key = p
            .text_document_position_params
            .text_document
            .uri
            .as_str()
            .to_string();
        self.fresh(&key);
        let Some(Some(checked)) = self.docs.get(&key).map(|d| d.checked.as_ref()) else {
            return Value::Null;
        };
        let src = &checked.source;
        let at = self
            .enc
            .offset(src, p.text_document_position_params.position);
        let hits: Vec<&Diagnostic> = checked
            .diagnostics
            .iter()
            .filter(|d| d.primary.span.start <= at && at <= d.primary.span.end)
            .collect();
        if hits.is_empty() {
            return Value::Null;
        }
        let mut md = String::new();
        let mut range = None;
        for d in hits {
            range.get_or_insert_with(|| self.enc.range(src, d.primary.span.clone()));
            if !md.is_empty() {
                md.push_str("\n\n---\n\n");
            }
            md.push_str(&format!(
                "**{} {}**{}{}\n\n",
                d.code,
                d.name,
                crate::i18n::pick("：", ": "),
                d.message
            ));
            if let Some((m, _)) = crate::rules::codes::find(d.code) {
                // Under `--lang en` the rule's English paragraph; the full
                // explanation is Chinese.
                if crate::i18n::is_en() {
                    md.push_str(m.explain_en.trim());
                } else {
                    md.push_str(&crate::rules::doc_text(m.doc));
                }
            }
        }
        serde_json::to_value(lt::Hover {
            contents: lt::HoverContents::Markup(lt::MarkupContent {
                kind: lt::MarkupKind::Markdown,
                value: md,
            }),
            range,
        })
        .unwrap_or(Value::Null)
    }
}

/// A diagnostic reduced to its own file (index 0), for single-file helpers.
fn single_file(d: &Diagnostic) -> Diagnostic {
    let mut d = d.clone();
    let f = d.primary.file;
    d.primary.file = 0;
    d.secondary.retain(|l| l.file == f);
    for l in &mut d.secondary {
        l.file = 0;
    }
    if let Some(fix) = &mut d.fix {
        fix.edits.retain(|e| e.file == f);
        for e in &mut fix.edits {
            e.file = 0;
        }
    }
    d
}

// lsp-types keys WorkspaceEdit changes by Uri, which clippy calls mutable.
#[allow(clippy::mutable_key_type)]
fn action(
    title: &str,
    kind: &str,
    uri: &lt::Uri,
    edits: Vec<lt::TextEdit>,
    preferred: bool,
    diag: Option<&lt::Diagnostic>,
) -> Value {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    let a = lt::CodeAction {
        title: title.to_string(),
        kind: Some(lt::CodeActionKind::from(kind.to_string())),
        diagnostics: diag.map(|d| vec![d.clone()]),
        edit: Some(lt::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    };
    serde_json::to_value(a).unwrap_or(Value::Null)
}

/// A link to the rule's explanation: the rule table of the README in the
/// source repository, when `GWLINT_RULE_URL` names it (`{code}` is
/// replaced); otherwise none (hover shows the explanation instead).
pub(super) fn rule_href(code: &str) -> Option<lt::CodeDescription> {
    let base = std::env::var("GWLINT_RULE_URL").ok()?;
    let href: lt::Uri = base.replace("{code}", code).parse().ok()?;
    Some(lt::CodeDescription { href })
}
