"""The entity pane: an article's entities grouped by type, with mention counts."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from store.query import EntityRow

from ..clipboard import TYPE_LABELS
from ..safe_text import rich_text

ENTITY_TYPES: tuple[str, ...] = ("place", "org", "person", "document")


class EntityList(OptionList):
    """Grouped entities; highlighting one tells the reader, Enter filters the article list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "Top", show=False),
        Binding("G", "last", "Bottom", show=False),
    ]

    class EntityHighlighted(Message):
        def __init__(self, entity: EntityRow) -> None:
            super().__init__()
            self.entity = entity

    class EntitySelected(Message):
        def __init__(self, entity: EntityRow) -> None:
            super().__init__()
            self.entity = entity

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._entities: dict[str, EntityRow] = {}

    def show_entities(self, entities: list[EntityRow]) -> None:
        """Replace the list: one heading per type, then its entities by mention count."""
        self._entities = {f"e{e.id}": e for e in entities}
        options: list[Option | None] = []
        for entity_type in ENTITY_TYPES:
            group = [e for e in entities if e.type == entity_type]
            if not group:
                continue
            heading = Text(f"{TYPE_LABELS[entity_type]} ({len(group)})", style="bold")
            options.append(Option(heading, id=f"h-{entity_type}", disabled=True))
            for entity in group:
                prompt = rich_text(entity.name)
                prompt.append(f" ×{entity.mention_count}", style="dim")
                options.append(Option(prompt, id=f"e{entity.id}"))
        if not entities:
            options.append(Option(Text("No entities in this article.", style="dim italic"),
                                  id="h-empty", disabled=True))
        self.set_options(options)

    @property
    def highlighted_entity(self) -> EntityRow | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self._entities.get(option.id or "")

    def entity_by_id(self, entity_id: int) -> EntityRow | None:
        return self._entities.get(f"e{entity_id}")

    def select_entity(self, entity_id: int) -> bool:
        """Move the highlight to an entity; False when it is not in this list."""
        try:
            self.highlighted = self.get_option_index(f"e{entity_id}")
        except Exception:  # OptionDoesNotExist: not an entity of this article
            return False
        return True

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        entity = self._entities.get(event.option.id or "")
        if entity is not None:
            self.post_message(self.EntityHighlighted(entity))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entity = self._entities.get(event.option.id or "")
        if entity is not None:
            self.post_message(self.EntitySelected(entity))
