use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::Document;
use crate::rules::typography::text::{is_cjk, Scan};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 全角标点旁边多了空格，例如“实施工业项目45个， 1—11月”““互联网+” 服务”。
    ///
    /// ## 为什么
    /// 全角标点本身已占一个字的位置并带有字间空白（GB/T 15834-2011 第 5.1 条），
    /// 旁边再加空格，排出来就是一个明显的空洞。这类空格多来自 PDF 转文字或从网页粘贴。
    ///
    /// 行首缩进、行尾空白不报告。括号、引号、书名号只在空格另一侧也是中文时报告，
    /// 所以表格里“（岁） 4.01”这样用空格分隔的栏目、“专栏 1 “十四五”…”这样的编号
    /// 不受影响；Markdown 的“## （一）”“| （一） |”也不受影响。制表符（用制表符分隔的
    /// 任务表“序号⇥重点工作⇥牵头单位”）和表格竖线旁的空白是表格的栏目分隔，从不报告，
    /// 修复也从不删去它们。
    ///
    /// ## 示例
    /// ```text
    /// 推进“互联网+医疗健康” 服务， 提升就医便利度 。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 推进“互联网+医疗健康”服务，提升就医便利度。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 安全：只删去空格。
    pub struct SpaceBesidePunctuation {
        name: "space-beside-punctuation",
        category: Style,
        fix: Always,
        message: ["全角标点“{…}”{…}面多了空格"],
        message_en: ["extra space {…} full-width punctuation “{…}”"],
        fix_title: ["删去空格"],
        fix_title_en: ["remove the space"],
        explain_en: "An extra space beside full-width punctuation. Full-width marks already take a full character width (GB/T 15834-2011 §5.1); an added space shows as a visible gap, usually from PDF extraction or web pages.",
    }
}

/// Point marks: a space on either side is never right.
fn is_point(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '；' | '：' | '？' | '！')
}

/// Paired marks: a space is wrong only between them and Chinese text.
fn is_paired(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '（' | '）' | '《' | '》' | '【' | '】' | '〈' | '〉'
    )
}

impl Rule for SpaceBesidePunctuation {
    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let src = cx.source(doc);
        let scan = Scan::of(cx, src).with_protected();
        let text = scan.text;
        for run in scan.marks().blank_runs(text) {
            let left = text[..run.start].char_indices().next_back();
            let right = text[run.end..].chars().next().map(|c| (run.end, c));
            let (Some((lp, l)), Some((rp, r))) = (left, right) else {
                continue;
            };
            if matches!(l, '\n' | '\r') || matches!(r, '\n' | '\r') {
                continue; // indentation or trailing blanks
            }
            // A tab separates table columns, a pipe table cells: structure,
            // not space beside a mark (deleting it would merge the columns).
            if text[run.clone()].contains('\t') || l == '|' || r == '|' {
                continue;
            }
            let wrong = is_point(l)
                || is_point(r)
                || (is_paired(l) && is_cjk(r))
                || (is_paired(r) && is_cjk(l));
            if !wrong || scan.is_markup(lp) || scan.is_markup(rp) || scan.skipped(run.start) {
                continue;
            }
            let mark = if is_point(l) || (is_paired(l) && !is_point(r)) {
                l
            } else {
                r
            };
            let side = if mark == l {
                crate::i18n::pick("后", "after")
            } else {
                crate::i18n::pick("前", "before")
            };
            out.push(
                Diagnostic::new(
                    meta,
                    doc.file,
                    run,
                    crate::tr!(
                        "全角标点“{mark}”{side}面多了空格",
                        "extra space {side} full-width punctuation “{mark}”"
                    ),
                )
                .with_label(crate::tr!("多余的空格", "extra space"))
                .with_help(crate::tr!("删去空格", "remove the space"))
                .with_note(crate::tr!(
                    "依据：GB/T 15834-2011 第 5.1 条",
                    "basis: GB/T 15834-2011, clause 5.1"
                ))
                .with_fix(
                    Applicability::Safe,
                    crate::tr!("删去空格", "remove the space"),
                    "",
                ),
            );
        }
    }
}
