"""A multipart/form-data body read as it arrives: small text fields kept in memory, the one file
part handed on chunk by chunk, so a request of any size costs the same memory."""

import re
from dataclasses import dataclass, field

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from api.problems import Problem

FIELD_LIMIT = 1024  # bytes of one text field
HEADER_LIMIT = 4096
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def invalid(detail):
    return Problem(400, "invalid_multipart", detail)


@dataclass
class Part:
    name: str = ""
    filename: str | None = None
    headers: dict = field(default_factory=dict)
    value: bytearray = field(default_factory=bytearray)


class Events:
    """python-multipart's callbacks, queued for an async consumer (what happened in one chunk)."""

    def __init__(self):
        self.queue = []
        self._field = bytearray()
        self._value = bytearray()

    def callbacks(self):
        return {
            "on_part_begin": lambda: self.queue.append(("begin", None)),
            "on_header_field": lambda data, start, end: self._field.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self._value.extend(data[start:end]),
            "on_header_end": self._header_end,
            "on_headers_finished": lambda: self.queue.append(("headers", None)),
            "on_part_data": lambda data, start, end: self.queue.append(("data", bytes(data[start:end]))),
            "on_part_end": lambda: self.queue.append(("end", None)),
            "on_end": lambda: self.queue.append(("done", None)),
        }

    def _header_end(self):
        if len(self._field) + len(self._value) > HEADER_LIMIT:
            raise invalid("A part's header is too long.")
        self.queue.append(("header", (bytes(self._field).lower(), bytes(self._value))))
        self._field.clear()
        self._value.clear()

    def take(self):
        events, self.queue = self.queue, []
        return events


def boundary_of(content_type):
    kind, options = parse_options_header(content_type or "")
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise Problem(415, "unsupported_media_type",
                      "Send the upload as multipart/form-data (curl -F file=@name): a part named file, "
                      "and optional text fields.", expected="multipart/form-data")
    return options[b"boundary"]


def parser(content_type):
    events = Events()
    return MultipartParser(boundary_of(content_type), events.callbacks()), events


def feed(parser, chunk):
    try:
        parser.write(chunk)
    except MultipartParseError as exc:
        raise invalid(f"The multipart body is malformed ({exc}).") from None


def disposition(part):
    """name and filename of a part, from its Content-Disposition header."""
    kind, options = parse_options_header(part.headers.get(b"content-disposition", b""))
    if kind != b"form-data" or b"name" not in options:
        raise invalid("Every part needs Content-Disposition: form-data; name=\"...\".")
    part.name = _text(options[b"name"], "a part's name")
    part.filename = _text(options[b"filename"], "a filename") if b"filename" in options else None
    return part


def field_value(part):
    return _text(bytes(part.value), part.name)


def add_field_data(part, data):
    if len(part.value) + len(data) > FIELD_LIMIT:
        raise invalid(f"The field {part.name} is longer than {FIELD_LIMIT} bytes.")
    part.value.extend(data)


def _text(raw, what):
    try:
        return raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise invalid(f"{what} is not UTF-8 text.") from None


def safe_filename(name):
    """The last path segment of what a client called its file, without control characters: a
    name to show and to offer on download, never a path (blobs are named by their hash)."""
    base = CONTROL.sub("", re.split(r"[/\\]", name or "")[-1]).strip()[:255]
    return base if base not in ("", ".", "..") else "file"
