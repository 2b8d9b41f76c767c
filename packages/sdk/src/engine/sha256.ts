/**
 * The first 32 bits of SHA-256 over the UTF-8 bytes of `prefix + suffix`, as an unsigned
 * integer — exactly `parseInt(sha256_hex(prefix + suffix).slice(0, 8), 16)`.
 *
 * Bucketing needs only this one word, so the hash writes UTF-8 straight into a reused buffer
 * (no string concatenation, no hex string, no parseInt). It works in browsers as well, where
 * WebCrypto is asynchronous. Lone surrogates are encoded as U+FFFD, like Node's Buffer and
 * TextEncoder do, so results match `crypto.createHash('sha256').update(str)` for every string.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Inputs up to this many bytes reuse one buffer; longer (unusual) ones get their own. */
const SHARED_CAPACITY = 4096;

// Scratch space. Hashing is synchronous and never re-entered, so one buffer, one message
// schedule and one state serve every call without allocation.
const shared = new Uint8Array(SHARED_CAPACITY);
const W = new Int32Array(64);
const H = new Int32Array(8);

export function sha256First32(prefix: string, suffix: string): number {
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) {
    // A surrogate pair split across the two parts must be encoded as one code point.
    return sha256First32('', prefix + suffix);
  }
  if (prefix.length + suffix.length <= 55 && loadAsciiBlock(prefix, suffix)) {
    resetState();
    processBlock();
    return H[0]! >>> 0;
  }
  return hashBytes(prefix, suffix);
}

/**
 * The common case: an ASCII input that fits one block is written straight into the message
 * schedule as big-endian words, padding included. Returns false (having written garbage) when
 * a character is not ASCII.
 */
function loadAsciiBlock(prefix: string, suffix: string): boolean {
  const plen = prefix.length;
  const total = plen + suffix.length;
  let word = 0;
  let j = 0;
  for (; j < total; j++) {
    const c = j < plen ? prefix.charCodeAt(j) : suffix.charCodeAt(j - plen);
    if (c > 0x7f) return false;
    word = (word << 8) | c;
    if ((j & 3) === 3) {
      W[j >> 2] = word;
      word = 0;
    }
  }
  // The 0x80 padding byte, the partial last word, and zeros up to the length word.
  const filled = j & 3;
  W[j >> 2] = ((word << 8) | 0x80) << ((3 - filled) << 3);
  for (let t = (j >> 2) + 1; t < 15; t++) W[t] = 0;
  W[15] = total << 3;
  return true;
}

function hashBytes(prefix: string, suffix: string): number {
  const worstCase = (prefix.length + suffix.length) * 3 + 72;
  const buf = worstCase <= SHARED_CAPACITY ? shared : new Uint8Array(worstCase);
  let n = writeUtf8(buf, 0, prefix);
  n = writeUtf8(buf, n, suffix);
  const blocks = (n + 9 + 63) >>> 6;
  const end = blocks << 6;
  buf[n] = 0x80;
  buf.fill(0, n + 1, end - 8);
  const bitsHigh = Math.floor(n / 0x20000000);
  const bitsLow = (n << 3) >>> 0;
  buf[end - 8] = bitsHigh >>> 24;
  buf[end - 7] = bitsHigh >>> 16;
  buf[end - 6] = bitsHigh >>> 8;
  buf[end - 5] = bitsHigh;
  buf[end - 4] = bitsLow >>> 24;
  buf[end - 3] = bitsLow >>> 16;
  buf[end - 2] = bitsLow >>> 8;
  buf[end - 1] = bitsLow;
  resetState();
  for (let base = 0; base < end; base += 64) {
    for (let t = 0; t < 16; t++) {
      const j = base + (t << 2);
      W[t] = (buf[j]! << 24) | (buf[j + 1]! << 16) | (buf[j + 2]! << 8) | buf[j + 3]!;
    }
    processBlock();
  }
  return H[0]! >>> 0;
}

function writeUtf8(buf: Uint8Array, start: number, s: string): number {
  let n = start;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[n++] = c;
    } else if (c < 0x800) {
      buf[n++] = 0xc0 | (c >>> 6);
      buf[n++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      buf[n++] = 0xe0 | (c >>> 12);
      buf[n++] = 0x80 | ((c >>> 6) & 0x3f);
      buf[n++] = 0x80 | (c & 0x3f);
    } else {
      const next = i + 1 < len ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        buf[n++] = 0xf0 | (cp >>> 18);
        buf[n++] = 0x80 | ((cp >>> 12) & 0x3f);
        buf[n++] = 0x80 | ((cp >>> 6) & 0x3f);
        buf[n++] = 0x80 | (cp & 0x3f);
        i++;
      } else {
        buf[n++] = 0xef;
        buf[n++] = 0xbf;
        buf[n++] = 0xbd;
      }
    }
  }
  return n;
}

function resetState(): void {
  H[0] = 0x6a09e667;
  H[1] = 0xbb67ae85;
  H[2] = 0x3c6ef372;
  H[3] = 0xa54ff53a;
  H[4] = 0x510e527f;
  H[5] = 0x9b05688c;
  H[6] = 0x1f83d9ab;
  H[7] = 0x5be0cd19;
}

/** One compression of the block already in W[0..15] into the state H. */
function processBlock(): void {
  for (let t = 16; t < 64; t++) {
    const x = W[t - 15]!;
    const y = W[t - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
  }
  let a = H[0]!;
  let b = H[1]!;
  let c = H[2]!;
  let d = H[3]!;
  let e = H[4]!;
  let f = H[5]!;
  let g = H[6]!;
  let h = H[7]!;
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[t]! + W[t]!) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = (H[0]! + a) | 0;
  H[1] = (H[1]! + b) | 0;
  H[2] = (H[2]! + c) | 0;
  H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0;
  H[5] = (H[5]! + f) | 0;
  H[6] = (H[6]! + g) | 0;
  H[7] = (H[7]! + h) | 0;
}
