// A figure's playback toolbar: to start, step back, play, step forward, to end, speed, scrub,
// clock, follow live; in a full figure also stepping one goroutine and the exports. Its keys
// work only while focus is inside the figure that owns it.

import { SPEEDS } from './player.js';

const BUTTONS = [
  ['start', '|◀︎', 'To the start', 'To the start (Home)'],
  ['back', '◀︎◀︎', 'Step back', 'Step back one event (←, Shift+← for ten)'],
  ['play', '▶︎', 'Play', 'Play or pause (Space)'],
  ['forward', '▶︎▶︎', 'Step forward', 'Step forward one event (→, Shift+→ for ten)'],
  ['end', '▶︎|', 'To the end', 'To the end (End)'],
];

const KEYS = {
  ' ': 'play',
  ArrowLeft: 'back',
  ArrowRight: 'forward',
  Home: 'start',
  End: 'end',
  ',': 'actor-back',
  '.': 'actor-forward',
};

function button(action, text, { label = null, title = null } = {}) {
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.action = action;
  b.textContent = text;
  if (label) b.setAttribute('aria-label', label);
  if (title) b.title = title;
  return b;
}

/**
 * Builds the toolbar. `full` adds the goroutine stepper and the exports. Returns the element
 * and its parts: `{root, play, speed, scrub, clock, follow, goroutine, linkStatus}`.
 */
export function buildTransport({ full }) {
  const root = document.createElement('div');
  root.className = 'transport';
  root.setAttribute('role', 'toolbar');
  root.setAttribute('aria-label', 'Playback');
  for (const [action, text, label, title] of BUTTONS) {
    root.append(button(action, text, { label, title }));
  }
  const play = root.querySelector('[data-action="play"]');
  play.setAttribute('aria-pressed', 'false');
  const speed = document.createElement('select');
  speed.className = 'pf-speed';
  speed.setAttribute('aria-label', 'Playback speed');
  for (const s of SPEEDS) speed.append(new Option(`${s}× real time`, String(s)));
  speed.value = '1';
  const scrub = document.createElement('input');
  Object.assign(scrub, { type: 'range', min: '0', max: '1000', value: '0', step: '1' });
  scrub.className = 'pf-scrub';
  scrub.setAttribute('aria-label', 'Run time');
  const clock = document.createElement('span');
  clock.className = 'clock';
  clock.textContent = '0 µs';
  const followLabel = document.createElement('label');
  followLabel.className = 'inline';
  const follow = document.createElement('input');
  follow.type = 'checkbox';
  follow.className = 'pf-follow';
  follow.checked = true;
  followLabel.append(follow, ' follow live');
  root.append(speed, scrub, clock, followLabel);
  const parts = { root, play, speed, scrub, clock, follow, goroutine: null, linkStatus: null };
  if (full) {
    const stepper = document.createElement('span');
    stepper.className = 'group';
    const goroutine = document.createElement('select');
    goroutine.className = 'pf-goroutine';
    goroutine.setAttribute('aria-label', 'Goroutine to step');
    stepper.append(
      goroutine,
      button('actor-back', '◀︎', {
        label: 'Previous event of this goroutine',
        title: 'Previous event of this goroutine (,)',
      }),
      button('actor-forward', '▶︎', {
        label: 'Next event of this goroutine',
        title: 'Next event of this goroutine (.)',
      }),
    );
    const exports = document.createElement('span');
    exports.className = 'group';
    const linkStatus = document.createElement('output');
    linkStatus.className = 'muted pf-link-status';
    linkStatus.setAttribute('aria-live', 'polite');
    exports.append(
      button('export-trace', 'Trace ⤓', {
        title: 'Download the run as a Chrome trace (opens in Perfetto)',
      }),
      button('export-go', 'Go ⤓', { title: 'Download the Go program for these settings' }),
      button('copy-link', 'Copy link', {
        title: 'Copy a link that reopens this run at this moment',
      }),
      linkStatus,
    );
    root.append(stepper, exports);
    Object.assign(parts, { goroutine, linkStatus });
  }
  return parts;
}

/**
 * Routes clicks on the toolbar and playback keys pressed inside `scope` (the figure) to
 * `actions[name](shift)`. Keys typed into a field, and Space on a button or link, keep their
 * usual meaning, as does everything outside the figure.
 */
export function wireTransport(toolbar, scope, actions) {
  toolbar.addEventListener('click', (event) => {
    const action = event.target.closest('[data-action]')?.dataset.action;
    if (action && actions[action]) actions[action](event.shiftKey);
  });
  scope.addEventListener('keydown', (event) => {
    if (
      event.target.closest('input, select, textarea') ||
      (event.key === ' ' && event.target.closest('button, a')) ||
      event.ctrlKey ||
      event.metaKey ||
      event.altKey
    )
      return;
    const action = KEYS[event.key];
    if (!action || !actions[action]) return;
    event.preventDefault();
    actions[action](event.shiftKey);
  });
}
