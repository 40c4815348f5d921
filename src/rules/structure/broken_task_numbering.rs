use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::{Document, NumberingScheme};
use crate::rules::{Context, Rule, RuleInfo, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 任务编号跳号、重号或顺序颠倒。
    ///
    /// ## 为什么
    /// 责任分工按编号督办、按编号反馈，跳号和重号会让督查台账与文件对不上，
    /// 也常常说明某项任务在修改中被误删或重复粘贴。
    ///
    /// 编号方式从文件本身判断：通篇连续编号（1—89），或在每个标题下从 1 重新
    /// 编号；按文件自己的方式检查。
    ///
    /// ## 示例
    /// ```text
    /// 6.城乡居民人均可支配收入分别增长5.5%和6%以上。（牵头单位：区发展改革局）
    /// 8.完成节能减排降碳约束性指标。（牵头单位：区发展改革局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 6.城乡居民人均可支配收入分别增长5.5%和6%以上。（牵头单位：区发展改革局）
    /// 7.完成节能减排降碳约束性指标。（牵头单位：区发展改革局）
    /// ```
    ///
    /// ## 配置
    /// 无。
    pub struct BrokenTaskNumbering {
        name: "broken-task-numbering",
        category: Structure,
        fix: None,
    }
}

impl Rule for BrokenTaskNumbering {
    fn info(&self) -> RuleInfo {
        Self::INFO
    }

    fn check_document(
        &self,
        meta: &RuleMeta,
        _cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let mut prev: Option<&crate::model::Task> = None;
        for t in &doc.tasks {
            let restart = doc.numbering == NumberingScheme::PerHeading
                && prev.map_or(true, |p| p.heading != t.heading);
            let expected = if restart {
                1
            } else {
                prev.map(|p| p.numbering.value + 1).unwrap_or(1)
            };
            let v = t.numbering.value;
            if v != expected {
                let span = t.numbering.span.clone();
                let d = match prev {
                    Some(p) if !restart && v == p.numbering.value => {
                        Diagnostic::new(meta, doc.file, span, format!("任务编号 {v} 重复"))
                            .with_label(format!("应为 {expected}"))
                            .with_secondary(
                                doc.file,
                                p.numbering.span.clone(),
                                format!("上一项已是 {v}"),
                            )
                    }
                    Some(p) if !restart && v < p.numbering.value => Diagnostic::new(
                        meta,
                        doc.file,
                        span,
                        format!("任务编号顺序颠倒：{} 之后是 {v}", p.numbering.value),
                    )
                    .with_label(format!("应为 {expected}"))
                    .with_secondary(doc.file, p.numbering.span.clone(), "上一项"),
                    _ if v > expected => {
                        let missing = if v == expected + 1 {
                            format!("{expected}")
                        } else {
                            format!("{expected}—{}", v - 1)
                        };
                        let mut d = Diagnostic::new(
                            meta,
                            doc.file,
                            span,
                            format!("任务编号跳号：缺少 {missing}"),
                        )
                        .with_label(format!("应为 {expected}"));
                        if let Some(p) = prev.filter(|_| !restart) {
                            d = d.with_secondary(doc.file, p.numbering.span.clone(), "上一项");
                        }
                        d
                    }
                    _ => Diagnostic::new(
                        meta,
                        doc.file,
                        span,
                        format!("任务编号应为 {expected}，实为 {v}"),
                    )
                    .with_label(format!("应为 {expected}")),
                };
                let d = if restart {
                    d.with_note("本文件在每个标题下重新编号")
                } else {
                    d
                };
                out.push(d);
            }
            prev = Some(t);
        }
    }
}
