// The figures' one palette. figure.css declares each colour as a custom property on the figure
// (`--ink`, `--wire`, …); the canvases and charts read them from the element they draw in, so a
// page that sets them restyles the drawings with the rest. The values here are the same colours,
// for drawing with no page around (the renderer tests in Node); tests/unit/palette.test.mjs holds
// the two equal.

export const PALETTE = Object.freeze({
  bg: '#0f1419',
  panel: '#171e26',
  ink: '#e6edf3',
  muted: '#8b98a5',
  line: '#2b3642',
  // The edge of a control (field, menu, button): 3.6:1 on the panel, as WCAG 1.4.11 asks (3:1).
  edge: '#66768a',
  // Wires and empty slots carry meaning: 3.25:1 on the background, as WCAG 1.4.11 asks of graphics.
  wire: '#5a6878',
  go: '#00add8',
  ok: '#3fb950',
  warn: '#d29922',
  bad: '#f85149',
  idle: '#6e7681',
  result: '#a371f7',
  mark: '#e3b341',
  sync: '#bc8cff',
  sleep: '#58a6ff',
});

/** The palette as `element` sees it: each `--name` it inherits, else ours. */
export function paletteOf(element) {
  const style = typeof getComputedStyle === 'function' ? getComputedStyle(element) : null;
  const colors = {};
  for (const [name, fallback] of Object.entries(PALETTE)) {
    colors[name] = style?.getPropertyValue(`--${name}`).trim() || fallback;
  }
  return colors;
}
