//! A small element tree for the little XML parts (numbering, styles,
//! comments, relationships). `word/document.xml`, which can be large, is read
//! as a stream of events instead (see `body.rs`).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::XmlError;

/// One element.
#[derive(Debug, Default)]
pub struct Node {
    /// Qualified name, e.g. `w:lvl`.
    pub name: String,
    /// Attributes (unescaped values).
    pub attrs: Vec<(String, String)>,
    /// Child elements.
    pub children: Vec<Node>,
    /// Text directly inside (entity references resolved).
    pub text: String,
}

impl Node {
    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child with this name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Children with this name.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Every descendant (depth first, self included).
    pub fn walk<'a>(&'a self, out: &mut Vec<&'a Node>) {
        out.push(self);
        for c in &self.children {
            c.walk(out);
        }
    }
}

fn node(e: &BytesStart<'_>) -> Node {
    Node {
        name: e.name().0.to_string(),
        attrs: e
            .attributes()
            .with_checks(false)
            .filter_map(Result::ok)
            .map(|a| {
                let v = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| a.value.to_string());
                (a.key.0.to_string(), v)
            })
            .collect(),
        ..Default::default()
    }
}

/// Resolves an entity or character reference (`amp`, `#x4E00`).
pub fn resolve_ref(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let v = if let Some(h) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(h, 16).ok()?
            } else {
                num.parse().ok()?
            };
            char::from_u32(v).filter(|&c| c != '\0')
        }
    }
}

/// Parses a whole part into its root element. Nesting deeper than 256 is
/// refused (no real part comes close).
pub fn parse(xml: &str, part: &str) -> Result<Node, XmlError> {
    let mut r = Reader::from_str(xml);
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        let ev = r.read_event().map_err(|e| XmlError::new(part, &r, e))?;
        match ev {
            Event::Start(e) => {
                if stack.len() > 256 {
                    return Err(XmlError::msg(
                        part,
                        &r,
                        crate::i18n::pick("元素嵌套过深", "elements nested too deeply"),
                    ));
                }
                stack.push(node(&e));
            }
            Event::Empty(e) => {
                let n = node(&e);
                stack.last_mut().expect("root").children.push(n);
            }
            Event::End(_) => {
                let n = stack.pop().expect("balanced");
                match stack.last_mut() {
                    Some(p) => p.children.push(n),
                    None => {
                        return Err(XmlError::msg(
                            part,
                            &r,
                            crate::i18n::pick("多余的结束标签", "stray end tag"),
                        ))
                    }
                }
            }
            Event::Text(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(n) = stack.last_mut() {
                    n.text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(g) => {
                let c = resolve_ref(&g).ok_or_else(|| {
                    XmlError::msg(
                        part,
                        &r,
                        crate::i18n::pick("无法识别的实体引用", "unknown entity reference"),
                    )
                })?;
                if let Some(n) = stack.last_mut() {
                    n.text.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(XmlError::msg(
            part,
            &r,
            crate::i18n::pick(
                "文档在元素闭合之前结束",
                "the document ends before its elements close",
            ),
        ));
    }
    let mut root = stack.pop().expect("root");
    match root.children.len() {
        1 => Ok(root.children.pop().expect("one")),
        _ => Err(XmlError::msg(
            part,
            &r,
            crate::i18n::pick("缺少唯一的根元素", "no single root element"),
        )),
    }
}
