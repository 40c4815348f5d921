//! The string literals of a rule of a pest grammar, read from its text:
//! shared by `build.rs` (which writes every rule's literals of
//! `grammar/clause.pest` into `OUT_DIR/grammar_literals.rs`) and by the
//! clause reader's test that checks that table against the grammar.

/// The string literals of rule `rule` of `grammar` (`name = { … }`,
/// possibly over several lines), leaving out positive look-aheads `&…`
/// (they follow a word and never start one). Comments (`//`) are ignored.
pub fn literals_of(grammar: &str, rule: &str) -> Vec<String> {
    let mut body = String::new();
    let mut in_rule = false;
    for code in grammar.lines().map(|l| l.find("//").map_or(l, |k| &l[..k])) {
        if !in_rule {
            let t = code.trim_start();
            if let Some(rest) = t.strip_prefix(rule) {
                if code.starts_with(rule) && rest.trim_start().starts_with('=') {
                    in_rule = true;
                    body.push_str(rest);
                    body.push('\n');
                }
            }
            continue;
        }
        // A continuation line starts with white space; the next rule does not.
        if !code.starts_with([' ', '\t']) {
            break;
        }
        body.push_str(code);
        body.push('\n');
    }
    // Drop positive look-aheads (`&…`, a group or a single term).
    let mut text = String::new();
    let chars: Vec<char> = body.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '&' && i + 1 < chars.len() {
            // Skip the following term.
            let mut j = i + 1;
            if chars[j] == '(' {
                let mut depth = 0;
                while j < chars.len() {
                    match chars[j] {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                j += 1;
                                break;
                            }
                        }
                        '"' => {
                            j += 1;
                            while j < chars.len() && chars[j] != '"' {
                                j += 1;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
            } else if chars[j] == '"' {
                j += 1;
                while j < chars.len() && chars[j] != '"' {
                    j += 1;
                }
                j += 1;
            } else {
                while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
            }
            i = j;
            continue;
        }
        text.push(c);
        i += 1;
    }
    text.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Every rule name of `grammar`: lines that start with a name and `=`.
pub fn rule_names(grammar: &str) -> Vec<&str> {
    grammar
        .lines()
        .filter_map(|l| {
            let name_len = l
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(l.len());
            let (name, rest) = l.split_at(name_len);
            (!name.is_empty() && rest.trim_start().starts_with('=')).then_some(name)
        })
        .collect()
}
