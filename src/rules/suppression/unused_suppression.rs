use crate::declare_rule;
use crate::diag::{Applicability, Diagnostic};
use crate::model::{Span, Suppression, SuppressionKind};
use crate::rules::{Rule, RuleMeta};
use crate::tr;

declare_rule! {
    /// ## 检查内容
    /// 停用注释（`gwlint-disable…`）没有抑制任何问题，或 `gwlint-enable` 前面没有对应的 `gwlint-disable`。
    ///
    /// ## 为什么
    /// 停用注释是为某一处确有理由的写法（引用的原文、法定名称）留的例外。
    /// 问题改掉以后，注释若还留着，日后同一处再出现真正的差错也不会报告；
    /// 没有起作用的注释应当删去，让例外只留在需要它的地方。
    ///
    /// 注释所写的规则在本次检查中没有运行（被 `--ignore` 或配置关闭）时，也报告为没有起作用。
    /// 对 Markdown 和纯文本，一行停用注释的代码全都没有起作用时，安全修复删去这一行。
    ///
    /// ## 示例
    /// ```text
    /// === 通知.md ===
    /// <!-- gwlint-disable-next-line P001 -->
    /// 各单位要按时报送材料。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// === 通知.md ===
    /// 各单位要按时报送材料。
    /// ```
    ///
    /// ## 配置
    /// 无。停用注释的写法见 README“行内抑制”。
    pub struct UnusedSuppression {
        name: "unused-suppression",
        category: Suppression,
        fix: Sometimes,
        message: ["Word 批注中的停用（{…}）没有抑制任何问题", "停用注释中的 {…} 没有抑制任何问题", "gwlint-enable 前面没有对应的 gwlint-disable"],
        message_en: ["the suppression ({…}) in a Word comment suppresses nothing", "{…} in this suppression comment suppresses nothing", "gwlint-enable ends no gwlint-disable"],
        fix_title: ["删去没有起作用的停用注释"],
        fix_title_en: ["delete the unused suppression comment"],
        explain_en: "A suppression comment (“gwlint-disable…”) suppresses no finding, or a “gwlint-enable” closes no “gwlint-disable”. A comment left after the finding was fixed would hide a real error at the same place later, so unused comments should be removed.",
    }
}

impl Rule for UnusedSuppression {
    // Findings are made by the suppression pass (`super::apply`), which runs
    // after every other rule.
}

/// The finding for a selector that suppressed nothing. `ran`: whether the
/// rules it names ran at all; `delete`: the marker line to delete, when
/// nothing on it was used.
pub fn report(
    meta: &RuleMeta,
    file: usize,
    e: &Suppression,
    ran: bool,
    delete: Option<Span>,
) -> Diagnostic {
    let what = match &e.selector {
        Some(s) => s.clone(),
        None => crate::i18n::pick("全部规则", "all rules").to_string(),
    };
    let message = if e.kind == SuppressionKind::Comment {
        tr!(
            "Word 批注中的停用（{what}）没有抑制任何问题",
            "the suppression ({what}) in a Word comment suppresses nothing"
        )
    } else {
        tr!(
            "停用注释中的 {what} 没有抑制任何问题",
            "{what} in this suppression comment suppresses nothing"
        )
    };
    let mut d = Diagnostic::new(meta, file, e.at.clone(), message).with_label(if ran {
        tr!("这里没有 {what} 的问题", "no {what} finding here")
    } else {
        tr!(
            "{what} 在本次检查中没有运行",
            "{what} did not run in this check"
        )
    });
    d = d.with_help(if e.kind == SuppressionKind::Comment {
        tr!(
            "问题已改正的话，删去这条批注",
            "delete the comment if the finding was fixed"
        )
    } else {
        tr!(
            "问题已改正的话，删去这个代码或整条注释",
            "delete the code or the whole comment if the finding was fixed"
        )
    });
    if let Some(line) = delete {
        d = d.with_edits(
            Applicability::Safe,
            tr!(
                "删去没有起作用的停用注释",
                "delete the unused suppression comment"
            ),
            vec![crate::diag::Edit {
                file,
                span: line,
                replacement: Default::default(),
            }],
        );
    }
    d
}

/// The finding for a `gwlint-enable` that ends no `gwlint-disable`.
pub fn stray_enable(meta: &RuleMeta, file: usize, at: Span) -> Diagnostic {
    Diagnostic::new(
        meta,
        file,
        at,
        tr!(
            "gwlint-enable 前面没有对应的 gwlint-disable",
            "gwlint-enable ends no gwlint-disable"
        ),
    )
    .with_label(tr!("没有要恢复的规则", "nothing to enable"))
    .with_help(tr!(
        "gwlint-enable 后写的代码要与 gwlint-disable 的写法一致；多余的就删去",
        "write the codes as in gwlint-disable, or delete it"
    ))
}
