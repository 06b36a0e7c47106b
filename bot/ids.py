"""The ids from DESIGN.md, used unchanged in data, code, API and UI."""

AGE_BANDS = ("8-10", "11-13", "14-18")
DEFAULT_AGE_BAND = "11-13"

TOPICS = (
    "grooming",
    "nudes_sharing",
    "sextortion",
    "cyberbullying",
    "harmful_content",
    "privacy_security",
    "meeting_up",
    "livestreaming",
    "gaming",
    "worried_about_friend",
    "reporting_help",
)

RISK_NONE = "none"
RISK_DANGER = "danger"
RISK_SELF_HARM = "self_harm"
# Highest priority first: when a message shows several, the first one is its
# level. All are answered, and the reply leads with 999 whenever one is danger
# (actions/safety.py); self_harm replies also name 999 for immediate risk.
RISK_PRIORITY = (RISK_SELF_HARM, RISK_DANGER, "disclosure")
RISK_LEVELS = (RISK_NONE,) + RISK_PRIORITY

# The NLU rewrites a risky message's intent to one of these, keeping its topic.
RISK_INTENTS = {level: f"risk_{level}" for level in RISK_PRIORITY}


def higher_risk(a: str, b: str) -> str:
    """The more urgent of two risk levels."""
    for level in RISK_PRIORITY:
        if level in (a, b):
            return level
    return RISK_NONE
