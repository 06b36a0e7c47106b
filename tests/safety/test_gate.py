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
    # screen is sure of a disclosure; the classifier gave self-harm 0.33.
    screen = ScreenResult(hits=(ScreenHit("pressured_on_camera", "disclosure", "definite"),))
    ranking = {"danger": 0.58, "disclosure": 0.06, "none": 0.03, "self_harm": 0.33}
    assert message_risks(screen, ranking, CONFIG) == ["disclosure", "self_harm"]
    # Said to be happening now, danger leads.
    assert message_risks(ScreenResult(screen.hits, immediate=True), ranking, CONFIG)[:2] == ["danger", "disclosure"]
