// A figure's layout by its `controls` and `views`: the buttons and settings it offers, and where
// each view it shows goes. The views register with the figure's host here.

import { pageEngine } from '../../engine/page-engine.js';
import { buildFields, syncForm } from '../../views/config-form.js';
import { el } from '../../views/dom.js';
import { DiagramView } from '../../views/figure/diagram-view.js';
import { TransportView } from '../../views/figure/transport-view.js';
import { CodeView } from '../../views/figure/code-view.js';
import { GmpPanel } from '../../views/figure/gmp-panel.js';
import { ChartsView } from '../../views/figure/charts-view.js';
import { SummaryView } from '../../views/figure/summary-view.js';
import { CrashView } from '../../views/figure/crash-view.js';
import { SizingView } from '../../views/figure/sizing-view.js';
import { SweepPanel } from '../../views/figure/sweep-panel.js';
import { CurveView } from '../../views/figure/curve-view.js';
import { fieldNames } from './settings.js';

export const VIEWS = ['diagram', 'gmp', 'code', 'charts', 'summary', 'sweep', 'curve'];

/** The views a figure shows: its `views` attribute, else the diagram (all with full controls). */
export function viewsOf(element) {
  const given = element.getAttribute('views');
  if (given === null) return element.getAttribute('controls') === 'full' ? VIEWS : ['diagram'];
  return given.split(/\s+/).filter((v) => VIEWS.includes(v));
}

/** A titled panel of the full figure. */
function panel(title, className, ...children) {
  const section = el('section', `panel ${className}`.trim());
  section.setAttribute('aria-label', title);
  section.append(el('h2', '', title), ...children);
  return section;
}

function column(title, withHeading, ...children) {
  const div = el('div');
  if (withHeading) div.append(el('h3', '', title));
  div.append(...children);
  return div;
}

/**
 * Fills `f.element` with its controls and views, registering each view with `f.host`; sets
 * `f.parts` (the controls) and `f.views` (the views by name).
 */
