"""The chat's own pieces of browser code: a copy button, a scroll to the cited clause, and the page's CSS.

Streamlit's components v2 run their script in the page itself (no iframe), registered once per process.
"""

from __future__ import annotations

import streamlit as st

_COPY_HTML = '<button type="button" class="copy"></button>'
_COPY_CSS = """
button.copy {
  font: inherit; font-size: 0.9rem; line-height: 1.4; min-height: 2.5rem; padding: 0.25rem 0.8rem;
  border-radius: 0.5rem; border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  background: var(--st-background-color, #fff); color: var(--st-text-color, inherit); cursor: pointer;
}
button.copy:hover, button.copy:focus-visible {
  border-color: var(--st-primary-color, #ff4b4b); color: var(--st-primary-color, #ff4b4b);
}
"""
_COPY_JS = """
async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try { await navigator.clipboard.writeText(text); return true; } catch (error) { /* fall through */ }
  }
  // Over plain http (a phone on the office network) there is no clipboard API: select a hidden textarea.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  area.setSelectionRange(0, text.length);
  let copied = false;
  try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
  area.remove();
  return copied;
}

export default function (component) {
  const { data, parentElement } = component;
  const button = parentElement.querySelector("button.copy");
  button.textContent = data.label;
  button.title = data.text;
  button.onclick = async () => {
    const copied = await copyText(data.text);
    button.textContent = copied ? data.done : data.failed;
    clearTimeout(button.resetTimer);
    button.resetTimer = setTimeout(() => { button.textContent = data.label; }, 2500);
  };
}
"""

_SCROLL_JS = """
export default function (component) {
  const { data } = component;
  let tries = 0;
  // The page is still rendering when this runs: look for the target until it is there.
  const timer = setInterval(() => {
    const target = document.getElementById(data.anchor);
    if (target || ++tries > 40) {
      clearInterval(timer);
      if (target) target.scrollIntoView({ block: "start" });
    }
  }, 100);
  return () => clearInterval(timer);
}
"""

# Narrow screens (a phone): a citation card keeps title, label, quote and its buttons; the rest is behind
# its 详情 expander. Streamlit's "Press Enter to apply" hint is English: hidden.
PAGE_CSS = """
<style>
@media (max-width: 640px) {
  [class*="st-key-wide-"], [data-testid="stLayoutWrapper"]:has(> [class*="st-key-wide-"]) { display: none; }
}
[data-testid="InputInstructions"] { display: none; }
</style>
"""

_copy_button = st.components.v2.component("policyqa_copy_button", html=_COPY_HTML, css=_COPY_CSS, js=_COPY_JS)
_scroll = st.components.v2.component("policyqa_scroll_to", js=_SCROLL_JS)


def copy_button(text: str, key: str, label: str = "复制引用") -> None:
    """A visible button that copies ``text``; it works by tap on a phone, also over plain http."""
    _copy_button(
        key=key, data={"text": text, "label": label, "done": "已复制", "failed": "复制失败，请长按文字复制"},
        width="content",
    )


def scroll_to(anchor: str, key: str) -> None:
    """Scroll the page to the element with id ``anchor`` once it is rendered."""
    _scroll(key=key, data={"anchor": anchor}, height=0)


def page_style() -> None:
    st.html(PAGE_CSS)
