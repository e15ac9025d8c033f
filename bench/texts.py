"""Compose the German prose of a synthetic service: summary, Markdown description, steps, fees."""

from __future__ import annotations

import random
from typing import Any

from . import vocab as V


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def summary(rng: random.Random, ctx: dict[str, str]) -> str:
    """One or two plain sentences, 20-300 characters, no Markdown."""
    text = rng.choice(V.SUMMARIES).format(**ctx)
    return _cap(text)[:300]


def description(rng: random.Random, ctx: dict[str, str]) -> str:
    """Three to five Markdown paragraphs with a bullet list and sometimes a link or emphasis."""
    intro = " ".join(s.format(**ctx) for s in rng.sample(V.INTRO, rng.randint(2, 3)))
    details = " ".join(s.format(**ctx) for s in rng.sample(V.DETAIL, rng.randint(2, 4)))
    bullets = "\n".join(f"- {b}" for b in rng.sample(V.BULLETS, rng.randint(2, 4)))
    parts = [_cap(intro), details, "Bitte beachten Sie:", bullets]
    if rng.random() < 0.5:
        more = " ".join(s.format(**ctx) for s in rng.sample(V.DETAIL, 2))
        parts.append(f"**Gut zu wissen:** {more}")
    if rng.random() < 0.4:
        parts.append(
            f"Weitere Informationen finden Sie im [Serviceportal der Stadt {V.CITY}]({V.PORTAL})."
        )
    return "\n\n".join(parts) + "\n"


def procedure(rng: random.Random, ctx: dict[str, str], online: bool) -> list[str]:
    """Two to six steps in order; the first step points to the online form when there is one."""
    first = V.PROCEDURE[0] if online else V.PROCEDURE[1]
    rest = [s for s in V.PROCEDURE[2:] if rng.random() < 0.6]
    return [first.format(**ctx), *rest] if rest else [first.format(**ctx), V.PROCEDURE[5]]


def fees(rng: random.Random, fee_range: tuple[int, int]) -> dict[str, Any]:
    """Either {free: true} or one to three items with amounts in euro."""
    low, high = max(fee_range[0], 1), fee_range[1]
    if high == 0 or rng.random() < 0.25:
        out: dict[str, Any] = {"free": True}
        if rng.random() < 0.3:
            out["note"] = "Für die Bearbeitung entstehen Ihnen keine Kosten."
        return out
    items = []
    for label in rng.sample(V.FEE_LABELS, rng.randint(1, 3)):
        top = max(min(high, 30), low) if label in V.CHEAP_FEES else high
        amount = low * (top / low) ** (rng.random() ** 1.5)  # most fees are small
        amount = round(amount / 5) * 5.0 if amount > 100 else round(amount * 2) / 2
        item: dict[str, Any] = {"label": label, "amount": float(amount)}
        if rng.random() < 0.25:
            item["per"] = rng.choice(V.FEE_PER)
        if rng.random() < 0.1:
            item["note"] = "Ermäßigung mit Sozialpass möglich."
        items.append(item)
    out = {"items": items}
    if rng.random() < 0.2:
        out["note"] = "Die Gebühr ist bei Antragstellung fällig."
    if rng.random() < 0.6:
        out["payment_methods"] = rng.sample(V.PAYMENT_METHODS, rng.randint(1, 3))
    return out


def easy_language(rng: random.Random, ctx: dict[str, str], free: bool) -> str:
    """A short block in Leichte Sprache: short sentences, one thought per sentence."""
    lines = [
        f"Sie wollen {ctx['phrase']}?",
        "Dann brauchen Sie einen Antrag.",
        "",
        f"Den Antrag bekommen Sie bei: {ctx['dept']}.",
        rng.choice(["Bringen Sie Ihren Ausweis mit.", "Sie können auch eine Person mitbringen."]),
        "",
        "Das kostet nichts." if free else "Das kostet Geld. Wie viel, steht oben auf dieser Seite.",
    ]
    return "\n".join(lines) + "\n"
