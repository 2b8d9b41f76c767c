// Session ids for the benchmark: UUID-shaped, deterministic (seeded), created before any timing.
// Each id is a flat one-byte string, as an id read from a request header or a cookie would be,
// so no contender pays for flattening a concatenated string inside the timed loop.

const HEX = '0123456789abcdef';

/** A small seeded PRNG (mulberry32): the same seed gives the same ids on every run. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** `count` distinct UUID-shaped ids (36 characters) from `seed`. */
export function makeIds(count, seed) {
  const next = mulberry32(seed);
  const buf = Buffer.alloc(36);
  const ids = new Array(count);
  for (let i = 0; i < count; i++) {
    let word = 0;
    for (let j = 0, k = 0; j < 36; j++) {
      if (j === 8 || j === 13 || j === 18 || j === 23) {
        buf[j] = 0x2d; // '-'
        continue;
      }
      if ((k & 7) === 0) word = next();
      buf[j] = HEX.charCodeAt(word & 15);
      word >>>= 4;
      k++;
    }
    ids[i] = buf.toString('latin1');
  }
  return ids;
}

/** `calls` references cycling through `hot` in order: the same few sessions asking again. */
export function cycle(hot, calls) {
  const ids = new Array(calls);
  for (let i = 0; i < calls; i++) ids[i] = hot[i % hot.length];
  return ids;
}
