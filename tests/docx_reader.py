#!/usr/bin/env python3
"""An independent reader of annotated .docx files, for tests/docx.rs.

Opens the file with python-docx (which validates the package and its
relationships), then walks word/document.xml with lxml and prints JSON:

- comments: id, author, text (paragraphs joined by newlines) and the text the
  comment is anchored on (tracked changes accepted: w:ins kept, w:del dropped),
  plus the deleted and inserted text inside its range;
- insertions / deletions: every tracked change with its author and text;
- accepted: the whole body text with changes accepted, paragraphs joined by
  newlines.

Usage: docx_reader.py FILE.docx
"""

import json
import sys

import docx  # python-docx
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag):
    return "{%s}%s" % (W, tag)


def main(path):
    document = docx.Document(path)
    root = document.element
    comments_xml = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/comments"):
            comments_xml = etree.fromstring(rel.target_part.blob)
    texts = {}
    authors = {}
    if comments_xml is not None:
        for c in comments_xml.iter(q("comment")):
            cid = c.get(q("id"))
            authors[cid] = c.get(q("author"))
            texts[cid] = "\n".join(
                "".join(t.text or "" for t in p.iter(q("t"))) for p in c.iter(q("p"))
            )
    active = []
    anchored = {}
    inserted = {}
    deleted = {}
    insertions = []
    deletions = []
    accepted = []
    line = []

    def inside(el, tag):
        p = el.getparent()
        while p is not None:
            if p.tag == q(tag):
                return p
            p = p.getparent()
        return None

    body = root.find(q("body"))
    for el in body.iter():
        tag = el.tag
        if tag == q("commentRangeStart"):
            cid = el.get(q("id"))
            active.append(cid)
            anchored.setdefault(cid, "")
        elif tag == q("commentRangeEnd"):
            cid = el.get(q("id"))
            if cid in active:
                active.remove(cid)
        elif tag == q("t"):
            if inside(el, "del") is not None:
                continue
            s = el.text or ""
            line.append(s)
            for cid in active:
                anchored[cid] += s
                if inside(el, "ins") is not None:
                    inserted[cid] = inserted.get(cid, "") + s
        elif tag == q("delText"):
            for cid in active:
                deleted[cid] = deleted.get(cid, "") + (el.text or "")
        elif tag == q("tab"):
            if inside(el, "r") is not None and inside(el, "del") is None:
                line.append("\t")
        elif tag == q("p"):
            if line:
                accepted.append("".join(line))
            line = []
        elif tag == q("ins"):
            insertions.append({
                "author": el.get(q("author")),
                "text": "".join(t.text or "" for t in el.iter(q("t"))),
            })
        elif tag == q("del"):
            deletions.append({
                "author": el.get(q("author")),
                "text": "".join(t.text or "" for t in el.iter(q("delText"))),
            })
    if line:
        accepted.append("".join(line))
    out = {
        "paragraphs": len(document.paragraphs),
        "tables": len(document.tables),
        "comments": [
            {
                "id": cid,
                "author": authors.get(cid),
                "text": texts.get(cid, ""),
                "anchored": anchored.get(cid),
                "inserted": inserted.get(cid, ""),
                "deleted": deleted.get(cid, ""),
            }
            for cid in sorted(texts, key=lambda k: int(k))
        ],
        "insertions": insertions,
        "deletions": deletions,
        "accepted": "\n".join(accepted),
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
