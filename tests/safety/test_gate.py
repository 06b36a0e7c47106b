"""The SafetyGate's decision from the screen and the classifier
(bot/nlu/safety_gate.py), on hand-made rankings."""
from bot.nlu.safety_gate import SafetyGate, decide_risk, message_risks
from bot.safety.screen import ScreenHit, ScreenResult

CONFIG = SafetyGate.get_default_config()
NOTHING_SEEN = ScreenResult(hits=())


def test_a_level_the_classifier_is_sure_of_decides():
    ranking = {"danger": 0.05, "disclosure": 0.7, "none": 0.25, "self_harm": 0.0}
    assert decide_risk(NOTHING_SEEN, ranking, CONFIG) == "disclosure"


def test_risk_split_between_kinds_is_not_enough_alone():
    # Measured: counting the risky levels together ("he's 27, meeting me
    # tonight": danger 0.48, disclosure 0.46) sent 999 to "how can i block
    # this guy on snap" (danger 0.42, disclosure 0.27), so it is not done.
    ranking = {"danger": 0.42, "disclosure": 0.27, "none": 0.31, "self_harm": 0.0}
    assert decide_risk(NOTHING_SEEN, ranking, CONFIG) == "none"


def test_likelier_harmless_stays_harmless():
    ranking = {"danger": 0.3, "disclosure": 0.15, "none": 0.55, "self_harm": 0.0}
    assert decide_risk(NOTHING_SEEN, ranking, CONFIG) == "none"
    assert message_risks(NOTHING_SEEN, ranking, CONFIG) == []


def test_no_classifier_leaves_the_screen_to_decide():
    assert decide_risk(NOTHING_SEEN, {}, CONFIG) == "none"


def test_a_weak_second_guess_is_answered_but_does_not_lead():
    # "A stranger wants me to go live and do stuff I don't want to do": the
    # screen is sure of a disclosure; the classifier gave self-harm 0.33 (and
    # danger first but below danger_now_confidence).
    screen = ScreenResult(hits=(ScreenHit("pressured_on_camera", "disclosure", "definite"),))
    ranking = {"danger": 0.45, "disclosure": 0.19, "none": 0.03, "self_harm": 0.33}
    assert message_risks(screen, ranking, CONFIG) == ["disclosure", "self_harm"]
    # Said to be happening now, danger leads.
    assert message_risks(ScreenResult(screen.hits, immediate=True), ranking, CONFIG)[:2] == ["danger", "disclosure"]


def test_a_definite_harm_the_classifier_reads_as_danger_is_danger_now():
    # "my mate says hes taken a whole packet of paracetamol and now hes gone
    # quiet": the screen is sure of self-harm, the classifier of danger.
    screen = ScreenResult(hits=(ScreenHit("pills_taken", "self_harm", "definite"),))
    ranking = {"danger": 0.82, "self_harm": 0.14, "disclosure": 0.04, "none": 0.0}
    # Both lead (in RISK_PRIORITY order); the reply puts 999 first.
    assert message_risks(screen, ranking, CONFIG) == ["self_harm", "danger"]
    # Danger as a second guess, or first but less than 0.5 sure, is not enough.
    assert message_risks(screen, {**ranking, "danger": 0.4, "self_harm": 0.56}, CONFIG) == ["self_harm"]
    assert message_risks(screen, {"danger": 0.45, "self_harm": 0.4, "none": 0.15}, CONFIG) == ["self_harm"]


def test_a_likely_hit_the_classifier_reads_as_danger_is_danger_now():
    # "hes making me get in the car ... he wont tell me where were going": a
    # likely disclosure hit, and the classifier sure of danger.
    screen = ScreenResult(hits=(ScreenHit("hes_making_me", "disclosure", "likely"),))
    ranking = {"danger": 0.97, "disclosure": 0.02, "none": 0.01, "self_harm": 0.0}
    assert message_risks(screen, ranking, CONFIG) == ["danger", "disclosure"]
    # Not when the classifier is sure enough it is harmless to veto the hit.
    harmless = {"danger": 0.03, "disclosure": 0.0, "none": 0.97, "self_harm": 0.0}
    assert message_risks(screen, harmless, CONFIG) == []


