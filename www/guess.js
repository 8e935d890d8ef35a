// How a reader's numeric guess compares with what the run did, in words. Relative error reads
// well for counts and times; a percentage is judged in percentage points (a guess of 20% against
// 10% is 10 points off, not "100%"); an answer of 0 has no relative error, and a run that gave
// no number cannot be compared at all.

const fmt = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const points = (n) => `${fmt(n)} percentage point${n === 1 ? '' : 's'}`;

/** `{ well, text }`: whether the guess was well judged, and the words after "The run: …". */
export function judge(guess, actual, unit = '') {
  if (typeof actual !== 'number' || !Number.isFinite(actual)) {
    return { well: false, text: ' — this run gave no number to compare with.' };
  }
  if (unit === '%') {
    const off = Math.abs(guess - actual);
    return off <= Math.max(1, Math.abs(actual) * 0.1)
      ? { well: true, text: ` — within ${points(off)}: well judged.` }
      : { well: false, text: ` — off by ${points(off)}.` };
  }
  if (actual === 0) {
    return guess === 0
      ? { well: true, text: ' — exactly right.' }
      : { well: false, text: ` — off by ${fmt(Math.abs(guess))}${unit ? ` ${unit}` : ''}.` };
  }
  const off = Math.abs(guess - actual) / Math.abs(actual);
  return off <= 0.1
    ? { well: true, text: ' — within 10%: well judged.' }
    : { well: false, text: ` — off by ${Math.round(off * 100)}%.` };
}
