// The Go editor page (go/index.html): CodeMirror 6 over a Go program, Run through
// `poolsim.runGo` (virtual time by default, live as a choice), the output and Go's report
// below, a compile error marked at its line, and the program in the page's link.

import { pageEngine } from './engine/page-engine.js';
import { GO_EXAMPLES } from './go-examples.js';
import { GoRun } from './model/go-run.js';
import { linkOf, sourceOf } from './model/go-link.js';
import { GoView, OutputView } from './views/go-view.js';
import { RecordPlayer } from './views/record-player.js';
import { FigureHost } from './elements/figure/host.js';
import { GoSource } from './views/go-source.js';

const $ = (id) => document.getElementById(id);
const status = $('ge-status');
const { poolsim } = pageEngine();

function say(text, bad = false) {
  status.textContent = text;
  status.classList.toggle('bad', bad);
}

const fromLink = sourceOf(location.hash);
const editor = new GoSource($('ge-editor'), {
  doc: typeof fromLink === 'string' ? fromLink : GO_EXAMPLES[0].source,
  onRun: () => run(),
});
if (fromLink instanceof Error) say(`This link was not opened: ${fromLink.message}.`, true);

const examples = $('ge-example');
examples.append(new Option('—', ''), ...GO_EXAMPLES.map((e, i) => new Option(e.name, String(i))));
examples.value = typeof fromLink === 'string' ? '' : '0';
examples.addEventListener('change', () => {
  const example = GO_EXAMPLES[Number(examples.value)];
  if (example) editor.text = example.source;
});

const [runButton, cancelButton, stdout, stderr] = [
  'ge-run',
  'ge-cancel',
  'ge-stdout',
  'ge-stderr',
].map($);
const steps = $('ge-steps');
// The program view, the output and the code's marks, drawn from one playhead over the run.
const host = new FigureHost($('ge-view'), (onFrame, options) => new RecordPlayer(onFrame, options));
host.add(new GoView($('ge-view'), { playhead: host.player }));
host.add(new OutputView(stdout));
host.add({ draw: ({ state }) => editor.mark(state.goroutines) });
host.keys($('ge-view'), $('ge-view'));

/** Runs the program in the editor; the page's state says how it went. */
async function run() {
  if (runButton.disabled) return;
  const source = editor.text;
  const driver = $('ge-driver').value;
  runButton.disabled = true;
  cancelButton.disabled = driver !== 'live';
  // The last run's marks were about the text as it was.
  editor.diagnose(null);
  editor.mark([]);
  say(driver === 'live' ? 'Running live…' : 'Running in virtual time…');
  try {
    const result = await poolsim.runGo(source, { driver });
    stdout.textContent = result.stdout;
    host.show(new GoRun(result));
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
      editor.diagnose(error);
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
  url.hash = linkOf(editor.text);
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
    return editor.text;
  },
  set source(text) {
    editor.text = text;
  },
  run,
};
