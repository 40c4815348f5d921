use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::model::Suppression;
use crate::rules::{codes, Rule, RuleMeta};
use crate::tr;

declare_rule! {
    /// ## 检查内容
    /// 停用注释里写的不是规则代码、代码前缀或规则名称（例如把 `P001` 写成 `P01`、`p001`）。
    ///
    /// ## 为什么
    /// 写错的代码什么也不停用：原本想留作例外的问题照样报告，
    /// 而注释看上去像是已经处理过。代码与 `--select` 的写法相同，区分大小写。
    ///
    /// ## 示例
    /// ```text
    /// === 通知.md ===
    /// <!-- gwlint-disable-next-line P01 -->
    /// 各单位要按时报送材料。
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// === 通知.md ===
    /// <!-- gwlint-disable-next-line P001 -->
    /// 各单位要按时报送材料。
    /// ```
    ///
    /// ## 配置
    /// 无。规则包（`--packs`）的代码也算已知代码。
    pub struct UnknownSuppressionCode {
        name: "unknown-suppression-code",
        category: Suppression,
        fix: None,
        message: ["停用注释中的“{…}”不是规则代码、代码前缀或规则名称"],
        message_en: ["“{…}” in this suppression is not a rule code, code prefix or rule name"],
        explain_en: "A suppression comment names something that is not a rule code, code prefix or rule name (e.g. P01 for P001). A misspelt code suppresses nothing, while the comment suggests the finding was dealt with.",
    }
}

impl Rule for UnknownSuppressionCode {
    // Findings are made by the suppression pass (`super::apply`).
}

/// The finding for a selector that names no rule.
pub fn report(meta: &RuleMeta, file: usize, e: &Suppression, selector: &str) -> Diagnostic {
    let hint = codes::registry()
        .iter()
        .find(|(m, _)| {
            m.code.eq_ignore_ascii_case(selector) || m.name.eq_ignore_ascii_case(selector)
        })
        .map(|(m, _)| m.code);
    let d = Diagnostic::new(
        meta,
        file,
        e.at.clone(),
        tr!(
            "停用注释中的“{selector}”不是规则代码、代码前缀或规则名称",
            "“{selector}” in this suppression is not a rule code, code prefix or rule name"
        ),
    )
    .with_label(tr!("未知的规则", "unknown rule"));
    match hint {
        Some(code) => d.with_help(tr!("是不是 {code}？", "did you mean {code}?")),
        None => d.with_help(tr!(
            "用 gwlint rules 查看全部规则代码和名称",
            "gwlint rules lists every rule code and name"
        )),
    }
}
