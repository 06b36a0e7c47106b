"""Where the project's files live, independent of the working directory."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ROUTES_FILE = DATA / "routes.yml"
TOPICS_FILE = DATA / "topics.yml"
# Locale packs: data/locales/<id>/routes.yml (the UK default is ROUTES_FILE).
LOCALES = DATA / "locales"
SCREEN_FILE = DATA / "safety" / "screen.yml"
# Sub-questions: each faq/<name>'s topic and routes.
FAQ_FILE = DATA / "faq_topics.yml"
# Answers to follow-ups ("is that normal?", "i already sent one"), per topic and band.
FOLLOW_UPS_FILE = DATA / "follow_ups.yml"
DOMAIN_FILE = ROOT / "domain.yml"
CONFIG_FILE = ROOT / "config.yml"
WEB = ROOT / "web"
