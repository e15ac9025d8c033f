"""Generate a deterministic, valid synthetic content directory with N services for benchmarks."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

from . import vocab as V
from .texts import description, easy_language, fees, procedure, summary
from .yamltext import dump, dump_list

REPO = Path(__file__).resolve().parent.parent
FIRST_REVIEW = dt.date(2026, 2, 1)
LAST_REVIEW = dt.date(2026, 11, 15)
VERSION_DATE = "2027-01-01"
_ACC = {
    "m": "den ",
    "f": "die ",
    "n": "das ",
    "p": "die ",
    "em": "einen ",
    "ef": "eine ",
    "en": "ein ",
}
KEY_ORDER = json.loads((REPO / "schema" / "service.schema.json").read_text())["properties"]
_SLUG_MAP = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug(text: str) -> str:
    """Kebab-case id from a German title: umlauts transliterated, at most 80 characters."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower().translate(_SLUG_MAP)).strip("-")
    return out[:80].rstrip("-")


def schema_line(kind: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}schema/{kind}.schema.json"


def titles(n: int, seed: int) -> list[tuple[int, str, str | None, str]]:
    """N distinct (object index, verb, qualifier, district) picks; plain titles come first."""
    rng = random.Random(f"titles:{seed}")
    base = [(i, verb) for i, obj in enumerate(V.OBJECTS) for verb in obj[3]]
    qualified = [(i, v, q) for i, v in base for q in V.QUALIFIERS if _fits(i, v, q)]
    tiers: list[list[tuple[int, str, str | None, str]]] = [[(i, v, None, "") for i, v in base]]
    tiers.append([(i, v, q, "") for i, v, q in qualified])
    picked: list[tuple[int, str, str | None, str]] = []
    district = 0
    while len(picked) < n:
        if not tiers:
            name = V.DISTRICTS[district % len(V.DISTRICTS)] + (
                f" {district // len(V.DISTRICTS) + 1}" if district >= len(V.DISTRICTS) else ""
            )
            combos = [(i, v, None) for i, v in base] + qualified
            tiers.append([(i, v, q, name) for i, v, q in combos if _fits(i, v, q, name)])
            district += 1
        tier = tiers.pop(0)
        rng.shuffle(tier)
        picked.extend(tier[: n - len(picked)])
    return picked


def _fits(obj: int, verb: str, qualifier: str | None, district: str = "") -> bool:
    """A title must stay within 80 characters, its id too, and not say „für … für …“."""
    noun, domain = V.OBJECTS[obj][0], V.OBJECTS[obj][2]
    if qualifier and qualifier.startswith("für ") and " für " in noun:
        return False
    if qualifier in V.ORG_QUALIFIERS and domain in V.PERSONAL_DOMAINS:
        return False
    title = _title(obj, verb, qualifier, district)
    return len(title) <= 80 and len(slug(title)) < 78


def make_departments(count: int, seed: int) -> list[dict[str, Any]]:
    """COUNT departments; the first eight between them cover every domain."""
    rng = random.Random(f"departments:{seed}")
    named = list(V.CORE_DEPARTMENTS) + list(V.SPECIAL_DEPARTMENTS)
    round_ = 0
    while len(named) < count:
        for district in V.DISTRICTS:
            for office, domains in V.BRANCH_TYPES:
                suffix = f" {district}" + (f", Außenstelle {round_ + 1}" if round_ else "")
                named.append((office + suffix, domains))
        round_ += 1
    out = []
    seen: set[str] = set()
    for name, domains in named:
        if len(out) == count:
            break
        if slug(name) in seen:
            continue
        seen.add(slug(name))
        out.append(_department(name, domains, rng))
    return out


