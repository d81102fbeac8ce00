"""A list counter as Word shows it (letters, roman numerals, zero-padded, decimal), for the
numbers a text read-back prints before a list item ("a)", "iv.", "2.1.")."""

from __future__ import annotations

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def format_number(value: int, fmt: str) -> str:
    """A counter as Word shows it: letters, roman, zero-padded, else decimal."""
    if fmt in ("lowerLetter", "upperLetter") and value > 0:
        text = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
    elif fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        text, rest = "", value
        for amount, digits in _ROMAN:
            text, rest = text + digits * (rest // amount), rest % amount
    else:
        return {"bullet": "", "none": "", "decimalZero": f"{value:02d}"}.get(fmt, str(value))
    return text.upper() if fmt.startswith("upper") else text
