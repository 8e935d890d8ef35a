// Go source in CodeMirror 6, as the editor page and a `<go-figure>` show it: Go's syntax in
// the page's colours, a compile error marked at its line, and at a run's playhead each
// goroutine's line marked with who is there and why. Read-only unless asked to be editable.

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
} from '../../vendor/codemirror.js';

/**
 * The editor's own look. CodeMirror writes its styles into a `<style>` element in a document's
 * head, which the page's Content-Security-Policy (`style-src 'self'`, no nonce on a static host)
 * refuses; in a shadow root it adopts constructed style sheets instead, which the policy allows.
 * Its colours are the figures' palette (custom properties inherit into the shadow root); the
 * syntax colours and the tints under a line are the editor's own.
 */
const theme = EditorView.theme(
  {
    '&': {
      backgroundColor: 'var(--panel)',
      color: 'var(--ink)',
      maxHeight: '60vh',
      minHeight: '14rem',
    },
    '.cm-scroller': { fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, monospace" },
    '.cm-content': { caretColor: 'var(--ink)' },
    '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', border: 'none' },
    '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: '#1f2a35' },
    '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--ink)' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': {
      backgroundColor: '#264f78',
    },
    '.cm-tooltip': {
      backgroundColor: 'var(--panel)',
      color: 'var(--ink)',
      border: '1px solid var(--edge)',
    },
    // A tint every token colour keeps 4.5:1 on, and a bar that does not depend on colour alone.
    '.cm-go-here': { backgroundColor: '#1c2619', boxShadow: 'inset 3px 0 0 var(--warn)' },
    '.cm-go-who': { color: 'var(--warn)', marginLeft: '1.5em', fontStyle: 'italic' },
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
    color: 'var(--muted)',
    fontStyle: 'italic',
  },
  { tag: [tags.typeName, tags.standard(tags.typeName)], color: '#7ee787' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: '#d2a8ff' },
  { tag: [tags.definition(tags.variableName)], color: '#ffa657' },
  {
    tag: [tags.operator, tags.punctuation, tags.variableName, tags.propertyName],
    color: 'var(--ink)',
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

export class GoSource {
  #view;

  /**
   * An editor in `host` (its shadow root: see the theme's note) holding `doc`. `label` names it
   * for screen readers; `onRun` is what Ctrl/Cmd-Enter does.
   */
  constructor(host, { doc, editable = true, label = 'Go source', onRun = () => {} }) {
    const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    this.#view = new EditorView({
      parent: root,
      root,
      state: EditorState.create({
        doc,
        extensions: [
          basicSetup,
          go(),
          lintGutter(),
          here,
          theme,
          syntaxHighlighting(highlight),
          keymap.of([indentWithTab, { key: 'Mod-Enter', run: () => (onRun(), true) }]),
          // Focusable even read-only, so a reader can scroll a long program by keyboard (and
          // axe's scrollable-region-focusable holds).
          EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
          EditorState.readOnly.of(!editable),
          EditorView.editable.of(editable),
        ],
      }),
    });
  }

  get text() {
    return this.#view.state.doc.toString();
  }

  set text(text) {
    this.#view.dispatch({ changes: { from: 0, to: this.#view.state.doc.length, insert: text } });
  }

  /** Marks where `goroutines` (a run's state at its playhead) are, or clears the marks. */
  mark(goroutines = []) {
    this.#view.dispatch({ effects: setHere.of(marksOf(this.#view.state.doc, goroutines)) });
  }

  /** A compile error (`{message, line, column}`) marked where it is; `null` clears it. */
  diagnose(error) {
    const doc = this.#view.state.doc;
    if (!error) {
      this.#view.dispatch(setDiagnostics(this.#view.state, []));
      return;
    }
    const line = doc.line(Math.min(Math.max(1, error.line), doc.lines));
    const from = Math.min(line.from + Math.max(0, (error.column ?? 1) - 1), line.to);
    this.#view.dispatch(
      setDiagnostics(this.#view.state, [
        { from, to: Math.max(from + 1, line.to), severity: 'error', message: error.message },
      ]),
    );
  }

  destroy() {
    this.#view.destroy();
  }
}
