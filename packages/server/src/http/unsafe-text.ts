/** A surrogate outside a pair: not Unicode text (both engines would store U+FFFD instead). */
const LONE_SURROGATE = /\p{Cs}/u;

/** NUL, which PostgreSQL cannot store in text, or a lone surrogate. */
function unsafe(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

/** A node still to visit, and how it was reached (its path is rebuilt only for the answer). */
interface Visit {
  readonly value: unknown;
  readonly parent: Visit | undefined;
  readonly segment: string | number;
}

/**
 * Where the first string or object key in `value` holds text that no store keeps as sent: its
 * path as segments, numbers for list positions (`['requires', 1]`; `[]` for `value` itself),
 * or undefined when there is none. Walks without recursion, so a deeply nested body cannot
 * exhaust the stack, and visits each object once, so a circular one (YAML `&a [*a]`) ends.
 *
 * @example
 * findUnsafeText({ requires: ['ok', 'a\u0000b'] }) // ['requires', 1]
 */
export function findUnsafeText(value: unknown): (string | number)[] | undefined {
  const pending: Visit[] = [{ value, parent: undefined, segment: '' }];
  // YAML aliases make shared and even circular values: each object is looked at once.
  const seen = new Set<object>();
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const node = visit.value;
    if (typeof node === 'string') {
      if (unsafe(node)) return pathOf(visit);
    } else if (typeof node === 'object' && node !== null && !seen.has(node)) {
      seen.add(node);
      const list = Array.isArray(node);
      const entries = Object.entries(node);
      const key = list ? undefined : entries.find(([k]) => unsafe(k))?.[0];
      if (key !== undefined) return [...pathOf(visit), key];
      // Reversed, so that the first field is visited first.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [name, item] = entries[i] as [string, unknown];
        pending.push({ value: item, parent: visit, segment: list ? Number(name) : name });
      }
    }
  }
  return undefined;
}

/** The problem with unsafe text, for messages that name the field first. */
export const UNSAFE_TEXT_PROBLEM = 'must not contain NUL characters or unpaired surrogates';

function pathOf(visit: Visit): (string | number)[] {
  const segments: (string | number)[] = [];
  for (let v: Visit | undefined = visit; v?.parent !== undefined; v = v.parent) {
    segments.unshift(v.segment);
  }
  return segments;
}
