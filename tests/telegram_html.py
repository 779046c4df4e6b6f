"""Telegram's HTML parse mode, checked as the Bot API documents it.

`parse_html` returns the text a user sees (tags removed, entities decoded) or raises
`EntityParseError` with a message worded like Telegram's ("Unsupported start tag ..."), which the fake
transport answers as 400 "Bad Request: can't parse entities: <message>".

It follows https://core.telegram.org/bots/api#html-style: only the supported tags, properly nested
and closed, and every '<', '>' and '&' that is not markup written as an entity. Telegram's server is
laxer about a bare '&' or '>' (it keeps them as text), but the documentation requires escaping them,
and an unescaped data string is exactly the bug these tests are meant to catch.
"""

from __future__ import annotations

import re

SUPPORTED_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "a", "code", "pre", "blockquote", "tg-emoji",
    }
)  # fmt: skip
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_TAG_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_-]+")
_BARE_VALUE = re.compile(r"[^\s>\"']+")
_ENTITY = re.compile(r"&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,15}));")


class EntityParseError(ValueError):
    """Markup Telegram refuses; the message is what follows "can't parse entities: "."""


def _offset(text: str, index: int) -> int:
    """Telegram reports positions as UTF-8 byte offsets."""
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, index: int) -> tuple[str, int]:
    """The character an entity at `index` stands for, and the index after it."""
    match = _ENTITY.match(text, index)
    if match:
        decimal, hexadecimal, name = match.groups()
        if name is not None and name in NAMED_ENTITIES:
            return NAMED_ENTITIES[name], match.end()
        if name is None:
            code = int(decimal) if decimal is not None else int(hexadecimal, 16)
            if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
                return chr(code), match.end()
    raise EntityParseError(
        f"Character '&' at byte offset {_offset(text, index)} must be escaped as &amp; "
        "(only &lt;, &gt;, &amp;, &quot; and numeric entities are supported)"
    )


def _attribute_value(text: str, index: int, tag: str, begin: int) -> tuple[str, int]:
    """An attribute value (quoted or bare, entities decoded) starting at `index`."""
    if index >= len(text):
        raise EntityParseError(f"Unclosed start tag at byte offset {_offset(text, begin)}")
    quote = text[index]
    if quote in "\"'":
        end = text.find(quote, index + 1)
        if end == -1:
            raise EntityParseError(
                f'Unclosed start tag "{tag}" at byte offset {_offset(text, begin)}: missing closing quote'
            )
        raw, after = text[index + 1 : end], end + 1
    else:
        match = _BARE_VALUE.match(text, index)
        if not match:
            raise EntityParseError(
                f'Expected attribute value in the tag "{tag}" at byte offset {_offset(text, begin)}'
            )
        raw, after = match.group(), match.end()
    value, position = [], 0
    while position < len(raw):
        if raw[position] == "&":
            char, position = _decode_entity(raw, position)
            value.append(char)
        else:
            value.append(raw[position])
            position += 1
    return "".join(value), after


def _start_tag(text: str, begin: int) -> tuple[str, dict[str, str], int]:
    """Parses `<name attr="value" ...>` at `begin`: the lowered name, attributes, index after '>'."""
    match = _TAG_NAME.match(text, begin + 1)
    if not match or match.group().lower() not in SUPPORTED_TAGS:
        name = match.group() if match else ""
        raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {_offset(text, begin)}')
    tag, index = match.group().lower(), match.end()
    attributes: dict[str, str] = {}
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if index >= len(text):
            raise EntityParseError(f"Can't find end of the tag at byte offset {_offset(text, begin)}")
        if text[index] == ">":
            return tag, attributes, index + 1
        name_match = _ATTRIBUTE_NAME.match(text, index)
        if not name_match:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset {_offset(text, begin)}'
            )
        attribute, index = name_match.group().lower(), name_match.end()
        while index < len(text) and text[index].isspace():
            index += 1
        if index < len(text) and text[index] == "=":
            index += 1
            while index < len(text) and text[index].isspace():
                index += 1
            attributes[attribute], index = _attribute_value(text, index, tag, begin)
        else:
            attributes[attribute] = ""  # a bare attribute, such as blockquote's "expandable"


def _check_attributes(tag: str, attributes: dict[str, str], text: str, begin: int) -> None:
    """Refuses the tags whose meaning depends on an attribute that is missing or wrong."""
    where = f"at byte offset {_offset(text, begin)}"
    if tag == "span" and attributes.get("class") != "tg-spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" {where}')
    if tag == "a" and not attributes.get("href"):
        raise EntityParseError(f'Tag "a" must have a non-empty attribute "href" {where}')
    if tag == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
        raise EntityParseError(f'Tag "tg-emoji" must have a numeric attribute "emoji-id" {where}')


def parse_html(text: str) -> str:
    """The text Telegram shows for `text` in HTML parse mode; raises `EntityParseError` if malformed."""
    visible: list[str] = []
    open_tags: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "&":
            decoded, index = _decode_entity(text, index)
            visible.append(decoded)
        elif char == ">":
            raise EntityParseError(
                f"Character '>' at byte offset {_offset(text, index)} must be escaped as &gt;"
            )
        elif char != "<":
            visible.append(char)
            index += 1
        elif text.startswith("</", index):
            end = text.find(">", index)
            if end == -1:
                raise EntityParseError(f"Can't find end of the tag at byte offset {_offset(text, index)}")
            name = text[index + 2 : end].strip().lower()
            if not open_tags:
                raise EntityParseError(f"Unexpected end tag at byte offset {_offset(text, index)}")
            expected = open_tags.pop()
            if name != expected:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {_offset(text, index)}, expected "</{expected}>", '
                    f'found "</{name}>"'
                )
            index = end + 1
        else:
            tag, attributes, after = _start_tag(text, index)
            _check_attributes(tag, attributes, text, index)
            open_tags.append(tag)
            index = after
    if open_tags:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{open_tags[-1]}"')
    return "".join(visible)