def _department(name: str, domains: list[str], rng: random.Random) -> dict[str, Any]:
    ident = slug(name)
    address: dict[str, Any] = {
        "street": f"{rng.choice(V.STREETS)} {rng.randint(1, 120)}",
        "postal_code": f"12{rng.randint(300, 399)}",
        "city": V.CITY,
    }
    if rng.random() < 0.6:
        address["room"] = rng.choice(["Erdgeschoss", "1. Obergeschoss", "2. Obergeschoss"]) + (
            f", Zimmer {rng.randint(1, 4)}{rng.randint(0, 3)}{rng.randint(1, 9)}"
        )
    pattern = rng.choice(V.OPENING_PATTERNS)
    hours: dict[str, Any] = {
        "times": [{"days": days, "opens": o, "closes": c} for days, o, c in pattern]
    }
    if rng.random() < 0.7:
        hours["notes"] = rng.sample(V.OPENING_NOTES, rng.randint(1, 2))
    step_free = rng.random() < 0.85
    access: dict[str, Any] = {
        "step_free": step_free,
        "lift": step_free or rng.random() < 0.5,
        "accessible_wc": rng.random() < 0.7,
    }
    if rng.random() < 0.6:
        access["notes"] = rng.choice(V.ACCESS_NOTES)
    phone = f"0123 {rng.randint(100, 999)}-{rng.randint(0, 99)}"
    email = f"{ident[:40].rstrip('-')}@musterstadt.example"
    place: dict[str, Any] = {"id": ident, "name": name, "address": address, "phone": phone}
    place["email"] = email
    unknowns = random.Random(f"unknown:{ident}")  # its own draws: the others stay as they were
    if unknowns.random() < 0.9:  # else: opening hours unknown
        place["opening_hours"] = hours
    if unknowns.random() < 0.15:  # whether there is a lift is not known
        del access["lift"]
    place["accessibility"] = access
    dept: dict[str, Any] = {
        "id": ident,
        "name": name,
        "phone": phone,
        "email": email,
        "website": f"{V.WEB}/aemter/{ident}",
        "location": ident,
    }
    if rng.random() < 0.5:
        dept["appointment_url"] = place["appointment_url"] = (
            f"https://termine.musterstadt.example/{ident}"
        )
    dept["editors"] = [f"@musterstadt/{ident}"]
    dept["_domains"] = domains
    dept["_locations"] = [place]
    if unknowns.random() < 0.3:  # a branch office, closed between the years
        district = unknowns.choice(V.DISTRICTS)
        branch = f"{ident[:60].rstrip('-')}-{slug(district)}"
        dept["_locations"].append(
            {
                "id": branch,
                "name": f"{name}, Außenstelle {district}",
                "alternate_names": [f"Bürgerservice {district}"],
                "address": {
                    "street": f"{unknowns.choice(V.STREETS)} {unknowns.randint(1, 120)}",
                    "postal_code": f"12{unknowns.randint(300, 399)}",
                    "city": V.CITY,
                },
                "phone": f"0123 {unknowns.randint(100, 999)}-{unknowns.randint(0, 99)}",
                "opening_hours": {
                    "times": [{"days": ["di", "do"], "opens": "08:00", "closes": "12:00"}],
                    "exceptions": [
                        {
                            "from": "2026-12-24",
                            "until": "2027-01-01",
                            "closed": True,
                            "note": "Zwischen den Jahren geschlossen.",
                        }
                    ],
                },
                "accessibility": {"step_free": True},
                "geo": {
                    "lat": round(52.4 + unknowns.random() / 5, 5),
                    "lon": round(13.3 + unknowns.random() / 5, 5),
                },
            }
        )
    return dept


