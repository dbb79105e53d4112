"""The picture of the paths: its window over the plane and the contour lines of f in it."""
import numpy as np

from ..display import numbers
from .file import PLOT_LIMIT

GRID = 321  # contour grid points per axis
SMOOTH = 1e-3  # contour points closer than this (a fraction of the window) to the line through the others go


def window(surface, paths):
    """The plotted ranges: as given, else the box of the paths' points that are not worse than the start
    by much (a diverging path leaves the picture instead of stretching it), with a margin."""
    if surface.x_range and surface.y_range:
        return surface.x_range, surface.y_range
    start = np.array(surface.start)
    f0 = float(paths[0].values[0]) if paths else 0.0
    best = min((float(p.values.min()) for p in paths), default=f0)
    limit = f0 + 0.5 * abs(f0 - best) + 1e-12
    pts = [start] + [p.points[p.values <= limit] for p in paths]
    if surface.minimum:
        pts.append(np.array(surface.minimum))
    box = np.vstack([np.reshape(q, (-1, 2)) for q in pts])
    ranges = []
    for k, given in enumerate((surface.x_range, surface.y_range)):
        if given:
            ranges.append(given)
            continue
        # a path thrown to 1e308 leaves a picture that stays within floating point, instead of widening it to inf
        lo, hi = (float(np.clip(v, -PLOT_LIMIT, PLOT_LIMIT)) for v in (box[:, k].min(), box[:, k].max()))
        pad = max(0.1 * (hi - lo), 0.5 if hi == lo else 0.0)
        ranges.append((lo - pad, hi + pad))
    return tuple(ranges)


def contour_levels(surface, z):
    """The contour values: as given, or `levels` values spaced geometrically above the grid's minimum."""
    if isinstance(surface.levels, tuple):
        return list(surface.levels)
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        return []
    low = float(finite.min())
    above = finite - low
    top, bottom = float(np.quantile(above, 0.9)), float(np.quantile(above, 0.002))
    if top <= 0:
        return []
    bottom = max(bottom, top * 1e-4)
    if bottom >= top:
        bottom = top / 100
    return [low + float(numbers.plain(v, 2)) for v in np.geomspace(bottom, top, surface.levels)]


def marching_squares(xs, ys, z, level):
    """The contour lines of z (rows along ys, columns along xs) at `level`, as lists of (x, y) points."""
    above = z > level
    ok = np.isfinite(z)
    segments = []
    ny, nx = z.shape
    cells = ok[:-1, :-1] & ok[1:, :-1] & ok[:-1, 1:] & ok[1:, 1:]
    code = (above[:-1, :-1] * 1 + above[:-1, 1:] * 2 + above[1:, 1:] * 4 + above[1:, :-1] * 8)
    for i, j in zip(*np.nonzero(cells & (code != 0) & (code != 15))):
        corners = ((i, j), (i, j + 1), (i + 1, j + 1), (i + 1, j))  # counter-clockwise from bottom left
        c = int(code[i, j])
        crossing = [k for k in range(4) if ((c >> k) & 1) != ((c >> ((k + 1) % 4)) & 1)]
        ids = [_edge(corners[k], corners[(k + 1) % 4]) for k in crossing]
        if len(ids) == 2:
            segments.append(tuple(ids))
        else:  # a saddle: join the crossings so that the centre's side stays connected
            centre_above = z[i:i + 2, j:j + 2].mean() > level
            first = 0 if bool(c & 1) == centre_above else 1
            ordered = ids[first:] + ids[:first]
            segments += [(ordered[0], ordered[1]), (ordered[2], ordered[3])]
    lines = _join(segments)

    def point(e):
        (i0, j0), (i1, j1) = e
        z0, z1 = z[i0, j0], z[i1, j1]
        w = (level - z0) / (z1 - z0)
        return (float(xs[j0] + w * (xs[j1] - xs[j0])), float(ys[i0] + w * (ys[i1] - ys[i0])))

    return [[point(e) for e in line] for line in lines]


def _edge(a, b):
    return (a, b) if a < b else (b, a)


def _join(segments):
    """Chain segments sharing an edge crossing into polylines."""
    touching = {}
    for n, (a, b) in enumerate(segments):
        touching.setdefault(a, []).append(n)
        touching.setdefault(b, []).append(n)
    used, lines = set(), []
    ends = [e for e, ns in touching.items() if len(ns) == 1]
    for first in ends + list(touching):
        for n in touching[first]:
            if n in used:
                continue
            line, here = [first], first
            while True:
                nxt = next((m for m in touching[here] if m not in used), None)
                if nxt is None:
                    break
                used.add(nxt)
                a, b = segments[nxt]
                here = b if a == here else a
                line.append(here)
            lines.append(line)
    return lines


def contours(surface, numeric, ranges):
    """(level, lines) for each contour level over the plotted window."""
    xs = np.linspace(*ranges[0], GRID)
    ys = np.linspace(*ranges[1], GRID)
    gx, gy = np.meshgrid(xs, ys)
    z = numeric.value(gx, gy)
    scale = np.array([ranges[0][1] - ranges[0][0], ranges[1][1] - ranges[1][0]])
    return [(level, [simplify(np.array(line), scale) for line in marching_squares(xs, ys, z, level)])
            for level in contour_levels(surface, z)]


def simplify(line, scale, tolerance=SMOOTH):
    """Ramer-Douglas-Peucker: the points of a polyline that keep it within `tolerance` (of `scale`)."""
    if len(line) < 3:
        return line
    pts = line / scale
    keep = np.zeros(len(pts), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        chord = pts[b] - pts[a]
        rel = pts[a + 1:b] - pts[a]
        length = np.hypot(*chord)
        dist = (np.abs(chord[0] * rel[:, 1] - chord[1] * rel[:, 0]) / length if length > 0
                else np.hypot(rel[:, 0], rel[:, 1]))
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            keep[a + 1 + k] = True
            stack += [(a, a + 1 + k), (a + 1 + k, b)]
    return line[keep]
