"""What Kit says, read from the data files with the line each text is on.

The content check and the preview both need every text with its place, so a
finding can say "domain.yml:212 utter_x (11-13)". PyYAML's composed nodes keep
the position of every value, so no second YAML library is needed.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import yaml

from bot import paths


@dataclass(frozen=True)
class Text:
    """One thing Kit can say: a response variation or a route's `say` line."""

    file: str  # relative to the project, as a designer opens it
    line: int  # 1-based line of the text
    owner: str  # response name or route id
    band: Optional[str]  # None: the same text for every band
    text: str
    buttons: Tuple[str, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line} {self.owner} ({self.band or 'all bands'})"


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def _node(path: Path) -> yaml.Node:
    return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)


def _items(node: Optional[yaml.Node]) -> Iterator[Tuple[str, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key.value, value


def _get(node: Optional[yaml.Node], key: str) -> Optional[yaml.Node]:
    return next((value for name, value in _items(node) if name == key), None)


def _band(variation: yaml.Node) -> Optional[str]:
    condition = _get(variation, "condition")
    for item in condition.value if isinstance(condition, yaml.SequenceNode) else []:
        fields = {k: v.value for k, v in _items(item)}
        if fields.get("name") == "age_band":
            return fields.get("value")
    return None


def response_texts(domain_file: Optional[Path] = None) -> List[Text]:
    """Every response variation in domain.yml, in file order."""
    path = domain_file or paths.DOMAIN_FILE
    texts = []
    for name, variations in _items(_get(_node(path), "responses")):
        for variation in variations.value:
            text = _get(variation, "text")
            buttons = _get(variation, "buttons")
            titles = tuple(
                _get(b, "title").value for b in (buttons.value if buttons is not None else []) if _get(b, "title")
            )
            line = (text or variation).start_mark.line + 1
            texts.append(Text(relative(path), line, name, _band(variation), text.value if text else "", titles))
    return texts


def key_lines(path: Path, section: str) -> Dict[str, int]:
    """Line of each key under a top-level section (`responses`, `routes`, ...)."""
    node = _get(_node(path), section)
    return {key.value: key.start_mark.line + 1 for key, _ in (node.value if isinstance(node, yaml.MappingNode) else [])}


def route_texts(routes_file: Path) -> List[Text]:
    """Every route's `say` line, one per band."""
    texts = []
    for route_id, route in _items(_get(_node(routes_file), "routes")):
        for band, say in _items(_get(route, "say")):
            texts.append(Text(relative(routes_file), say.start_mark.line + 1, route_id, band, say.value))
    return texts



def follow_up_texts(file: Path) -> List[Text]:
    """Every answer in data/follow_ups.yml: owner `kind:entry`, one per band."""
    texts = []
    for kind, entries in _items(_get(_node(file), "answers")):
        for entry, bands in _items(entries):
            for band, say in _items(bands):
                texts.append(Text(relative(file), say.start_mark.line + 1, f"{kind}:{entry}", band, say.value))
    return texts