export function build(f) {
  const { element, host } = f;
  const full = element.getAttribute('controls') === 'full';
  const shown = viewsOf(element);
  const controls = element.getAttribute('controls') ?? 'run';
  const p = {};
  const views = {};
  p.status = el('span', 'pf-status');
  p.status.setAttribute('role', 'status');
  p.outcome = el('p', 'pf-outcome muted');
  views.crash = host.add(new CrashView());
  p.run = el('button', full ? 'pf-start' : 'pf-run', full ? 'Start' : 'Run');
  p.cancel = el('button', 'pf-cancel', 'Cancel');
  p.cancel.type = 'button';
  p.cancel.disabled = true;
  p.cancel.addEventListener('click', () => element.cancel());
  const settingsChanged = () => f.settings.show(null);

  const sections = [];
  if (full) {
    p.note = el('p', 'banner pf-note');
    p.note.setAttribute('role', 'status');
    p.note.hidden = true;
    sections.push(p.note, views.crash.root);
    // method="dialog" outside a dialog: submitting does nothing natively, so a page whose
    // script failed to load never reloads itself when Start is pressed.
    p.form = el('form', 'pf-config');
    p.form.method = 'dialog';
    p.form.noValidate = true;
    p.run.type = 'submit';
    p.pause = el('button', 'pf-pause', 'Pause collector');
    p.pause.type = 'button';
    p.pause.setAttribute('aria-pressed', 'false');
    p.pause.disabled = true;
    p.pause.addEventListener('click', () => {
      const paused = p.pause.getAttribute('aria-pressed') !== 'true';
      p.pause.setAttribute('aria-pressed', String(paused));
      p.pause.textContent = paused ? 'Resume collector' : 'Pause collector';
      pageEngine().queue.pauseCollector(element, paused);
    });
    p.sweepButton = el('button', 'pf-sweep-button', 'Sizing sweep');
    p.sweepButton.type = 'button';
    p.sweepButton.title = 'Simulate these settings with 1 to 256 workers';
    p.sweepButton.addEventListener('click', () => f.sweeps.simulated());
    const buttons = el('div', 'buttons');
    buttons.append(p.run, p.cancel, p.pause, p.sweepButton, p.status);
    const formError = el('output', 'error pf-form-error');
    formError.dataset.errorFor = 'config';
    p.form.append(...buildFields(), buttons, formError);
    p.form.addEventListener('submit', (event) => {
      event.preventDefault();
      element.run().catch(() => {});
    });
    p.form.addEventListener('change', (event) => {
      if (event.target.tagName === 'SELECT') syncForm(p.form);
      settingsChanged();
    });
    // Before the first run the diagram and the code follow the settings as they are typed.
    p.form.addEventListener('input', settingsChanged);
    syncForm(p.form);
    sections.push(panel('The orchestrator', 'controls', p.form));
  } else {
    p.run.type = 'button';
    p.run.addEventListener('click', () => element.run().catch(() => {}));
    const names = fieldNames(element);
    if (names) {
      // A few settings the reader may change (the figure's author chose which).
      p.fields = el('form', 'pf-fields pf-config');
      p.fields.method = 'dialog';
      p.fields.noValidate = true;
      const formError = el('output', 'error pf-form-error');
      formError.dataset.errorFor = 'config';
      p.fields.append(...buildFields(names), formError);
      p.fields.addEventListener('submit', (event) => {
        event.preventDefault();
        // Enter in a form of one field submits it (HTML's implicit submission): a run, as
        // the Run button would start — not a second one beside a run going on.
        if (!p.running) element.run().catch(() => {});
      });
      p.fields.addEventListener('input', (event) => {
        // What the reader typed outlives the first filling, however late that comes.
        event.target.dataset.edited = 'true';
        settingsChanged();
      });
      p.fields.addEventListener('change', settingsChanged);
      sections.push(p.fields);
    }
    if (controls === 'run') {
      const bar = el('div', 'pf-controls');
      bar.append(p.run, p.cancel, p.status);
      sections.push(bar);
    }
  }

  const watch = [];
  const invalidate = () => host.player.invalidate();
  if (shown.includes('diagram')) {
    views.transport = host.add(new TransportView({ full, player: host.player }));
    views.diagram = host.add(new DiagramView({ invalidate }));
    watch.push(...views.transport.nodes, ...views.diagram.nodes);
  }
  if (shown.includes('gmp')) {
    views.gmp = host.add(new GmpPanel());
    watch.push(views.gmp.root);
  }
  const below = el('div', 'below');
  if (shown.includes('code')) {
    views.code = host.add(new CodeView());
    below.append(column('The Go program, line by line', full, views.code.root));
  }
  if (shown.includes('charts')) {
    views.charts = host.add(new ChartsView());
    below.append(column('Over time', full, views.charts.root, views.charts.latency));
  }
  if (below.childElementCount > 0) watch.push(below);
  below.classList.toggle('single', below.childElementCount === 1);
  const watchRoot = full ? panel('Watch the pool', 'pf-watch', ...watch) : el('div', 'pf-watch');
  if (!full) watchRoot.append(...watch);
  sections.push(watchRoot);
  if (full) {
    views.sweepPanel = host.add(new SweepPanel(panel));
    sections.push(views.sweepPanel.root);
  }
  if (shown.includes('sweep')) {
    views.sizing = host.add(new SizingView());
    sections.push(views.sizing.root);
  }
  if (shown.includes('curve')) {
    views.curve = host.add(new CurveView());
    sections.push(views.curve.root);
  }
  if (shown.includes('summary')) {
    views.summary = host.add(new SummaryView());
    sections.push(full ? panel('Summary', '', views.summary.root) : views.summary.root);
  }
  if (!full) sections.push(p.outcome, views.crash.root);
  element.replaceChildren(...sections);
  p.watchRoot = watchRoot;
  f.parts = p;
  f.views = views;
}
