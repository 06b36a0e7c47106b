"""SequentialGraphRunner: Rasa's model graph run in order, without dask.

Rasa runs its model graph through `dask.get` on every message: once for the
NLU and once per dialogue prediction (two or three times a message). Each run
rebuilds the minimal graph, lets dask order it and queue each node as a task.
The graph is a short chain of pure Python nodes run on one thread, so all that
bookkeeping bought nothing: with cProfile it was about 10 % of Rasa's time per
message (bench/LEVERS.md). Here the order is worked out once per set of
targets, and the same nodes are called with the same inputs, as dask would.
`bot/rasa_cli.py` puts this runner in place for serving, not for training.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner


class SequentialGraphRunner(DaskGraphRunner):
    def run(self, inputs: Optional[Dict[Text, Any]] = None, targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        inputs = inputs or {}
        # As in dask: an input named like a node stands in for it, and an
        # input value naming a node is refused.
        results: Dict[Text, Any] = {name: (name, value) for name, value in inputs.items()}
        for value in inputs.values():
            if isinstance(value, str) and value in self._steps(run_targets)[1]:
                raise GraphRunError(f"Input value '{value}' clashes with a node name.")
        try:
            for name, needs in self._steps(run_targets)[0]:
                if name not in results:
                    node = self._instantiated_nodes[name]
                    results[name] = node(*(results.get(need, need) for need in needs))
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e
        return dict(results[target] for target in run_targets)

    def _steps(self, targets: Tuple[Text, ...]) -> Tuple[List[Tuple[Text, Tuple[Text, ...]]], frozenset]:
        """The nodes the targets need, each after the nodes it needs."""
        cache = self.__dict__.setdefault("_kit_steps", {})
        if targets not in cache:
            schema = self._graph_schema.minimal_graph_schema(list(targets))
            ordered: List[Tuple[Text, Tuple[Text, ...]]] = []
            seen: set = set()

            def visit(name: Text) -> None:
                if name in seen or name not in schema.nodes:
                    return
                seen.add(name)
                needs = tuple(schema.nodes[name].needs.values())
                for need in needs:
                    visit(need)
                ordered.append((name, needs))

            for target in targets:
                visit(target)
            cache[targets] = (ordered, frozenset(schema.nodes))
        return cache[targets]
