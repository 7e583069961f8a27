#!/usr/bin/env python3
"""Draws the small style-sheet icons (check mark, chevrons) as anti-aliased PNGs.

Standard library only, so the icons can be regenerated anywhere:
    python3 resources/icons/make_icons.py
"""
import math
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = 4  # supersampling per axis


def distance_to_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    cx, cy = ax + t * dx, ay + t * dy
    return math.hypot(px - cx, py - cy)


def render(size, points, width, rgb):
    """A polyline through `points` (fractions of size), stroked `width` px with round caps."""
    pts = [(x * size, y * size) for x, y in points]
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            covered = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    px = x + (sx + 0.5) / SAMPLES
                    py = y + (sy + 0.5) / SAMPLES
                    if any(distance_to_segment(px, py, *pts[i], *pts[i + 1]) <= width / 2
                           for i in range(len(pts) - 1)):
                        covered += 1
            alpha = round(255 * covered / (SAMPLES * SAMPLES))
            row += bytes(rgb) + bytes([alpha])
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(width, height, raw):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    white = (0xFF, 0xFF, 0xFF)
    grey = (0x86, 0x89, 0x93)
    icons = {
        "check.png": render(32, [(0.22, 0.52), (0.42, 0.72), (0.78, 0.30)], 4.0, white),
        "chevron-down.png": render(20, [(0.25, 0.38), (0.5, 0.63), (0.75, 0.38)], 2.2, grey),
        "chevron-up.png": render(20, [(0.25, 0.62), (0.5, 0.37), (0.75, 0.62)], 2.2, grey),
    }
    for name, data in icons.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
