"""Page checks run in Chromium: axe, reflow, tap targets, focus visibility and page hygiene."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .site import AXE_URL_PATH

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    rule: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


def start_axe(page) -> None:
    """Inject axe-core (served same-origin, so the CSP allows it) and start it without waiting."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
        page.add_script_tag(url=origin + AXE_URL_PATH)
    page.evaluate("(tags) => { window.__axeRun = (" + _AXE_RUN + ")(tags); }", AXE_TAGS)


def axe_results(page) -> list[str]:
    """Wait for the run started by start_axe; one line per violating element."""
    return [
        f"{v['rule']} ({v['impact']}) at {target}: {v['help']}"
        for v in page.evaluate("() => window.__axeRun")
        for target in v["targets"]
    ]


def axe_violations(page) -> list[str]:
    """Run axe-core on PAGE with the WCAG 2.0/2.1 A+AA and 2.2 AA tags; one line per element."""
    start_axe(page)
    return axe_results(page)


def report(findings: list[tuple[str, str]]) -> str:
    """(page, finding) pairs grouped by finding: each finding once, with the pages it is on."""
    pages: dict[str, list[str]] = {}
    for page, finding in findings:
        pages.setdefault(finding, []).append(page)
    lines = [f"{len(findings)} finding(s), {len(pages)} distinct:"]
    for finding, where in sorted(pages.items(), key=lambda item: (-len(item[1]), item[0])):
        shown = ", ".join(where[:8]) + (f" and {len(where) - 8} more" if len(where) > 8 else "")
        lines.append(f"- {finding}\n    on {len(where)} page(s): {shown}")
    return "\n".join(lines)


_OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    const parent = el.parentElement.getBoundingClientRect();  // report where overflow starts
    if (r.right > root.clientWidth + 0.5 && parent.right <= root.clientWidth + 0.5 &&
        r.width > 0 && el.checkVisibility()) {
      wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
        " (right edge " + Math.round(r.right) + "px)");
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 5)};
}"""


def horizontal_overflow(page) -> str | None:
    """None, or a description when PAGE scrolls sideways (scrollWidth > clientWidth)."""
    found = page.evaluate(_OVERFLOW)
    if found is None:
        return None
    return (
        f"scrollWidth {found['scrollWidth']} > clientWidth {found['clientWidth']}; "
        f"too wide: {'; '.join(found['wide'])}"
    )


_SMALL_TARGETS = """() => {
  const MIN = 24, R = MIN / 2;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[role=button], [role=link], [tabindex]:not([tabindex="-1"])';
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.getAttribute("href") ? '[href="' + el.getAttribute("href") + '"]' : "") +
    ' "' + (el.textContent || el.value || "").trim().slice(0, 40) + '"';
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    if (!block) return false;
    let other = "";
    const walk = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!n.parentElement.closest(selector)) other += n.data;
    }
    return /[\\p{L}\\p{N}]/u.test(other);
  };
  const targets = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) continue;  // visually hidden (e.g. a skip link off focus)
    if (r.bottom + window.scrollY < 0 || r.right + window.scrollX < 0) continue;  // moved off-page
    targets.push({el, r, small: r.width < MIN - 0.01 || r.height < MIN - 0.01,
                  cx: r.left + r.width / 2, cy: r.top + r.height / 2});
  }
  const distToRect = (x, y, r) => Math.hypot(
    Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const failures = [];
  for (const t of targets) {
    if (!t.small || inSentence(t.el)) continue;
    const crowded = targets.find((u) => u !== t && !u.el.contains(t.el) && !t.el.contains(u.el) &&
      (distToRect(t.cx, t.cy, u.r) < R - 0.01 ||
       (u.small && Math.hypot(t.cx - u.cx, t.cy - u.cy) < MIN - 0.01)));
    if (crowded) {
      failures.push(describe(t.el) + " is " + Math.round(t.r.width) + "x" + Math.round(t.r.height) +
        " and crowded by " + describe(crowded.el));
    }
  }
  return failures;
}"""


def small_targets(page) -> list[str]:
    """Targets failing WCAG 2.2 SC 2.5.8 (Target Size, Minimum, AA) on PAGE.

    Every visible link, button, form field, summary and tab stop must be at least
    24 x 24 CSS px, unless an exception applies. Two of the SC's exceptions are
    implemented:

    - Inline: the target is an inline element in a block that also has text that
      is not part of any target (a link inside a sentence, paragraph or list item
      text). A list item holding only a link is NOT inline.
    - Spacing: a 24 px circle centred on the undersized target's bounding box
      intersects no other target, nor the 24 px circle of another undersized target.

    The "equivalent", "user agent control" and "essential" exceptions are not
    claimed: the site has no use for them. Visually hidden elements (1 x 1 px or
    moved off-page, like the skip link before it gets focus) are not targets.
    """
    return page.evaluate(_SMALL_TARGETS)


_FOCUS_STYLE = """const styleOf = (el) => {
  const s = getComputedStyle(el);
  return {outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
          outlineColor: s.outlineColor, boxShadow: s.boxShadow};
};"""


def focus_indicator_problem(focused: dict, unfocused: dict) -> str | None:
    """None if FOCUSED shows a visible indicator that UNFOCUSED lacks, else what is missing.

    Visible means an outline of at least 2 px in a non-transparent colour, or a
    box-shadow, that differs from the element's look without focus.
    """
    outline = (
        focused["outlineStyle"] != "none"
        and focused["outlineWidth"] >= 2
        and focused["outlineColor"] not in ("transparent", "rgba(0, 0, 0, 0)")
    )
    outline_changed = (
        focused["outlineStyle"],
        focused["outlineWidth"],
        focused["outlineColor"],
    ) != (
        unfocused["outlineStyle"],
        unfocused["outlineWidth"],
        unfocused["outlineColor"],
    )
    shadow = (
        focused["boxShadow"] not in ("none", "") and focused["boxShadow"] != unfocused["boxShadow"]
    )
    if (outline and outline_changed) or shadow:
        return None
    return f"no visible focus indicator: focused {focused}, unfocused {unfocused}"


def tab_through(page, limit: int = 400) -> list[dict]:
    """Press Tab from the top of PAGE until focus cycles; per stop: description and styles.

    Each stop is a dict with `desc`, `href`, `focused` and `unfocused` computed styles
    (the latter measured after blurring). The elements stay in window.__tabbed.
    """
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); "
        "window.scrollTo(0, 0); window.__tabbed = []; }"
    )
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
              """
            + _FOCUS_STYLE
            + """
              const el = document.activeElement;
              if (!el || el === document.body || window.__tabbed.includes(el)) return null;
              window.__tabbed.push(el);
              const style = styleOf(el);
              return {desc: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + ' "' +
                        (el.textContent || el.value || "").trim().slice(0, 40) + '"',
                      href: el.getAttribute("href"), focused: style};
            }"""
        )
        if stop is None:
            break
        stops.append(stop)
    unfocused = page.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); "
        + _FOCUS_STYLE
        + " return window.__tabbed.map(styleOf); }"
    )
    for stop, style in zip(stops, unfocused, strict=True):
        stop["unfocused"] = style
    return stops