def test_the_classifier_alone_decides_danger_at_its_own_threshold():
    # Danger at 0.44 beside a disclosure at 0.45: neither reaches 0.5, but
    # danger reaches its own, lower bar. Without one, nothing does.
    config = {**CONFIG, "danger_threshold": 0.35}
    ranking = {"danger": 0.44, "disclosure": 0.45, "none": 0.11, "self_harm": 0.0}
    assert decide_risk(NOTHING_SEEN, ranking, config) == "danger"
    assert decide_risk(NOTHING_SEEN, ranking, CONFIG) == "none"
    # Above the shared bar, the likeliest level still decides.
    assert decide_risk(NOTHING_SEEN, {**ranking, "disclosure": 0.52, "none": 0.04}, config) == "disclosure"


def test_a_long_message_is_risky_when_one_window_is_surely_risky():
    from bot.nlu.safety_gate import window_risk
    whole = {"danger": 0.28, "disclosure": 0.0, "none": 0.72, "self_harm": 0.0}
    windows = [{"none": 0.99, "danger": 0.01}, {"danger": 0.93, "none": 0.05, "disclosure": 0.02}]
    assert window_risk(whole, windows, CONFIG) == "danger"
    assert message_risks(NOTHING_SEEN, whole, CONFIG, windows) == ["danger"]
    # Not when the whole message is clearly harmless, or no window is sure.
    assert window_risk({**whole, "none": 0.97}, windows, CONFIG) == "none"
    assert window_risk(whole, [{"danger": 0.8, "none": 0.2}], CONFIG) == "none"
    assert message_risks(NOTHING_SEEN, whole, CONFIG) == []


def test_windows_overlap_and_only_long_messages_get_them():
    from bot.nlu.long_message import windows
    text = " ".join(f"w{i}" for i in range(20))
    parts = windows(text, size=12, step=6, min_words=16)
    assert parts[0].split()[0] == "w0" and parts[-1].split()[-1] == "w19"
    assert all(len(p.split()) <= 12 for p in parts) and len(parts) == 3
    assert windows("a short message about school", 12, 6, 16) == []


def test_windows_join_the_batch_and_the_gate_decides_with_them_then_drops_them():
    from rasa.shared.nlu.training_data.message import Message
    from bot.nlu.long_message import LongMessageWindows
    from bot.nlu.risk_classifier import RISK_RANKING
    text = ("we have been talking for weeks and he is really sweet and funny and "
            "now he says he is parked outside my school and i should sneak out now")
    batch = LongMessageWindows(LongMessageWindows.get_default_config()).process([Message(data={"text": text})])
    assert len(batch) > 1 and batch[1].get("text") in text
    batch[0].set(RISK_RANKING, {"danger": 0.28, "disclosure": 0.0, "none": 0.72, "self_harm": 0.0})
    for part in batch[1:]:
        part.set(RISK_RANKING, {"danger": 0.93, "disclosure": 0.02, "none": 0.05, "self_harm": 0.0}
                 if "parked outside" in part.get("text") else {"none": 1.0})
    out = SafetyGate(CONFIG).process(batch)
    assert out == batch[:1]
    assert out[0].get("kit")["risk"] == "danger"


def test_self_harm_done_with_the_body_in_danger_is_danger():
    # "i took loads of my nans tablets and now i feel funny and sleepy": no
    # word says "now, in danger", but an overdose swallowed is an emergency.
    hit = (ScreenHit("pills_taken", "self_harm", "definite"),)
    ranking = {"danger": 0.08, "disclosure": 0.0, "none": 0.63, "self_harm": 0.29}
    assert message_risks(ScreenResult(hit), ranking, CONFIG) == ["self_harm"]
    assert message_risks(ScreenResult(hit, harm_done=True), ranking, CONFIG) == ["self_harm", "danger"]


def test_signs_of_harm_done_alone_are_not_a_risk():
    # "feeling really sleepy after the sleepover", "just cut my fringe"
    ranking = {"danger": 0.01, "disclosure": 0.01, "none": 0.97, "self_harm": 0.01}
    assert message_risks(ScreenResult(hits=(), harm_done=True), ranking, CONFIG) == []
