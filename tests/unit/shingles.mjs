// Runs of eight words, normalised (lower case, letters and digits only) and hashed (FNV-1a,
// 32 bits): equal runs give equal hashes, and the hashes do not give the words back.

export const RUN = 8;

export function words(text) {
  return text
    .replace(/<[^>]*>/g, ' ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The hash of every run of `RUN` consecutive words of `text`. */
export function shingles(text) {
  const w = words(text);
  const out = new Set();
  for (let i = 0; i + RUN <= w.length; i++) out.add(fnv1a(w.slice(i, i + RUN).join(' ')));
  return out;
}
