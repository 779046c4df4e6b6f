"""Rendering: answers as Telegram HTML, plain text and JSON, charts as PNG, exports as XLSX.

Strings and bytes out; no Telegram objects, no database.
"""
