"""Which steps of a lesson story show their choice counts, so that no count
hidden by the threshold can be worked out from the counts shown.

A cell is one choice's count at one step in one week. Hiding only the cells
below the threshold is not enough: the pupils who answer one step also answer
the next, so a step showing all its counts says how many played, and at a step
with one hidden choice "how many played minus the counts shown" is the hidden
one (a teacher who knows who was in the lesson needs no other step for that).

The rule: a step shows no count at all when any of its choices was made fewer
than `threshold` times. In a story where every step's choices lead to one and
the same next step (every story Kit ships), that is all; in a story whose
choices branch, a step's total is how many took the choices leading to it,
which would split a hidden step's counts, so one hidden step hides every step.

Why that is enough, in the worst case where the teacher knows exactly how many
pupils (N >= 1) answered each step: in a story without branches the steps are
tied to each other only by those numbers, so shown steps add nothing, and a
hidden step (k >= 2 choices) is known only to sum to N with some choice below
the threshold T >= 2. Each of its choices x could then have at least two
counts. If x is 0, move one pupil into it from a choice that has one (1 is
still below T). Otherwise move one from x to another choice y, unless y is the
only choice below T and would reach T (y = T-1 >= 1): then move one from y to
x. Either way the step still sums to N with a choice below T, so the teacher
learns that some choice there was rare, not which, nor how rare. (A step with
one choice counts N itself, which the teacher already knew.) In a branching
story nothing at all is shown once a step is hidden.
"""
from __future__ import annotations

from typing import Dict, List, Set, Tuple

from bot.scenarios import Scenario, Step


def choice_steps(story: Scenario) -> List[Step]:
    """The steps where a pupil chooses, in the story's order (end steps have no counts)."""
    return [step for step in story.steps.values() if not step.is_end]


def branches(story: Scenario) -> bool:
    """Whether some step's choices lead to different steps."""
    return any(len({choice.next for choice in step.choices}) > 1 for step in story.steps.values())


def hidden_steps(story: Scenario, counts: Dict[Tuple[str, str], int], threshold: int) -> Set[str]:
    """The ids of the steps that show no count, given each (step, choice)'s count in the week."""
    steps = choice_steps(story)
    hidden = {step.id for step in steps
              if any(counts.get((step.id, choice.id), 0) < threshold for choice in step.choices)}
    if hidden and branches(story):
        return {step.id for step in steps}
    return hidden
