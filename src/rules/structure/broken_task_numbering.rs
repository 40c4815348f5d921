use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::{Document, NumberingScheme};
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 任务编号跳号、重号或顺序颠倒。
    ///
    /// ## 为什么
    /// 责任分工按编号督办、按编号反馈，跳号和重号会让督查台账与文件对不上，
    /// 也常常说明某项任务在修改中被误删或重复粘贴。
    ///
    /// 编号方式从文件本身判断：通篇连续编号（1—89），或在每个标题下从 1 重新
    /// 编号；按文件自己的方式检查。文件的第一项不是 1、其后又按顺序接续的
    /// （只转载了（二十四）起的一节），是节选，不算跳号。
    ///
    /// ## 示例
    /// ```text
    /// 1.地区生产总值增长5.6%。（牵头单位：区发展改革局）
    /// 2.城乡居民人均可支配收入分别增长5.5%和6%以上。（牵头单位：区发展改革局）
    /// 4.完成节能减排降碳约束性指标。（牵头单位：区发展改革局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 1.地区生产总值增长5.6%。（牵头单位：区发展改革局）
    /// 2.城乡居民人均可支配收入分别增长5.5%和6%以上。（牵头单位：区发展改革局）
    /// 3.完成节能减排降碳约束性指标。（牵头单位：区发展改革局）
    /// ```
    ///
    /// ## 配置
    /// 无。
    pub struct BrokenTaskNumbering {
        name: "broken-task-numbering",
        category: Structure,
        fix: None,
        message: ["任务编号 {…} 应为 {…}：前一项是 {…}，后一项是 {…}", "任务编号 {…} 重复", "任务编号顺序颠倒：{…} 之后是 {…}", "任务编号跳号：缺少 {…}", "任务编号应为 {…}，实为 {…}"],
        message_en: ["task number {…} should be {…}: the previous one is {…}, the next one is {…}", "task number {…} is repeated", "task numbers out of order: {…} follows {…}", "task numbering skips {…}", "task number should be {…}, not {…}"],
        explain_en: "Task numbers skip, repeat or run out of order. Annexes are supervised and reported on by task number, so gaps and repeats break the link between the ledger and the document, and often mean a task was deleted or pasted twice.",
    }
}

impl Rule for BrokenTaskNumbering {
    fn check_document(
        &self,
        meta: &RuleMeta,
        _cx: &Context,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
    ) {
        let per_heading = doc.numbering == NumberingScheme::PerHeading;
        let mut prev: Option<&crate::model::Task> = None;
        // The value the previous task should have had (a mistyped number is
        // counted as the number it stands for).
        let mut prev_value = 0;
        for (k, t) in doc.tasks.iter().enumerate() {
            let restart = per_heading && prev.is_none_or(|p| p.heading != t.heading);
            let expected = if restart || prev.is_none() {
                1
            } else {
                prev_value + 1
            };
            let v = t.numbering.value;
            prev_value = v;
            // An excerpt: the list starts in the middle (a repost quoting
            // section 六 from （二十四）) and goes on in order from there.
            if k == 0 && v > 1 {
                let next = doc
                    .tasks
                    .get(1)
                    .filter(|n| !per_heading || n.heading == t.heading);
                if next.is_none_or(|n| n.numbering.value == v + 1) {
                    prev = Some(t);
                    continue;
                }
            }
            if v != expected {
                let span = t.numbering.span.clone();
                // One mistyped number between two right ones (2, 4, 4, 5, 6):
                // one finding, not a skip and a duplicate.
                let next = doc
                    .tasks
                    .get(k + 1)
                    .filter(|n| !per_heading || n.heading == t.heading);
                if let (Some(p), Some(n)) = (prev.filter(|_| !restart), next) {
                    // …and the sequence goes on in order after it.
                    let after = doc
                        .tasks
                        .get(k + 2)
                        .filter(|a| !per_heading || a.heading == t.heading);
                    let in_order = after.is_none_or(|a| a.numbering.value == expected + 2);
                    if expected > 1 && n.numbering.value == expected + 1 && in_order {
                        out.push(
                            Diagnostic::new(
                                meta,
                                doc.file,
                                span,
                                crate::tr!(
                                    "任务编号 {v} 应为 {expected}：前一项是 {}，后一项是 {}", "task number {v} should be {expected}: the previous one is {}, the next one is {}",
                                    expected - 1,
                                    expected + 1
                                ),
                            )
                            .with_label(crate::tr!("应为 {expected}", "expected {expected}"))
                            .with_secondary(
                                doc.file,
                                p.numbering.span.clone(),
                                crate::tr!("上一项", "previous task"),
                            ),
                        );
                        prev_value = expected;
                        prev = Some(t);
                        continue;
                    }
                }
                let d = match prev {
                    Some(p) if !restart && v == p.numbering.value => Diagnostic::new(
                        meta,
                        doc.file,
                        span,
                        crate::tr!("任务编号 {v} 重复", "task number {v} is repeated"),
                    )
                    .with_label(crate::tr!("应为 {expected}", "expected {expected}"))
                    .with_secondary(
                        doc.file,
                        p.numbering.span.clone(),
                        crate::tr!("上一项已是 {v}", "the previous task is already {v}"),
                    ),
                    Some(p) if !restart && v < p.numbering.value => Diagnostic::new(
                        meta,
                        doc.file,
                        span,
                        crate::tr!(
                            "任务编号顺序颠倒：{} 之后是 {v}",
                            "task numbers out of order: {v} follows {}",
                            p.numbering.value
                        ),
                    )
                    .with_label(crate::tr!("应为 {expected}", "expected {expected}"))
                    .with_secondary(
                        doc.file,
                        p.numbering.span.clone(),
                        crate::tr!("上一项", "previous task"),
                    ),
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
                            crate::tr!(
                                "任务编号跳号：缺少 {missing}",
                                "task numbering skips {missing}"
                            ),
                        )
                        .with_label(crate::tr!("应为 {expected}", "expected {expected}"));
                        if let Some(p) = prev.filter(|_| !restart) {
                            d = d.with_secondary(
                                doc.file,
                                p.numbering.span.clone(),
                                crate::tr!("上一项", "previous task"),
                            );
                        }
                        d
                    }
                    _ => Diagnostic::new(
                        meta,
                        doc.file,
                        span,
                        crate::tr!(
                            "任务编号应为 {expected}，实为 {v}",
                            "task number should be {expected}, not {v}"
                        ),
                    )
                    .with_label(crate::tr!("应为 {expected}", "expected {expected}")),
                };
                let d = if restart {
                    d.with_note(crate::tr!(
                        "本文件在每个标题下重新编号",
                        "this document restarts task numbering under each heading"
                    ))
                } else {
                    d
                };
                out.push(d);
            }
            prev = Some(t);
        }
    }
}
