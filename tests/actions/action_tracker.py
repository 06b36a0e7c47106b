"""A tracker as Rasa sends it to the action server, and running an action on it."""
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

# What Rasa sends the action server: no domain (enable_selective_domain in endpoints.yml).
NO_DOMAIN: dict = {}


def tracker(intent: str, kit=None, slots=None, metadata=None, text="a message", ranking=None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": [],
              "kit": kit or {}, "metadata": metadata or {}, "intent_ranking": ranking or []}
    base = {"age_band": "11-13", "topic": None, "risk": "none"}
    return Tracker("test", {**base, **(slots or {})}, latest, [], False, None, {}, "action_listen")


async def run(action, t: Tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, NO_DOMAIN)
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)