def generate_catalogue(n: int, seed: int, out: Path) -> None:
    """Write content/ for N services into OUT (created; existing generated folders replaced)."""
    departments = make_departments(max(8, round(n / 40)), seed)
    by_domain: dict[str, list[str]] = {}
    for dept in departments:
        for domain in dept.pop("_domains"):
            by_domain.setdefault(domain, []).append(dept["id"])
    names = {dept["id"]: dept["name"] for dept in departments}
    places = {dept["id"]: [p["id"] for p in dept["_locations"]] for dept in departments}
    picks = titles(n, seed)
    ids: list[str] = []
    seen: set[str] = set()
    for obj, verb, qualifier, district in picks:
        ident = base = slug(_title(obj, verb, qualifier, district))
        k = 2
        while ident in seen:
            ident, k = f"{base[:76].rstrip('-')}-{k}", k + 1
        seen.add(ident)
        ids.append(ident)
    ids_by_domain: dict[str, list[str]] = {}
    for ident, (obj, *_rest) in zip(ids, picks, strict=True):
        ids_by_domain.setdefault(V.OBJECTS[obj][2], []).append(ident)
    featured = set(random.Random(f"featured:{seed}").sample(range(n), min(12, n)))
    versioned = set(random.Random(f"versions:{seed}").sample(range(n), max(1, n // 100)))

    for sub in ("services", "departments", "locations", "pages"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir(parents=True)
    for dept in departments:
        for place in dept.pop("_locations"):
            text = dump(place, schema_line("location", 2))
            (out / "locations" / f"{place['id']}.yaml").write_text(text, encoding="utf-8")
        text = dump(dept, schema_line("department", 2))
        (out / "departments" / f"{dept['id']}.yaml").write_text(text, encoding="utf-8")
    situations = [{"id": i, "title": t, "summary": s} for i, t, s in V.LIFE_SITUATIONS]
    text = dump_list(situations, schema_line("life-situations", 1))
    (out / "life-situations.yaml").write_text(text, encoding="utf-8")

    for index, (pick, ident) in enumerate(zip(picks, ids, strict=True)):
        rng = random.Random(f"service:{seed}:{index}")
        record = _service(ident, pick, rng, by_domain, ids_by_domain, names, index in featured)
        _new_forms(record, places[record["department"]], random.Random(f"forms:{seed}:{index}"))
        header = schema_line("service", 2)
        (out / "services" / f"{ident}.yaml").write_text(dump(record, header), encoding="utf-8")
        if index in versioned:
            future = _future_version(record)
            path = out / "services" / f"{ident}@{VERSION_DATE}.yaml"
            path.write_text(dump(future, header), encoding="utf-8")
    _copy_extras(out)


def _copy_extras(out: Path) -> None:
    """Pages, the synonym list and site.yaml are taken from the real content/."""
    source = REPO / "content"
    shutil.copyfile(source / "site.yaml", out / "site.yaml")
    for page in sorted((source / "pages").glob("*.md")):
        shutil.copyfile(page, out / "pages" / page.name)
    synonyms = source / "search-synonyms.yaml"
    if synonyms.is_file():
        shutil.copyfile(synonyms, out / "search-synonyms.yaml")


def _title(obj: int, verb: str, qualifier: str | None, district: str) -> str:
    noun = V.OBJECTS[obj][0]
    words = [noun[0].upper() + noun[1:]]
    if qualifier:
        words.append(qualifier)
    words.append(verb)
    title = " ".join(words)
    return f"{title} ({district})" if district else title


def _phrase(obj: int, verb: str, qualifier: str | None) -> str:
    noun, article = V.OBJECTS[obj][0], V.OBJECTS[obj][1]
    return " ".join(w for w in (_ACC.get(article, "") + noun, qualifier, verb) if w)


def _service(
    ident: str,
    pick: tuple[int, str, str | None, str],
    rng: random.Random,
    by_domain: dict[str, list[str]],
    ids_by_domain: dict[str, list[str]],
    names: dict[str, str],
    featured: bool,
) -> dict[str, Any]:
    obj, verb, qualifier, district = pick
    noun, _article, domain, _verbs, keywords, situation = V.OBJECTS[obj]
    default_situations, extra_situations, audiences, fee_range = V.DOMAINS[domain]
    title = _title(obj, verb, qualifier, district)
    dept_id = rng.choice(by_domain[domain])
    online = rng.random() < 0.4
    ctx = {
        "phrase": _phrase(obj, verb, qualifier),
        "title": title,
        "city": V.CITY,
        "dept": names[dept_id],
        "online": f"{V.PORTAL}/antrag/{ident}",
        "channel": "online oder persönlich" if online else "persönlich oder schriftlich",
    }
    record: dict[str, Any] = {"id": ident, "title": title}
    if rng.random() < 0.35:
        record["official_name"] = (
            f"{noun[0].upper() + noun[1:]}; {V.VERB_NOUNS.get(verb, 'Antrag')}"
        )
    record["summary"] = summary(rng, ctx)
    record["description"] = description(rng, ctx)
    business = qualifier is not None and ("betrieb" in qualifier or "Unternehmen" in qualifier)
    aud = list(audiences)
    if (business or rng.random() < 0.15) and "businesses" not in aud:
        aud.append("businesses")
    record["audiences"] = aud
    situations = [situation] if situation else list(default_situations)
    if rng.random() < 0.3:
        extra = rng.choice(extra_situations)
        if extra not in situations:
            situations.append(extra)
    record["life_situations"] = situations
    record["department"] = dept_id
    words = list(dict.fromkeys([*keywords[: rng.randint(1, len(keywords))], noun]))
    if rng.random() < 0.8:
        record["keywords"] = words
    if rng.random() < 0.5:
        record["leika"] = [f"99{rng.randrange(10**12):012d}"]
    if rng.random() < 0.6:
        picks = rng.sample(V.PREREQUISITES, rng.randint(1, 3))
        record["prerequisites"] = [p.format(**ctx) for p in picks]
    pool = [V.GENERAL_DOCUMENTS[i] for i in (0, 1, 2, *V.DOMAIN_DOCUMENTS[domain])]
    docs = rng.sample(pool, rng.randint(0, 4))
    record["required_documents"] = [_document(name, note, rng) for name, note in docs]
    if rng.random() < 0.85:
        record["procedure"] = procedure(rng, ctx, online)
    record["fees"] = fees(rng, fee_range)
    if rng.random() < 0.7:
        record["processing_time"] = rng.choice(V.PROCESSING_TIMES)
    if rng.random() < 0.3:
        record["deadlines"] = [rng.choice(V.DEADLINES)]
    laws = rng.sample(V.LEGAL_BASIS[domain], rng.randint(1, 2))
    record["legal_basis"] = [{"title": t, "url": u} if u else {"title": t} for t, u in laws]
    if rng.random() < 0.4:
        record["forms"] = [{"title": f"Antrag: {title}", "url": f"{V.WEB}/formulare/{ident}.pdf"}]
    if online:
        service: dict[str, Any] = {"url": ctx["online"]}
        if rng.random() < 0.5:
            service["label"] = rng.choice(
                ["Online beantragen", "Jetzt online erledigen", "Zum Online-Antrag"]
            )
        service["authentication"] = rng.sample(
            ["none", "bundid", "eid", "elster", "account"], rng.randint(1, 2)
        )
        record["online_service"] = service
    if rng.random() < 0.3:
        record["appointment_url"] = (
            f"https://termine.musterstadt.example/{dept_id}?leistung={ident}"
        )
    siblings = ids_by_domain[domain]
    related = [s for s in rng.sample(siblings, min(len(siblings), 4)) if s != ident][
        : rng.randint(0, 3)
    ]
    if related:
        record["related"] = related
    if rng.random() < 0.2:
        record["easy_language"] = easy_language(rng, ctx, "free" in record["fees"])
    if featured:
        record["featured"] = True
    reviewed = FIRST_REVIEW + dt.timedelta(days=rng.randint(0, (LAST_REVIEW - FIRST_REVIEW).days))
    record["last_reviewed"] = reviewed.isoformat()
    if reviewed < dt.date(2026, 2, 10):
        record["review_interval_months"] = 10  # due (not stale) around 2026-11-22: a warning
    elif rng.random() < 0.1:
        record["review_interval_months"] = (
            rng.choice([6, 12, 24]) if reviewed > dt.date(2026, 6, 1) else 24
        )
    return record


def _new_forms(record: dict[str, Any], places: list[str], rng: random.Random) -> None:
    """Several locations, the newer fee forms and unknown facts, as real catalogues have them
    (drawn from RNG of their own, so the rest of the record is as before)."""
    if len(places) > 1 and rng.random() < 0.6:
        record["locations"] = places
    items = record["fees"].get("items", [])
    for item in items:
        draw = rng.random()
        if draw < 0.15:
            item["amount_from"] = item.pop("amount")
        elif draw < 0.22:
            item["amount_from"] = item.pop("amount")
            item["amount_to"] = item["amount_from"] * 3
        elif draw < 0.26:
            del item["amount"]
            item["text"] = "nach Aufwand"
    if items and rng.random() < 0.08:
        online = dict(items[0], channel="online", label=items[0]["label"])
        items[0]["channel"] = "on_site"
        items.insert(1, online)
    says_cost = "easy_language" in record  # its Leichte Sprache names the cost: keep fees
    if rng.random() < 0.05 and not says_cost:
        record["fees"] = {"text": "Die Gebühr richtet sich nach dem Aufwand im Einzelfall."}
    if rng.random() < 0.04 and not says_cost:
        del record["fees"]  # unknown: reported by check, said so on the page
    if rng.random() < 0.06:
        del record["required_documents"]
    ordered = {key: record[key] for key in KEY_ORDER if key in record}
    record.clear()
    record.update(ordered)


def _document(name: str, note: str | None, rng: random.Random) -> dict[str, Any]:
    doc: dict[str, Any] = {"name": name[0].upper() + name[1:]}
    if note:
        doc["note"] = note
    if (note and note.startswith("Nur")) or rng.random() < 0.1:
        doc["optional"] = True
    return doc


def _future_version(record: dict[str, Any]) -> dict[str, Any]:
    """The same service from 2027-01-01 with one announced change: fees, online access or time."""
    future = dict(record)
    fees = record.get("fees", {})
    if "items" in fees:
        items = [_raised(item) for item in fees["items"]]
        future["fees"] = dict(fees, items=items)
        note = "Ab dem 1. Januar 2027 gilt eine neue Gebührensatzung; die Gebühren steigen um etwa zehn Prozent."
    elif "online_service" not in record:
        future["online_service"] = {
            "url": f"{V.PORTAL}/antrag/{record['id']}",
            "authentication": ["bundid"],
        }
        note = "Ab dem 1. Januar 2027 können Sie den Antrag auch online mit Ihrem BundID-Konto stellen."
    else:
        future["processing_time"] = "Etwa eine Woche."
        note = "Ab dem 1. Januar 2027 verkürzt sich die Bearbeitungsdauer auf etwa eine Woche."
    future["last_reviewed"] = LAST_REVIEW.isoformat()
    future["valid_from"] = VERSION_DATE
    future["change_note"] = note
    return {key: future[key] for key in KEY_ORDER if key in future}


def _raised(item: dict[str, Any]) -> dict[str, Any]:
    """ITEM with its amounts about ten percent higher (a text stays as it is)."""
    return {
        key: round(value * 2.2 + 2) / 2 if key.startswith("amount") else value
        for key, value in item.items()
    }


def record_to_edit(content: Path) -> Path:
    """The service record the benchmark edits: the first current one by file name."""
    return sorted(p for p in (content / "services").glob("*.yaml") if "@" not in p.name)[0]


def edit_summary(path: Path, run: int) -> None:
    """Change the summary line of one record, as an editor would."""
    text = path.read_text(encoding="utf-8")
    new = f"summary: Diese Kurzbeschreibung wurde für die Messung geändert (Lauf {run})."
    path.write_text(
        re.sub(r"^summary: .*$", new, text, count=1, flags=re.MULTILINE), encoding="utf-8"
    )
