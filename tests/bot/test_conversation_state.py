"""What a conversation has shown: who is involved, demands, a picture sent."""
from bot.conversation_state import ConversationState, state_routes, updated


def test_an_adult_asking_for_pictures_is_remembered_and_calls_for_ceop():
    state = updated(ConversationState(), "a 24 year old guy on insta keeps asking me for pics", "nudes_sharing")
    assert state.involved == "adult"
    assert "ceop" in state_routes(state, "nudes_sharing")


def test_the_most_serious_person_stays_when_a_later_message_names_a_classmate():
    state = updated(ConversationState(), "this older man on discord", "grooming")
    state = updated(state, "and a girl in my class saw the chat", "grooming")
    assert state.involved == "adult"


def test_known_person_abuse_comes_from_the_screen_not_from_words():
    state = updated(ConversationState(), "my coach keeps touching me", "grooming", categories=["known_person_abuse"])
    assert state.involved == "known"
    assert updated(ConversationState(), "my teacher said we have a test", None).involved is None


def test_a_money_demand_keeps_ceop_and_report_remove_in_every_later_reply():
    state = updated(ConversationState(), "he says pay £200 or he posts them", "sextortion")
    later = updated(state, "ok", "sextortion")
    assert later.demand == "money"
    assert {"ceop", "report_remove"} <= set(state_routes(later, "sextortion"))


def test_money_talk_outside_a_threat_is_not_a_demand():
    assert updated(ConversationState(), "can i pay for robux with my birthday money", "gaming").demand is None


def test_a_sent_picture_is_remembered_and_names_report_remove():
    state = updated(ConversationState(), "i already sent him one last night", "nudes_sharing")
    assert state.image_sent
    assert "report_remove" in state_routes(state, "nudes_sharing")
    assert not updated(ConversationState(), "i sent him a link to the game", "gaming").image_sent


def test_nothing_shown_means_no_extra_routes():
    assert state_routes(ConversationState(), "cyberbullying") == []
