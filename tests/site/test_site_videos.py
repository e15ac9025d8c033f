"""The videos in sign language on the built site: the page, the service page, files, robots.txt."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import SITE_FIXTURE
from tests.site.test_site_html import Page

TOPIC_IDS = ["video-inhalt", "video-navigation", "video-barrierefreiheit", "video-weitere-angebote"]


def _page(site: Path, path: str) -> tuple[str, Page]:
    text = (site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    return text, Page(text)


def test_every_page_links_the_sign_language_page_from_the_header(built_site):
    for file in sorted(built_site.rglob("*.html")):
        header = file.read_text(encoding="utf-8").split("</header>", 1)[0]
        links = re.findall(r"href=(/[^ >]*)>(Leichte Sprache|Gebärdensprache)<", header)
        assert links == [
            ("/leichte-sprache/", "Leichte Sprache"),
            ("/gebaerdensprache/", "Gebärdensprache"),
        ], file


def test_the_sign_language_page_has_one_captioned_video_per_topic_and_its_transcript(built_site):
    text, page = _page(built_site, "/gebaerdensprache/")
    assert page.errors == []
    headings = [a["id"] for t, a in page.tags if t == "h2" and a.get("id", "").startswith("video-")]
    assert headings == TOPIC_IDS
    videos = page.find("video")
    assert len(videos) == 4
    for video in videos:
        assert "controls" in video and video["preload"] == "none"
        assert video["poster"] == "/media/gebaerdensprache/platzhalter.png"
        assert not {"autoplay", "muted", "loop"} & video.keys()
    assert [s["src"] for s in page.find("source")] == [
        "/media/gebaerdensprache/platzhalter.webm"
    ] * 4
    assert {s["type"] for s in page.find("source")} == {"video/webm"}
    tracks = page.find("track")
    assert [t["src"] for t in tracks] == [
        f"/media/gebaerdensprache/{topic}.vtt"
        for topic in ("inhalt", "navigation", "barrierefreiheit", "weitere-angebote")
    ]
    for track in tracks:
        assert (track["kind"], track["srclang"], track["label"]) == ("captions", "de", "Deutsch")
        assert "default" in track
    main = text.split("<main", 1)[1]
    for topic_id, transcript in zip(
        TOPIC_IDS,
        [
            "Abschrift eins und zwei zum Inhalt.",
            "Abschrift eins und zwei zur Navigation.",
            "Abschrift zur ",
            "Abschrift zu den weiteren Angeboten.",
        ],
        strict=True,
    ):  # each transcript stands below its own video, as text
        section = main.split(f"id={topic_id}>", 1)[1].split("</section>", 1)[0]
        assert section.index("</video>") < section.index(transcript)
    assert "<a href=/leistungen/hund-anmelden/#gebaerdensprache>Hund anmelden</a>" in text


def test_a_service_with_a_video_shows_it_on_its_page_and_others_do_not(built_site):
    text, page = _page(built_site, "/leistungen/hund-anmelden/")
    assert page.find("section", id="gebaerdensprache")
    assert [t["src"] for t in page.find("track")] == ["/media/gebaerdensprache/hund-anmelden.vtt"]
    assert "Abschrift zum Anmelden eines Hundes." in text
    text, page = _page(built_site, "/leistungen/wohnsitz-ummelden/")
    assert page.find("video") == [] and "Gebärdensprache</h2>" not in text


def test_the_declared_media_files_are_copied_and_nothing_else(built_site):
    declared = sorted(
        p.relative_to(SITE_FIXTURE).as_posix() for p in (SITE_FIXTURE / "media").rglob("*.*")
    )
    declared.remove("media/entwurf.txt")  # in the folder, but no video names it
    copied = sorted(
        p.relative_to(built_site).as_posix()
        for p in (built_site / "media").rglob("*")
        if p.is_file()
    )
    assert copied == declared
    for name in copied:
        assert (built_site / name).read_bytes() == (SITE_FIXTURE / name).read_bytes()


def test_robots_txt_names_the_sitemap(built_site):
    assert (built_site / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nDisallow:\n\n"
        "Sitemap: https://dienstleistungen.musterstadt.example/sitemap.xml\n"
    )
    assert "<loc>https://dienstleistungen.musterstadt.example/gebaerdensprache/</loc>" in (
        built_site / "sitemap.xml"
    ).read_text(encoding="utf-8")
