"""action_answer_faq: the answer to a sub-question (utter_faq/<name>, chosen by
the FaqSelector), then its routes.

The same sub-question straight after its answer ("ok but how do i stop one
person seeing my stories", read as the same question) does not get the same
answer word for word: it gets the topic's next step (data/follow_ups.yml),
so the conversation moves on, and the routes again.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import nlu_output
from actions.follow_up import answer_follow_up, say_once
from actions.signpost import signpost


class ActionAnswerFaq(Action):
    def name(self) -> Text:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        faq = nlu_output(tracker).get("faq")
        if faq:
            _, events = say_once(dispatcher, tracker, f"faq:{faq}", f"utter_faq/{faq}")
        else:
            events = answer_follow_up(dispatcher, tracker, "what_now")[1]
        return events + signpost(dispatcher, tracker)
