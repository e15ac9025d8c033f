"""The videos in sign language play in Chromium with their captions, also without JavaScript."""

from __future__ import annotations

import os

import pytest

from catalogue.records.media import read_captions
from tests.browser.site import PROJECT

pytestmark = pytest.mark.browser

PAGE = "/gebaerdensprache/"
CONTENT = PROJECT / "content"
FIRST_CAPTIONS = read_captions(
    CONTENT / "media" / "gebaerdensprache" / "inhalt.vtt", os.path.realpath(CONTENT)
)

_TRACKS = """() => [...document.querySelectorAll("video")].map((v) => ({
  mode: v.textTracks[0].mode, cues: v.textTracks[0].cues ? v.textTracks[0].cues.length : 0,
  network: v.networkState, ready: v.readyState, paused: v.paused}))"""


def _tracks_once_loaded(tab) -> list[dict]:
    """The videos' track states, once every captions file has loaded (at most 10 s)."""
    for _ in range(100):
        tracks = tab.evaluate(_TRACKS)
        if tracks and all(t["cues"] for t in tracks):
            return tracks
        tab.wait_for_timeout(100)
    return tab.evaluate(_TRACKS)


def test_the_sample_clip_plays_and_its_captions_load_by_their_cues(page, base_url):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.removeprefix(base_url)))
    page.goto(base_url + PAGE)
    tracks = _tracks_once_loaded(page)
    assert [t["mode"] for t in tracks] == ["showing"] * 4  # <track default>: captions on
    assert tracks[0]["cues"] == len(FIRST_CAPTIONS) == 5
    assert all(t["paused"] and t["ready"] == 0 for t in tracks)  # no autoplay, nothing loaded
    assert not [url for url in requested if url.endswith(".webm")], requested  # preload=none
    played = page.evaluate(
        """async () => {
          const video = document.querySelector("video");
          video.muted = true;  // the headless browser plays muted media without a gesture
          await video.play();
          await new Promise((done) => {
            const check = () => video.currentTime > 3.2 ? done() : setTimeout(check, 50);
            check();
          });
          video.pause();
          const track = video.textTracks[0];
          return {time: video.currentTime, width: video.videoWidth,
                  active: [...track.activeCues].map((cue) => cue.text)};
        }"""
    )
    assert played["width"] == 480  # the clip itself was decoded, not only its poster
    second = FIRST_CAPTIONS[1]
    assert second.start <= played["time"] < second.end, played
    assert played["active"] == [second.text], played


def test_videos_and_captions_work_without_javascript(nojs, base_url):
    tab = nojs.new_page()
    tab.goto(base_url + PAGE)
    tracks = _tracks_once_loaded(tab)
    first = tab.locator("video").first
    first.focus()
    tab.keyboard.press("Space")  # the browser's own player: by keyboard, with no script of ours
    tab.wait_for_timeout(1500)
    playing = tab.evaluate(
        "() => [document.activeElement.paused, document.activeElement.currentTime]"
    )
    tab.close()
    assert [t["mode"] for t in tracks] == ["showing"] * 4
    assert [t["cues"] for t in tracks] == [5, 5, 5, 4]
    assert playing[0] is False and playing[1] > 0.5, playing


def test_the_header_results_link_has_a_real_address_before_and_after_typing(page, base_url):
    page.goto(base_url + "/")
    link = page.locator("a.app-header-results__all")
    assert link.get_attribute("href") == base_url + "/suche/?q="
    page.focus("#app-header-q")
    page.keyboard.type("Hund")
    page.wait_for_function(
        "() => document.querySelector('a.app-header-results__all').href.endsWith('q=Hund')"
    )
    assert link.get_attribute("href") == base_url + "/suche/?q=Hund"
