// The Go editor page (go/index.html): CodeMirror 6 over a Go program, Run through
// `poolsim.runGo` (virtual time by default, live as a choice), the output and Go's report
// below, a compile error marked at its line, and the program in the page's link.

import {
  EditorView,
  EditorState,
  StateField,
  StateEffect,
  Decoration,
  WidgetType,
  basicSetup,
  keymap,
  indentWithTab,
  go,
  setDiagnostics,
  lintGutter,
  HighlightStyle,
  syntaxHighlighting,
  tags,
} from '../vendor/codemirror.js';
import { pageEngine } from './page-engine.js';
import { GO_EXAMPLES } from './go-examples.js';
import { GoRun } from './go-run.js';
import { GoView } from './views/go-view.js';

const $ = (id) => document.getElementById(id);
const status = $('ge-status');
const { poolsim } = pageEngine();

/** The program in a link: `#go=` and its UTF-8 in base64url. */
export function linkOf(source) {
  const bytes = new TextEncoder().encode(source);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `#go=${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The program a link holds, `null` if it holds none, or an `Error` saying what is wrong. */
export function sourceOf(hash) {
  const m = /^#go=([A-Za-z0-9_-]*)$/.exec(hash);
  if (!m) return hash.startsWith('#go=') ? new Error('the link’s program is not base64url') : null;
  try {
    const binary = atob(m[1].replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new Error('the link’s program could not be read (cut short?)');
  }
}

function say(text, bad = false) {
  status.textContent = text;
  status.classList.toggle('bad', bad);
}

/**
 * The editor's own look. CodeMirror writes its styles into a `<style>` element in a document's
 * head, which the page's Content-Security-Policy (`style-src 'self'`, no nonce on a static host)
 * refuses; in a shadow root it adopts constructed style sheets instead, which the policy allows.
 */
const theme = EditorView.theme(
  {
    '&': { backgroundColor: '#171e26', color: '#e6edf3', maxHeight: '60vh', minHeight: '14rem' },
    '.cm-scroller': { fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, monospace" },
    '.cm-content': { caretColor: '#e6edf3' },
    '.cm-gutters': { backgroundColor: '#0f1419', color: '#8b98a5', border: 'none' },
    '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: '#1f2a35' },
    '&.cm-focused .cm-cursor': { borderLeftColor: '#e6edf3' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': {
      backgroundColor: '#264f78',
    },
    '.cm-tooltip': { backgroundColor: '#171e26', color: '#e6edf3', border: '1px solid #66768a' },
    // A tint every token colour keeps 4.5:1 on, and a bar that does not depend on colour alone.
    '.cm-go-here': { backgroundColor: '#1c2619', boxShadow: 'inset 3px 0 0 #d29922' },
    '.cm-go-who': { color: '#d29922', marginLeft: '1.5em', fontStyle: 'italic' },
  },
  { dark: true },
);

/** Go's syntax in the page's colours, each 4.5:1 or more on the editor's panel. */
const highlight = HighlightStyle.define([
  {
    tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.moduleKeyword],
    color: '#ff7b72',
  },
  { tag: [tags.string, tags.special(tags.string), tags.character], color: '#a5d6ff' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: '#79c0ff' },
  {
    tag: [tags.comment, tags.lineComment, tags.blockComment],
    color: '#8b98a5',
    fontStyle: 'italic',
  },
  { tag: [tags.typeName, tags.standard(tags.typeName)], color: '#7ee787' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: '#d2a8ff' },
  { tag: [tags.definition(tags.variableName)], color: '#ffa657' },
  {
    tag: [tags.operator, tags.punctuation, tags.variableName, tags.propertyName],
    color: '#e6edf3',
  },
]);

/** Where each goroutine is at the playhead: its line marked, and who is there, in words. */
const setHere = StateEffect.define();

class HereWidget extends WidgetType {
  constructor(text) {
    super();
    this.text = text;
  }
  eq(other) {
    return other.text === this.text;
  }
  toDOM() {
    const span = document.createElement('span');
    span.className = 'cm-go-who';
    span.textContent = this.text;
    return span;
  }
}

const here = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) if (effect.is(setHere)) return effect.value;
    return tr.docChanged ? Decoration.none : marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** `goroutines` (a run's state at the playhead) as marks on their lines. */
function marksOf(doc, goroutines) {
  const byLine = new Map();
  for (const g of goroutines) {
    if (g.state === 'exited' || !g.line || g.line > doc.lines) continue;
    if (!byLine.has(g.line)) byLine.set(g.line, []);
    byLine.get(g.line).push(g);
  }
  const marks = [];
  for (const [number, here] of [...byLine].sort((a, b) => a[0] - b[0])) {
    const line = doc.line(number);
    const names = here.map((g) => (g.id === 1 ? 'main' : `g${g.id}`));
    const shown =
      names.length > 4
        ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`
        : names.join(', ');
    const states = [...new Set(here.map((g) => (g.state === 'blocked' ? g.wait : g.state)))];
    marks.push(Decoration.line({ class: 'cm-go-here' }).range(line.from));
    marks.push(
      Decoration.widget({
        widget: new HereWidget(`◂ ${shown}: ${states.join(', ')}`),
        side: 1,
      }).range(line.to),
    );
  }
  return Decoration.set(marks, true);
}

