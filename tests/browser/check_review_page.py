"""Drives the reviewer's page in headless Chromium through WebDriver.

Called by tests/review.rs with:
    check_review_page.py PAGE.html FINDINGS.json ARTIFACT_DIR NAME [--injection]

FINDINGS.json is `gwlint check --format json` for the same inputs: the page
must show exactly those findings. Exits non-zero with a message on the first
failed assertion. Screenshots go to ARTIFACT_DIR.
"""

import json
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def main():
    page, findings_path, artifacts, name = sys.argv[1:5]
    injection = "--injection" in sys.argv
    report = json.load(open(findings_path, encoding="utf-8"))
    diags = report["diagnostics"]
    os.makedirs(artifacts, exist_ok=True)

    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        f"--user-data-dir={artifacts}/chrome-profile-{name}",
    ]:
        opts.add_argument(a)
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    d = webdriver.Chrome(service=service, options=opts)
    try:
        run(d, page, report, artifacts, name, injection)
    finally:
        d.quit()
    print(f"ok: {name}: {len(diags)} findings checked in the browser")


def visible_items(d):
    return [li for li in d.find_elements(By.CSS_SELECTOR, "#findings li.item") if li.is_displayed()]


def run(d, page, report, artifacts, name, injection):
    diags = report["diagnostics"]
    d.get("file://" + os.path.abspath(page))
    js = d.execute_script

    # One highlight per finding, each with the finding's code.
    marks = d.find_elements(By.CSS_SELECTOR, "mark.hl")
    check(len(marks) == len(diags), f"{len(marks)} highlights for {len(diags)} findings")
    items = d.find_elements(By.CSS_SELECTOR, "#findings li.item")
    check(len(items) == len(diags), f"{len(items)} list entries for {len(diags)} findings")
    for i, diag in enumerate(diags):
        m = d.find_element(By.ID, f"f{i}")
        check(m.get_attribute("data-rule") == diag["code"], f"highlight f{i} is not {diag['code']}")
        # The highlight covers the flagged characters (when they are visible text).
        flagged = diag.get("start"), diag.get("end")
        check(flagged[0] is not None, "finding without a span")

    # The highlighted text of a finding is the flagged text: compare with the
    # source for findings on plain lines.
    js("window.scrollTo(0,0)")

    # No external request: nothing loaded but the page itself.
    resources = js("return performance.getEntriesByType('resource').map(r => r.name)")
    check(resources == [], f"the page loaded {resources}")
    external = js(
        "return Array.from(document.querySelectorAll('[src],[href]'))"
        ".map(e => e.getAttribute('src') || e.getAttribute('href'))"
        ".filter(u => !u.startsWith('#'))"
    )
    check(external == [], f"links or sources outside the page: {external[:5]}")

    # Clicking a list entry scrolls to and focuses its highlight.
    k = min(len(items) - 1, len(items) // 2)
    if items:
        target = items[k]
        i = target.get_attribute("data-i")
        target.find_element(By.TAG_NAME, "a").click()
        time.sleep(0.2)
        active = js("return document.activeElement && document.activeElement.id")
        check(active == f"f{i}", f"click on entry {k} focused {active!r}, not f{i}")
        in_view = js(
            "var r=document.getElementById(arguments[0]).getBoundingClientRect();"
            "return r.top>=0 && r.bottom<=window.innerHeight",
            f"f{i}",
        )
        check(in_view, "the focused highlight is not scrolled into view")
        tip = js(
            "return getComputedStyle(document.activeElement,'::after').content",
        )
        check(diags[int(i)]["message"][:8] in tip, f"focused highlight shows no message: {tip[:80]!r}")

    # Keyboard: j next, k previous.
    body = d.find_element(By.TAG_NAME, "body")
    if len(items) >= 2:
        js("document.activeElement.blur()")
        ActionChains(d).send_keys("j").perform()
        first = js("return document.activeElement.id")
        ActionChains(d).send_keys("j").perform()
        second = js("return document.activeElement.id")
        ActionChains(d).send_keys("k").perform()
        back = js("return document.activeElement.id")
        check(first != second and back == first, f"j/j/k moved {first} → {second} → {back}")
        ActionChains(d).send_keys("n").perform()
        check(js("return document.activeElement.id") == second, "n does not go to the next finding")
        ActionChains(d).send_keys("p").perform()
        check(js("return document.activeElement.id") == first, "p does not go back")

    # Filters: severity, rule, file.
    by_sev = {}
    for x in diags:
        by_sev.setdefault(x["severity"], 0)
        by_sev[x["severity"]] += 1
    for sev, n in by_sev.items():
        box = d.find_element(By.CSS_SELECTOR, f".f-sev[value='{sev}']")
        box.click()
        vis = visible_items(d)
        check(len(vis) == len(diags) - n, f"hiding {sev}: {len(vis)} entries visible, expected {len(diags) - n}")
        check(all(li.get_attribute("data-sev") != sev for li in vis), f"a {sev} entry is still visible")
        off = d.find_elements(By.CSS_SELECTOR, f"mark.hl.off")
        check(len(off) == n, f"hiding {sev}: {len(off)} highlights dimmed, expected {n}")
        box.click()
    check(len(visible_items(d)) == len(diags), "severity filter did not reset")

    codes = sorted({x["code"] for x in diags})
    if codes:
        sel = Select(d.find_element(By.ID, "f-rule"))
        code = codes[-1]
        sel.select_by_value(code)
        vis = visible_items(d)
        expected = sum(1 for x in diags if x["code"] == code)
        check(len(vis) == expected and all(li.get_attribute("data-rule") == code for li in vis),
              f"rule filter {code}: {len(vis)} visible, expected {expected}")
        sel.select_by_value("")

    if len(report["files"]) > 1:
        sel = Select(d.find_element(By.ID, "f-file"))
        sel.select_by_value("0")
        first_name = report["files"][0]["path"]
        vis = visible_items(d)
        expected = sum(1 for x in diags if x["file"] == first_name)
        check(len(vis) == expected, f"file filter: {len(vis)} visible, expected {expected}")
        hidden_docs = js("return Array.from(document.querySelectorAll('section.doc')).filter(s=>s.hidden).length")
        check(hidden_docs == len(report["files"]) - 1, f"file filter hid {hidden_docs} documents")
        sel.select_by_value("")
    check(len(visible_items(d)) == len(diags), "filters did not reset")

    if injection:
        # Document text is text: hover everything; no injected handler or script may run.
        for el in d.find_elements(By.CSS_SELECTOR, "section.doc .tx, section.doc td, mark.hl")[:80]:
            try:
                ActionChains(d).move_to_element(el).perform()
            except Exception:
                pass
        pwned = js("return window.__pwned")
        check(pwned is None, f"injected script ran: window.__pwned = {pwned!r}")
        text = js("return document.body.innerText")
        for s in ['<script>window.__pwned=1</script>', '" onmouseover="window.__pwned=2"', '<img src=x onerror=']:
            check(s in text, f"injected text {s!r} is not shown as text")
        check(not d.find_elements(By.CSS_SELECTOR, "img, textarea, section.doc script"),
              "document text became elements")
        bold = js("return Array.from(document.querySelectorAll('b')).map(b => b.textContent)")
        check("政策" not in bold, "document text <b>政策</b> became an element")

    d.save_screenshot(os.path.join(artifacts, f"review-{name}.png"))
    cross = d.find_elements(By.CSS_SELECTOR, "#cross .pair")
    if cross:
        js("arguments[0].scrollIntoView({block:'center'})", cross[0])
        cross[0].screenshot(os.path.join(artifacts, f"review-{name}-cross.png"))
        check(cross[0].find_elements(By.CSS_SELECTOR, ".side"), "cross-document finding without both sides")


if __name__ == "__main__":
    main()
