use regex::Regex;

use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::Document;
use crate::rules::typography::text::Scan;
use crate::rules::{Context, Rule, RuleInfo, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 并列的引号或书名号之间用了顿号，例如““云勘验”、“审批服务直播+””“《纲要》、《方案》”。
    ///
    /// ## 为什么
    /// GB/T 15834-2011 第 4.5.3.5 条：标有引号的并列成分之间、标有书名号的并列成分之间
    /// 通常不用顿号；若有其他成分插在并列的引号或书名号之间（如书名号之后还有括注），
    /// 才宜用顿号。标准用的是“通常”，所以这条规则报警告而不是错误，修复也标为不安全。
    ///
    /// ## 示例
    /// ```text
    /// 在全市首推“云勘验”、“审批服务直播+”等新模式，落实《实施意见》、《行动方案》。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 在全市首推“云勘验”“审批服务直播+”等新模式，落实《实施意见》《行动方案》。
    /// ```
    ///
    /// ## 配置
    /// 无。
    ///
    /// ## 修复安全性
    /// 不安全：删去顿号不改变文意，但标准允许例外，应由人确认。
    pub struct CommaBetweenQuotedItems {
        name: "comma-between-quoted-items",
        category: Style,
        fix: Always,
    }
}

fn re() -> &'static Regex {
    crate::static_regex!(r"([”》])[ \t]*、[ \t]*([“《])")
}

impl Rule for CommaBetweenQuotedItems {
    fn info(&self) -> RuleInfo {
        Self::INFO
    }

    fn check_document(
        &self,
        meta: &RuleMeta,
        cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let src = cx.source(doc);
        let scan = Scan::of(cx, src);
        for c in re().captures_iter(scan.text) {
            let (Some(close), Some(open)) = (c.get(1), c.get(2)) else {
                continue;
            };
            let span = close.end()..open.start();
            if scan.touches_skipped(&span) {
                continue;
            }
            let what = match (close.as_str(), open.as_str()) {
                ("》", "《") => "书名号",
                ("”", "“") => "引号",
                _ => "引号和书名号",
            };
            out.push(
                Diagnostic::new(meta, doc.file, span, format!("并列的{what}之间用了顿号"))
                    .with_label("这个顿号通常不用")
                    .with_help(format!("删去顿号：并列的{what}本身已把各项隔开"))
                    .with_note("依据：GB/T 15834-2011 第 4.5.3.5 条")
                    .with_fix(Applicability::Unsafe, "删去顿号", ""),
            );
        }
    }
}
