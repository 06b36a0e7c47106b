"""KitRulePolicy: Rasa's RulePolicy, with its rule lookup remembered.

To predict, RulePolicy filters every rule (about 150 in Kit) against the
conversation's states, walking back one state at a time, twice or three times
per message; with cProfile that was about 1 ms a prediction (bench/LEVERS.md).
A rule can only be ruled out by the last `len(rule)` states, so which rules
apply depends on the last L states alone, L being the longest rule. Once the
model is loaded the rules no longer change, so each answer is kept, keyed by
those L states: the same rules apply, found once. Training is unchanged.
"""
from __future__ import annotations

from typing import Any, Dict, Hashable, List, Optional, Set, Text, Tuple

from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe

State = Dict[Text, Dict[Text, Any]]
MAX_REMEMBERED = 4096


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class KitRulePolicy(RulePolicy):
    @classmethod
    def load(cls, *args: Any, **kwargs: Any) -> "KitRulePolicy":
        policy = super().load(*args, **kwargs)
        policy._remembered, policy._longest = {}, {}
        return policy

    def _get_possible_keys(self, lookup: Dict[Text, Text], states: List[State]) -> Set[Text]:
        remembered: Optional[Dict[Hashable, Set[Text]]] = getattr(self, "_remembered", None)
        if remembered is None:  # training: the rules are still being built
            return super()._get_possible_keys(lookup, states)
        if id(lookup) not in self._longest:
            self._longest[id(lookup)] = max((len(self._rule_key_to_state(k)) for k in lookup), default=0)
        longest = self._longest[id(lookup)]
        last = states[max(0, len(states) - longest):]  # earlier states cannot rule a rule out
        key = (id(lookup), _frozen(last))
        if key[1] is None:
            return super()._get_possible_keys(lookup, states)
        if key not in remembered:
            if len(remembered) >= MAX_REMEMBERED:
                remembered.clear()
            remembered[key] = super()._get_possible_keys(lookup, last)
        return set(remembered[key])


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
