use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 看起来是责任分工、却无法按任何已知写法解析的文字。
    ///
    /// ## 为什么
    /// gwlint 解析不了的分工，别的读者（和督查系统）多半也会误读：括号没有闭合、
    /// 标签写错、分隔符混乱。解析失败从不中止检查，其余部分照常检查。
    ///
    /// ## 示例
    /// ```text
    /// 9.推进项目建设。（牵头单位：区发展改革局；责任单位：各街镇
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 9.推进项目建设。（牵头单位：区发展改革局；责任单位：各街镇）
    /// ```
    ///
    /// ## 配置
    /// 无。
    pub struct UnparsableRegion {
        name: "unparsable-region",
        category: Structure,
        fix: None,
        message: ["无法解析的责任分工", "责任分工括号没有闭合"],
        message_en: ["unparsable assignment of units", "unclosed bracket in an assignment of units"],
        explain_en: "Text that looks like an assignment of units but cannot be read in any known form: an unclosed bracket, a misspelt label, mixed separators. What gwlint cannot parse, other readers (and supervision systems) will likely misread too.",
    }
}

impl Rule for UnparsableRegion {
    fn check_document(
        &self,
        meta: &RuleMeta,
        _cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        for issue in &doc.issues {
            out.push(
                Diagnostic::new(meta, doc.file, issue.span.clone(), issue.message.clone())
                    .with_label(crate::tr!("这里", "here")),
            );
        }
    }
}
