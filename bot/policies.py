"""KitRulePolicy: Rasa's RulePolicy, looking only as far back as a rule can.

Rasa's RulePolicy, to predict, turns the whole conversation into states (one
per turn) and then checks every rule (about 150 in Kit) against them, walking
back one state at a time. It does this two or three times a message, so a
message cost more the longer the conversation: 21 ms of Rasa CPU in short
conversations and 78 ms at 100-160 turns (bench/LEVERS.md).

But a rule can only be ruled out by the last `len(rule)` states, so which rules
apply depends on the last L states alone, L being the longest rule (4 in Kit).
Once the model is loaded, this policy
- builds only the last L states (the conversation is still replayed event by
  event, which is cheap; describing each turn as a state is what cost);
- remembers which rules apply to those L states, since the rules no longer
  change.
Rules and their order are Rasa's; the predictions are the same (a test checks
them against Rasa's full walk). Training is unchanged.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Set, Text, Tuple

from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

State = Dict[Text, Dict[Text, Any]]
MAX_REMEMBERED = 4096
# Marks the description of a cut history: a rule's own key never starts so.
CUT_HISTORY = "kit: the last states of a longer conversation: "


class RecentStates(list):
    """The last states of a conversation; `cut` when there were more."""

    cut = False


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class KitRulePolicy(RulePolicy):
    @classmethod
    def load(cls, *args: Any, **kwargs: Any) -> "KitRulePolicy":
        policy = super().load(*args, **kwargs)
        policy._remembered = {}
        policy._longest = {}
        policy._window = max((_states_in(key) for keys in policy.lookup.values() for key in keys), default=0)
        return policy

    def _serving(self) -> bool:
        # Set by `load`; while training, the rules are still being built.
        return getattr(self, "_remembered", None) is not None and self._window > 0

    def _prediction_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        use_text_for_last_user_input: bool = False,
        rule_only_data: Optional[Dict[Text, Any]] = None,
    ) -> List[State]:
        if self._serving():
            tracker = _RecentHistory(tracker, self._window)
        return super()._prediction_states(tracker, domain, use_text_for_last_user_input, rule_only_data)

    def _create_feature_key(self, states: List[State]) -> Optional[Text]:
        # With no rule found, Rasa describes the prediction by the states and
        # checks that against the rules; a cut history must not match a rule
        # the whole one would not (it is longer than any rule).
        key = super()._create_feature_key(states)
        return CUT_HISTORY + key if key is not None and getattr(states, "cut", False) else key

    def _get_possible_keys(self, lookup: Dict[Text, Text], states: List[State]) -> Set[Text]:
        if not self._serving():
            return super()._get_possible_keys(lookup, states)
        if id(lookup) not in self._longest:
            self._longest[id(lookup)] = max((_states_in(k) for k in lookup), default=0)
        longest = self._longest[id(lookup)]
        last = states[max(0, len(states) - longest):]  # earlier states cannot rule a rule out
        key = (id(lookup), _frozen(last))
        if key[1] is None:
            return super()._get_possible_keys(lookup, states)
        if key not in self._remembered:
            if len(self._remembered) >= MAX_REMEMBERED:
                self._remembered.clear()
            self._remembered[key] = super()._get_possible_keys(lookup, last)
        return set(self._remembered[key])


class _RecentHistory:
    """Stands in for the tracker when Rasa's featurizer asks for its states."""

    def __init__(self, tracker: DialogueStateTracker, count: int) -> None:
        self.tracker, self.count = tracker, count

    def past_states(self, domain: Domain, omit_unset_slots: bool = False,
                    ignore_rule_only_turns: bool = False, rule_only_data: Optional[Dict[Text, Any]] = None) -> List[State]:
        if ignore_rule_only_turns:  # not asked by RulePolicy; Rasa's own, in full
            return self.tracker.past_states(domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        return recent_states(self.tracker, domain, self.count, omit_unset_slots)


def recent_states(tracker: DialogueStateTracker, domain: Domain, count: int, omit_unset_slots: bool = False) -> RecentStates:
    """`tracker.past_states(domain)[-count:]`, describing only those turns.

    The replay is Rasa's `generate_all_prior_trackers`: a state before each
    action, and one for the tracker as it is now.
    """
    events = tracker.applied_events()
    turns = 1 + sum(isinstance(event, ActionExecuted) for event in events)
    first = turns - count
    states = RecentStates()
    states.cut = first > 0
    prior, turn = tracker.init_copy(), 0
    for event in events:
        if isinstance(event, ActionExecuted):
            if turn >= first:
                states.append(domain._clean_state(domain.get_active_state(prior, omit_unset_slots=omit_unset_slots)))
            turn += 1
        prior.update(event)
    states.append(domain._clean_state(domain.get_active_state(prior, omit_unset_slots=omit_unset_slots)))
    return states


def _states_in(rule_key: Text) -> int:
    try:
        states = json.loads(rule_key)
    except ValueError:  # e.g. "predicting default action with intent restart"
        return 0
    return len(states) if isinstance(states, list) else 0


def _frozen(states: List[State]) -> Optional[Tuple]:
    """The states as a hashable key, or None if a value cannot be hashed."""
    frozen = []
    for state in states:
        parts = []
        for state_type, sub_state in state.items():
            items = tuple(sorted(sub_state.items()))
            try:
                hash(items)
            except TypeError:
                return None
            parts.append((state_type, items))
        frozen.append(tuple(sorted(parts)))
    return tuple(frozen)
