//! Evaluating one pack rule over one document's hits and units, by rule
//! type.

use super::*;

/// One rule's hits in one document, with what its findings are made of.
pub(super) struct Eval<'a> {
    pub(super) r: &'a PackRule,
    pub(super) sev: Severity,
    pub(super) doc: &'a Document,
    pub(super) text: &'a str,
    pub(super) us: &'a [Unit<'a>],
    pub(super) hits: &'a [Hit],
    pub(super) scope: &'static str,
}

impl Eval<'_> {
    /// Findings (and, for consistency rules, spellings) of the rule.
    pub(super) fn run(&self, ri: usize, out: &mut Vec<Diagnostic>, spellings: &mut Vec<Spelling>) {
        match &self.r.kind {
            Kind::Substitution { swaps, .. } => self.substitution(swaps, out),
            Kind::Existence {
                entries,
                exceptions,
            } => self.existence(entries, exceptions, out),
            Kind::Consistency { .. } => {
                let (hits, doc) = (self.hits, self.doc);
                for h in hits {
                    if let Role::Spelling(set, member) = h.role {
                        spellings.push(Spelling {
                            rule: ri,
                            set,
                            member,
                            file: doc.file,
                            span: h.span.clone(),
                        });
                    }
                }
            }
            Kind::Conditional { then, .. } => self.conditional(then, out),
            Kind::Occurrence { min, max, .. } => self.occurrence(*min, *max, out),
            Kind::Pattern { must, .. } => self.pattern(*must, out),
        }
    }

    /// A finding of the rule with its message, help and note filled in.
    fn finding(&self, span: Span, vars: &[(&str, &str)]) -> Diagnostic {
        let r = self.r;
        let mut d = Diagnostic::new(r, self.doc.file, span, fill(&r.message, vars));
        d.severity = self.sev;
        if let Some(h) = &r.help {
            d = d.with_help(fill(h, vars));
        }
        if let Some(n) = &r.note {
            d = d.with_note(n.clone());
        }
        d
    }

    /// The hits satisfying `pred`, grouped by unit.
    fn by_unit(&self, pred: &dyn Fn(&Hit) -> bool) -> Vec<Vec<&Hit>> {
        let mut v: Vec<Vec<&Hit>> = vec![Vec::new(); self.us.len()];
        for h in self.hits.iter().filter(|h| pred(h)) {
            v[h.unit.expect("retained")].push(h);
        }
        v
    }

    fn substitution(&self, swaps: &[(String, Vec<String>)], out: &mut Vec<Diagnostic>) {
        let (r, hits, scope) = (self.r, self.hits, self.scope);
        for h in hits {
            let Role::Observed(i) = h.role else { continue };
            let (obs, pref) = &swaps[i];
            let p = quoted_list(pref, r.message_is_en);
            let mut d = self
                .finding(
                    h.span.clone(),
                    &[("matched", obs), ("preferred", &p), ("scope", scope)],
                )
                .with_label(crate::tr!(
                    "应为{}",
                    "should be {}",
                    quoted_list(pref, crate::i18n::is_en())
                ));
            if let (Some(app), [one]) = (r.fix, pref.as_slice()) {
                d = d.with_fix(
                    app,
                    crate::tr!("改为“{one}”", "change to “{one}”"),
                    one.clone(),
                );
            }
            out.push(d);
        }
    }

    fn existence(
        &self,
        entries: &[(Matcher, Option<String>, Option<String>)],
        exceptions: &[String],
        out: &mut Vec<Diagnostic>,
    ) {
        let (r, text, hits, scope) = (self.r, self.text, self.hits, self.scope);
        for h in hits {
            let Role::Entry(i) = h.role else { continue };
            let (m, msg, repl) = &entries[i];
            // Regex entries: a longer correct string around the match excuses it.
            if matches!(m, Matcher::Regex { .. })
                && exceptions.iter().any(|e| covered(text, &h.span, e))
            {
                continue;
            }
            let matched = &text[h.span.clone()];
            let vars = [("matched", matched), ("scope", scope)];
            let mut d = match msg {
                Some(m) => {
                    let mut d = self.finding(h.span.clone(), &vars);
                    d.message = fill(m, &vars).into();
                    d
                }
                None => self.finding(h.span.clone(), &vars),
            }
            .with_label(crate::i18n::pick("不应出现", "should not appear"));
            if let (Some(app), Some(rep)) = (r.fix, repl) {
                let title = if rep.is_empty() {
                    crate::i18n::pick("删去", "delete").to_string()
                } else {
                    crate::tr!("改为“{rep}”", "change to “{rep}”")
                };
                d = d.with_fix(app, title, rep.clone());
            }
            out.push(d);
        }
    }

    fn conditional(&self, then: &[Matcher], out: &mut Vec<Diagnostic>) {
        let (text, scope) = (self.text, self.scope);
        let firsts = self.by_unit(&|h| h.role == Role::If);
        let thens = self.by_unit(&|h| h.role == Role::Then);
        let then_shown = then.iter().map(shown).collect::<Vec<_>>();
        let wanted = quoted_list(&then_shown, self.r.message_is_en);
        let wanted_local = quoted_list(&then_shown, crate::i18n::is_en());
        let scope_local = self.r.scope.label();
        for (ui, f) in firsts.iter().enumerate() {
            let Some(first) = f.first() else { continue };
            if !thens[ui].is_empty() {
                continue;
            }
            let matched = &text[first.span.clone()];
            out.push(
                self.finding(
                    first.span.clone(),
                    &[("matched", matched), ("then", &wanted), ("scope", scope)],
                )
                .with_label(crate::tr!(
                    "这个{scope_local}里有“{matched}”，却没有{wanted_local}",
                    "this {scope_local} has “{matched}” but not {wanted_local}"
                )),
            );
        }
    }

    fn occurrence(&self, min: Option<usize>, max: Option<usize>, out: &mut Vec<Diagnostic>) {
        let (text, us, scope) = (self.text, self.us, self.scope);
        let counted = self.by_unit(&|h| h.role == Role::Count);
        for (ui, c) in counted.iter().enumerate() {
            let n = c.len().to_string();
            if let Some(mx) = max {
                if c.len() > mx {
                    let h = c[mx];
                    let matched = &text[h.span.clone()];
                    out.push(
                        self.finding(
                            h.span.clone(),
                            &[
                                ("matched", matched),
                                ("count", &n),
                                ("max", &mx.to_string()),
                                ("scope", scope),
                            ],
                        )
                        .with_label(crate::tr!(
                            "第 {} 处，超过了 {mx} 处",
                            "occurrence {}, more than {mx}",
                            mx + 1
                        )),
                    );
                }
            }
            if let Some(mn) = min {
                if c.len() < mn {
                    let head = us[ui].head(text);
                    out.push(
                        self.finding(
                            head,
                            &[
                                ("matched", ""),
                                ("count", &n),
                                ("min", &mn.to_string()),
                                ("scope", scope),
                            ],
                        )
                        .with_label(crate::tr!(
                            "这个{}只有 {n} 处，至少应有 {mn} 处",
                            "this {} has {n}, at least {mn} wanted",
                            self.r.scope.label()
                        )),
                    );
                }
            }
        }
    }

    fn pattern(&self, must: Must, out: &mut Vec<Diagnostic>) {
        let (text, us, hits, scope) = (self.text, self.us, self.hits, self.scope);
        match must {
            Must::NotMatch => {
                for h in hits {
                    let matched = &text[h.span.clone()];
                    out.push(
                        self.finding(h.span.clone(), &[("matched", matched), ("scope", scope)])
                            .with_label(crate::i18n::pick("不应出现", "should not appear")),
                    );
                }
            }
            Must::Match => {
                let found = self.by_unit(&|_| true);
                for (ui, f) in found.iter().enumerate() {
                    if f.is_empty() {
                        out.push(
                            self.finding(us[ui].head(text), &[("matched", ""), ("scope", scope)])
                                .with_label(crate::tr!(
                                    "这个{}里没有要求的写法",
                                    "this {} lacks the required wording",
                                    self.r.scope.label()
                                )),
                        );
                    }
                }
            }
        }
    }
}
