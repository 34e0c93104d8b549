"""Reading PHP `serialize()` output (what WordPress stores in post meta such as the Newspaper
theme's `td_post_theme_settings`) as plain Python data. Pure and small on purpose: only null,
booleans, numbers, strings and arrays are understood; objects (`O:`, `C:`), enums (`E:`) and
references (`r:`, `R:`) are refused, so nothing in an export can make anything be built or
called. Lengths are in bytes, as PHP writes them."""

from __future__ import annotations

MAX_DEPTH = 32
MAX_ITEMS = 10_000

PhpValue = None | bool | int | float | str | dict


class PhpSerialError(ValueError):
    """Not PHP-serialized data this reader accepts (message in Indonesian, for the report)."""


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0
        self.items = 0

    def until(self, stop: bytes) -> bytes:
        end = self.data.find(stop, self.at)
        if end < 0:
            raise PhpSerialError(f"'{stop.decode()}' tidak ada setelah bita {self.at}")
        chunk, self.at = self.data[self.at : end], end + len(stop)
        return chunk

    def expect(self, token: bytes) -> None:
        if self.data[self.at : self.at + len(token)] != token:
            raise PhpSerialError(f"'{token.decode()}' diharapkan di bita {self.at}")
        self.at += len(token)

    def integer(self, stop: bytes) -> int:
        text = self.until(stop)
        if not text.lstrip(b"-").isdigit() or len(text) > 20:
            raise PhpSerialError(f"bukan bilangan bulat di bita {self.at}")
        return int(text)

    def value(self, depth: int = 0) -> PhpValue:
        if depth > MAX_DEPTH:
            raise PhpSerialError("bersarang terlalu dalam")
        self.items += 1
        if self.items > MAX_ITEMS:
            raise PhpSerialError("terlalu banyak nilai")
        kind = self.data[self.at : self.at + 2]
        self.at += 2
        if kind == b"N;":
            return None
        if kind == b"b:":
            flag = self.until(b";")
            if flag not in (b"0", b"1"):
                raise PhpSerialError("boolean tidak sah")
            return flag == b"1"
        if kind == b"i:":
            return self.integer(b";")
        if kind == b"d:":
            text = self.until(b";").decode("ascii", "replace")
            try:
                return float(text)
            except ValueError as error:
                raise PhpSerialError("pecahan tidak sah") from error
        if kind == b"s:":
            length = self.integer(b":")
            self.expect(b'"')
            raw = self.data[self.at : self.at + length]
            if length < 0 or len(raw) != length:
                raise PhpSerialError("teks lebih pendek dari panjangnya")
            self.at += length
            self.expect(b'";')
            return raw.decode("utf-8", "replace")
        if kind == b"a:":
            count = self.integer(b":")
            if count < 0 or count > MAX_ITEMS:
                raise PhpSerialError("ukuran larik tidak sah")
            self.expect(b"{")
            result: dict = {}
            for _n in range(count):
                key = self.value(depth + 1)
                if not isinstance(key, int | str) or isinstance(key, bool):
                    raise PhpSerialError("kunci larik tidak sah")
                result[key] = self.value(depth + 1)
            self.expect(b"}")
            return result
        raise PhpSerialError(
            f"jenis {kind[:1].decode('ascii', 'replace')!r} tidak diterima (hanya nilai dan larik)"
        )


def php_unserialize(text: str | bytes) -> PhpValue:
    """The value `text` holds; `PhpSerialError` for anything else (objects included)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    reader = _Reader(data.strip())
    value = reader.value()
    if reader.at != len(reader.data):
        raise PhpSerialError("ada data setelah nilainya")
    return value


def looks_serialized(text: str) -> bool:
    return text.strip()[:2] in ("a:", "s:", "i:", "b:", "d:", "N;", "O:", "C:")
