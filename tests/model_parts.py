"""The loaded model's own component objects, for tests that look inside or
adjust one on the real trained model (the `agent` fixture)."""
from __future__ import annotations


def component(agent, kind):
    """The graph component of class `kind` in the agent's loaded model."""
    nodes = agent.processor.graph_runner._instantiated_nodes.values()
    return next(node._component for node in nodes if isinstance(node._component, kind))
