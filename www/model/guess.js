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

/**
 * What a prediction says once its run is in: `{actual, text, why, error}`. `p` is the chapter's
 * question (`kind`, `unit`, `actual(view)`, `explain(view)`), `show` formats an answer. A
 * question that throws on this run (a bug of ours) gives a verdict saying so, and the `error`.
 */
export function verdictOf(p, guess, view, show) {
  let actual;
  try {
    actual = p.actual(view);
  } catch (error) {
    const text = `Your guess: ${show(guess)} · this run could not be scored (${error.message}).`;
    return { actual: null, text, why: null, error };
  }
  const gap =
    p.kind === 'number'
      ? judge(guess, actual, p.unit).text
      : guess === actual
        ? ' — right.'
        : ' — not this time.';
  const text = `Your guess: ${show(guess)} · The run: ${show(actual)}${gap}`;
  try {
    return { actual, text, why: p.explain({ ...view, guess, actual }), error: null };
  } catch (error) {
    return { actual, text, why: null, error };
  }
}
