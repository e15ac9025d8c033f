"""Settings of the citizen site (Pelican). Every setting is UPPERCASE and documented here.

The build (plugins/servicekatalog/driver.py) reads this file with Pelican's read_settings,
overriding PATH and OUTPUT_PATH, and renders the pages with Pelican's template environment
for THEME. Nothing else in the project sets defaults for the site.
"""

# --- The site ---------------------------------------------------------------
# The city's name, the site's title, base URL, publisher and every other city-specific
# value are in the content folder's site.yaml (schema/site.schema.json), not here: a city
# uses the tool unchanged with its own content folder.

#: Language of Pelican itself (pages take theirs from site.yaml's languages).
DEFAULT_LANG = "de"
#: Pelican's own time zone (the feed takes the city's from site.yaml's timezone).
TIMEZONE = "Europe/Berlin"

#: Prose pages from <content>/pages/<slug>.md, in footer order. Missing files are
#: left out of the footer (the build does not fail).
PROSE_PAGES = [
    "barrierefreiheit",
    "leichte-sprache",
    "gebaerdensprache",
    "impressum",
    "datenschutz",
    "ueber",
]
#: How many entries the Atom feed /feed.xml carries (most recently changed first).
FEED_MAX_ITEMS = 50

# --- Pelican itself ----------------------------------------------------------

#: Theme folder (templates + static files, copied to /theme/).
THEME = "theme"
#: Autoescape is OFF in Pelican by default; a record's <script> would go out raw.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    # Templates are read once per build (the preview starts a new environment when the
    # theme changes); otherwise every page's imports look at the template files again.
    "auto_reload": False,
    "extensions": [],
}

# Blog features off: records never go through Pelican's readers.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
TEMPLATE_PAGES: dict[str, str] = {}
PAGINATED_TEMPLATES: dict[str, None] = {}
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
PAGE_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
OUTPUT_SOURCES = False
DELETE_OUTPUT_DIRECTORY = False  # the driver renders into a fresh temporary folder
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
RELATIVE_URLS = False
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
