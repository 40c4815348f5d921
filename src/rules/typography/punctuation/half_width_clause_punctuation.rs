use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic, Edit};
use crate::model::Document;
use crate::rules::typography::text::clause_pieces;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 责任分工括注（牵头单位、责任单位）里用了半角的 , ; : ( )，每处括注报告一次。
    ///
    /// ## 为什么
    /// 单位名单是公文里最常被复制粘贴的部分，从表格或别的文件拼过来时常带着半角标点，
    /// 一处括注里往往一连好几个（“(牵头单位:区水务局;责任单位:文昌街道、平安街道)”）。
    /// GB/T 15834-2011 第 5.1 条要求中文标点用全角。逐个字符报告会淹没真正的问题，
    /// 所以这里一处括注只报一次，修复时一并改正。
    ///
    /// 用全角逗号“，”把几组顿号分隔的单位隔开（“大学城管委会，区财政局、区教育局，
    /// 各街镇”）是分工方案常见的写法，不报告。括号一半全角一半半角的情形由 P002 报告。
    ///
    /// 任务表（Markdown 表格或制表符分隔）里，只有牵头单位、责任单位两栏是责任分工：
    /// 只检查这两栏，标注落在有半角标点的那一栏；“重点工作”一栏是正文，由 P001 检查。
    ///
    /// ## 示例
    /// ```text
    /// 1.加强入河排污口排查整治。(牵头单位:区水务局;责任单位:文昌街道,平安街道)
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 1.加强入河排污口排查整治。（牵头单位：区水务局；责任单位：文昌街道，平安街道）
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 安全：只把半角符号换成对应的全角符号。
    pub struct HalfWidthClausePunctuation {
        name: "half-width-clause-punctuation",
        category: Style,
        fix: Always,
        message: ["{…}的责任分工用了 {…} 处半角标点{…}"],
        message_en: ["the assignment of {…} has {…} half-width punctuation marks{…}"],
        fix_title: ["改为全角标点"],
        fix_title_en: ["change to full-width punctuation"],
        explain_en: "Half-width , ; : ( ) inside an assignment clause (lead and responsible units), reported once per clause. Unit lists are the most copied part of a document and often bring half-width marks along; one finding per clause, fixed all at once.",
    }
}

fn full(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

impl Rule for HalfWidthClausePunctuation {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = cx.source(doc).text.as_str();
        for t in &doc.tasks {
            for c in &t.clauses {
                // Brackets of a clause opened with one width and closed with
                // the other are P002's; a consistent half-width pair is ours.
                let (open, close) = (&c.brackets.0, &c.brackets.1);
                let mixed = !open.is_empty() && (open == "(") != (close == ")");
                let mut edits = Vec::new();
                let mut seen = String::new();
                // In a task table only the unit cells are the clause; the
                // label goes on the first cell with a half-width mark.
                let mut shown: Option<std::ops::Range<usize>> = None;
                for piece in clause_pieces(c) {
                    let Some(s) = text.get(piece.clone()) else {
                        continue;
                    };
                    for (k, ch) in s.char_indices() {
                        let Some(fw) = full(ch) else { continue };
                        let at = piece.start + k;
                        let is_bracket = matches!(ch, '(' | ')');
                        if is_bracket && mixed && (k == 0 || k + 1 == s.len()) {
                            continue;
                        }
                        if !seen.contains(ch) {
                            seen.push(ch);
                        }
                        shown.get_or_insert(piece.clone());
                        edits.push(Edit {
                            file: doc.file,
                            span: at..at + 1,
                            replacement: fw.into(),
                        });
                    }
                }
                let Some(span) = shown else { continue };
                if edits.is_empty() {
                    continue;
                }
                let marks: String = seen
                    .chars()
                    .map(|c| format!("“{c}”"))
                    .collect::<Vec<_>>()
                    .join("");
                let n = edits.len();
                let label = crate::rules::tasks::task_label(t);
                out.push(
                    Diagnostic::new(
                        meta,
                        doc.file,
                        span.clone(),
                        crate::tr!(
                            "{label}的责任分工用了 {n} 处半角标点{marks}",
                            "the assignment of {label} has {n} half-width punctuation marks{marks}"
                        ),
                    )
                    .with_label(crate::tr!(
                        "这处责任分工里有 {n} 处半角标点",
                        "{n} half-width punctuation marks in this assignment"
                    ))
                    .with_help(crate::tr!(
                        "改为全角“，”“；”“：”“（）”",
                        "change to full-width “，”“；”“：”“（）”"
                    ))
                    .with_note(crate::tr!(
                        "依据：GB/T 15834-2011 第 5.1 条",
                        "basis: GB/T 15834-2011, clause 5.1"
                    ))
                    .with_edits(
                        Applicability::Safe,
                        crate::tr!("改为全角标点", "change to full-width punctuation"),
                        edits,
                    ),
                );
            }
        }
    }
}