# Registered with context.add_init_script: the browser injects it into every document
# itself (DevTools protocol), outside the page's CSP, so it runs even under default-src 'self'.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + (e.sourceFile || "?") + ":" + e.lineNumber);
});
"""


@dataclass
class Hygiene:
    """Collects console errors, page errors, CSP violations and foreign-host requests of a page."""

    problems: list[str] = field(default_factory=list)

    def attach(self, page) -> Hygiene:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("request", self._request)
        return self

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text} ({message.location.get('url')})")

    def _request(self, request) -> None:
        host = urlsplit(request.url).hostname
        if host != "127.0.0.1":
            self.problems.append(f"request to another host: {request.url}")

    def take(self, page) -> list[str]:
        """The problems seen since the last call, plus the CSP violations of the current document."""
        csp = page.evaluate("window.__cspViolations || ['CSP listener missing']")
        found = self.problems + [f"CSP violation: {v}" for v in csp]
        self.problems = []
        return found


_SKIP_LINK = """() => {
  const el = document.activeElement;
  if (!el || !el.matches("a[href^='#']")) return "first Tab stop is " + (el ? el.outerHTML.slice(0, 80) : "nothing");
  const r = el.getBoundingClientRect();
  if (r.width < 2 || r.height < 2 || r.bottom <= 0 || r.top >= innerHeight)
    return "the skip link is not visible when focused";
  return null;
}"""


def skip_link_problem(page) -> str | None:
    """None if the first Tab stop is a visible skip link and Enter moves focus into <main>."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.keyboard.press("Tab")
    if problem := page.evaluate(_SKIP_LINK):
        return problem
    page.keyboard.press("Enter")
    focused = page.evaluate("() => document.activeElement.tagName.toLowerCase()")
    if focused != "main":
        return f"Enter on the skip link focused <{focused}>, not <main>"
    return None
