from __future__ import annotations

from typing import Any

from django import template

from trajectoires.edition.document import anchor


register = template.Library()


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")


@register.filter
def def_anchor(ref: str) -> str:
    return anchor(ref)