const fromLink = sourceOf(location.hash);
const host = $('ge-editor').attachShadow({ mode: 'open' });
const editor = new EditorView({
  parent: host,
  root: host,
  state: EditorState.create({
    doc: typeof fromLink === 'string' ? fromLink : GO_EXAMPLES[0].source,
    extensions: [
      basicSetup,
      go(),
      lintGutter(),
      here,
      theme,
      syntaxHighlighting(highlight),
      keymap.of([indentWithTab, { key: 'Mod-Enter', run: () => (run(), true) }]),
      EditorView.contentAttributes.of({ 'aria-label': 'Go source' }),
    ],
  }),
});
if (fromLink instanceof Error) say(`This link was not opened: ${fromLink.message}.`, true);

const examples = $('ge-example');
examples.append(new Option('—', ''), ...GO_EXAMPLES.map((e, i) => new Option(e.name, String(i))));
examples.value = typeof fromLink === 'string' ? '' : '0';
examples.addEventListener('change', () => {
  const example = GO_EXAMPLES[Number(examples.value)];
  if (!example) return;
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: example.source } });
});

const [runButton, cancelButton, stdout, stderr] = [
  'ge-run',
  'ge-cancel',
  'ge-stdout',
  'ge-stderr',
].map($);
const steps = $('ge-steps');
const view = new GoView($('ge-view'), {
  onOutput: (text) => (stdout.textContent = text),
  onPlayhead: (state) =>
    editor.dispatch({ effects: setHere.of(marksOf(editor.state.doc, state.goroutines)) }),
});

/** Runs the program in the editor; the page's state says how it went. */
async function run() {
  if (runButton.disabled) return;
  const source = editor.state.doc.toString();
  const driver = $('ge-driver').value;
  runButton.disabled = true;
  cancelButton.disabled = driver !== 'live';
  // The last run's marks were about the text as it was.
  editor.dispatch(setDiagnostics(editor.state, []));
  say(driver === 'live' ? 'Running live…' : 'Running in virtual time…');
  try {
    const result = await poolsim.runGo(source, { driver });
    stdout.textContent = result.stdout;
    view.show(new GoRun(result));
    steps.hidden = false;
    stderr.textContent = result.stderr;
    stderr.hidden = result.stderr === '';
    const clock = driver === 'live' ? 'real' : 'virtual';
    const limit = result.limit ? ` · stopped by poolsim's ${result.limit} limit` : '';
    say(
      `exit status ${result.exitCode} · ${result.elapsedMs.toFixed(1)} ms of ${clock} time · ` +
        `${result.peakGoroutines} goroutines at most${limit}`,
      result.exitCode !== 0,
    );
  } catch (error) {
    stdout.textContent = '';
    steps.hidden = true;
    if (error.line != null) {
      // A compile error, as `go build` writes it, marked where it is.
      const line = editor.state.doc.line(Math.min(error.line, editor.state.doc.lines));
      const from = Math.min(line.from + Math.max(0, error.column - 1), line.to);
      editor.dispatch(
        setDiagnostics(editor.state, [
          { from, to: Math.max(from + 1, line.to), severity: 'error', message: error.message },
        ]),
      );
      stderr.textContent = error.message;
      stderr.hidden = false;
      say(`Does not compile: ${error.message}`, true);
    } else {
      stderr.hidden = true;
      say(error.message, true);
    }
  } finally {
    runButton.disabled = false;
    cancelButton.disabled = true;
  }
}

runButton.addEventListener('click', run);
cancelButton.addEventListener('click', () => poolsim.cancel());
$('ge-link').addEventListener('click', async () => {
  const url = new URL(location.href);
  url.hash = linkOf(editor.state.doc.toString());
  history.replaceState(null, '', url);
  try {
    await navigator.clipboard.writeText(url.href);
    say('The link to this program is copied (and in the address bar).');
  } catch {
    say('The link to this program is in the address bar.');
  }
});

// For tests and scripts: the editor's text, and a run.
window.goEditor = {
  get source() {
    return editor.state.doc.toString();
  },
  set source(text) {
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
  },
  run,
};
