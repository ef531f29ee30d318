/** Half-open spans of epoch milliseconds, `[start, end)`. Lists returned here are sorted, disjoint and non-touching. */
export interface Interval {
  start: number;
  end: number;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Sorts and merges touching or overlapping spans; drops empty ones. */
export function normalize(spans: readonly Interval[]): Interval[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** The spans covered by both normalized lists. */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i].start, b[j].start);
    const end = Math.min(a[i].end, b[j].end);
    if (end > start) out.push({ start, end });
    if (a[i].end < b[j].end) i++;
    else j++;
  }
  return out;
}

/** The spans of normalized `a` not covered by any of `b` (any order). */
export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const cuts = normalize(b);
  const out: Interval[] = [];
  for (const span of a) {
    let start = span.start;
    for (const cut of cuts) {
      if (cut.end <= start || cut.start >= span.end) continue;
      if (cut.start > start) out.push({ start, end: cut.start });
      start = Math.max(start, cut.end);
      if (start >= span.end) break;
    }
    if (start < span.end) out.push({ start, end: span.end });
  }
  return out;
}

/** Whether `span` lies entirely inside one span of a normalized list (binary search). */
export function covers(list: readonly Interval[], span: Interval): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= span.start) lo = mid + 1;
    else if (list[mid].start > span.start) hi = mid - 1;
    else return list[mid].end >= span.end;
  }
  return false;
}

/** Code-unit order of ids: the same on every machine, whatever its locale. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `span` overlaps any span of a normalized list (binary search). */
export function overlapsAny(list: readonly Interval[], span: Interval): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && list[lo].start < span.end;
}
