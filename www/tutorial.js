// The tutorial's pages come alive: each chapter's guesses (asked before its figure runs, then
// compared with what the run did, and why), its challenges (checked from the run's summary and
// event log whenever a run ends or the playhead comes to rest), and the reader's progress,
// kept in localStorage and shown on the contents page.

import './elements/pool-figure.js';
import { pageEngine } from './engine/page-engine.js';
import { RunLog } from './model/run-log.js';
import { GoRun } from './model/go-run.js';
import { verdictOf } from './model/guess.js';
import { CHAPTERS, challengesOf, experimentsOf } from '../tutorial/chapters/index.js';

const STORE = 'poolsim.tutorial.v1';

/** `{guesses: {"chapter/experiment": value}, met: {"chapter/challenge": text}}` */
export function loadProgress() {
  let saved;
  try {
    saved = localStorage.getItem(STORE);
  } catch {
    storageRefused();
    return { guesses: {}, met: {} };
  }
  try {
    const parsed = JSON.parse(saved ?? '{}');
    return { guesses: parsed.guesses ?? {}, met: parsed.met ?? {} };
  } catch {
    // Unreadable (written by hand, or by a future version): start afresh.
    return { guesses: {}, met: {} };
  }
}

function saveProgress(progress) {
  try {
    localStorage.setItem(STORE, JSON.stringify(progress));
  } catch {
    // Storage refused (site data blocked, a full disk): progress lasts as long as the page.
    storageRefused();
  }
}

/** Says, once, that this browser will not keep the reader's progress. */
function storageRefused() {
  if (document.querySelector('.storage-note')) return;
  const note = document.createElement('p');
  note.className = 'storage-note banner';
  note.setAttribute('role', 'status');
  note.textContent =
    'This browser refuses this site storage, so your guesses and met challenges will be ' +
    'forgotten when you leave the page.';
  document.querySelector('main').prepend(note);
}

const number = (n) => Number(n).toLocaleString('en-US');

/** The page's line on how its figures run: measured on the reader's cores, or modeled. */
async function showWhere() {
  const { poolsim } = pageEngine();
  const where = document.getElementById('where');
  const ok = await poolsim.supported();
  where.dataset.isolated = String(ok);
  where.textContent = ok
    ? `Live figures run their goroutines on real threads (GOMAXPROCS of them), measured on ` +
      `your ${navigator.hardwareConcurrency} cores.`
    : `${poolsim.liveOff}: live figures run modeled here, and say so.`;
}

function chapterPage(main) {
  const chapter = CHAPTERS.find((c) => c.slug === main.dataset.chapter);
  const progress = loadProgress();
  for (const block of experimentsOf(chapter)) {
    const section = main.querySelector(`[data-experiment="${block.experiment}"]`);
    const figure = section.querySelector('pool-figure, go-figure');
    const run = { config: null, summary: null };
    figure.addEventListener('pool-start', (event) => {
      run.config = event.detail;
      run.summary = null;
    });
    figure.addEventListener('pool-done', (event) => (run.summary = event.detail));
    if (block.predict) predict(chapter, block, section, figure, run, progress);
    if (block.challenge) challenge(chapter, block, section, figure, run, progress);
  }
}

function predict(chapter, block, section, figure, run, progress) {
  const p = block.predict;
  const key = `${chapter.slug}/${block.experiment}`;
  const form = section.querySelector('form.predict');
  const verdict = form.querySelector('.verdict');
  const why = form.querySelector('.why');
  const button = form.querySelector('button');
  const label = (value) => p.choices?.find((c) => c.value === value)?.label ?? value;
  const show = (value) =>
    p.kind === 'number' ? `${number(value)} ${p.unit ?? ''}`.trim() : `“${label(value)}”`;
  const read = () => {
    if (p.kind === 'number') {
      const input = form.elements.guess;
      return input.value.trim() === '' || !Number.isFinite(input.valueAsNumber)
        ? null
        : input.valueAsNumber;
    }
    return form.querySelector('input[name="guess"]:checked')?.value ?? null;
  };
  const restore = (value) => {
    if (p.kind === 'number') form.elements.guess.value = String(value);
    else {
      const radio = form.querySelector(`input[name="guess"][value="${value}"]`);
      if (radio) radio.checked = true;
    }
  };
  if (key in progress.guesses) {
    restore(progress.guesses[key]);
    verdict.textContent = `Your guess: ${show(progress.guesses[key])}. Run it to compare.`;
    button.textContent = 'Run with my guess';
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const guess = read();
    if (guess === null) {
      verdict.textContent =
        p.kind === 'number'
          ? 'Type a number first: a guess is the point.'
          : 'Pick an answer first.';
      return;
    }
    progress.guesses[key] = guess;
    saveProgress(progress);
    button.disabled = true;
    why.hidden = true;
    verdict.textContent = `Your guess: ${show(guess)}. Running…`;
    // A sweep draws the guess on its chart, so the reader sees it beside the knee.
    if (p.kind === 'number' && figure.hasAttribute('sweep')) {
      figure.setAttribute('sweep-mark', String(guess));
    }
    let summary;
    try {
      summary = await figure.run();
    } catch (error) {
      verdict.textContent = `No run: ${error.message}`;
      button.disabled = false;
      return;
    }
    button.disabled = false;
    button.textContent = 'Run again';
    const said = verdictOf(p, guess, viewOf(figure, summary, run.config), show);
    // A question that cannot score this run is a bug of ours: the reader is told, and so is
    // the console.
    if (said.error) console.error(said.error);
    verdict.dataset.actual = String(said.actual);
    verdict.textContent = said.text;
    why.textContent = said.why ?? '';
    why.hidden = said.why === null;
  });
}

function challenge(chapter, block, section, figure, run, progress) {
  const c = block.challenge;
  const key = `${chapter.slug}/${c.id}`;
  const box = section.querySelector('.challenge');
  const state = box.querySelector('.challenge-state');
  const showMet = (text) => {
    box.dataset.met = 'true';
    state.textContent = `✓ ${text}`;
  };
  if (progress.met[key]) showMet(progress.met[key]);
  const check = (view) => {
    if (box.dataset.met === 'true' || !(view.log || view.run)) return;
    if (!c.check(view)) {
      // How far this run was from it, so the reader knows which way to turn the knob.
      if (c.near) state.textContent = `Not met yet: ${c.near(view)}`;
      return;
    }
    meet(view);
  };
  const meet = (view) => {
    const text = c.met(view);
    progress.met[key] = text;
    saveProgress(progress);
    showMet(text);
  };
  if (c.on === 'playhead') {
    figure.addEventListener('pool-playhead', (event) => {
      if (!figure.timeline) return;
      const log = new RunLog(figure.timeline, event.detail.position);
      check({ state: event.detail.state, log, summary: run.summary, config: run.config });
    });
  } else if (c.cases) {
    figure.addEventListener('pool-done', () => {
      if (box.dataset.met !== 'true') checkCases(c, figure, state, meet);
    });
  } else {
    figure.addEventListener('pool-done', (event) =>
      check(viewOf(figure, event.detail, run.config)),
    );
  }
}

/**
 * A challenge on the reader's own program: after their run, the page runs the program again
 * for each of the challenge's cases (`prepare` puts a case's numbers in it) and checks each run;
 * the first failing case is shown in the figure, and the challenge says why it failed.
 */
async function checkCases(c, figure, state, meet) {
  const source = figure.source;
  const { queue } = pageEngine();
  for (const [i, kase] of c.cases.entries()) {
    const program = c.prepare(source, kase);
    if (program instanceof Error) {
      state.textContent = `Not met yet: ${program.message}.`;
      return;
    }
    state.textContent = `Checking case ${i + 1} of ${c.cases.length} (${c.caseName(kase)})…`;
    let result;
    try {
      result = await queue.runGo(figure, program, { driver: 'sim' });
    } catch (error) {
      state.textContent = `Not met yet: ${c.caseName(kase)}: ${error.message}`;
      return;
    }
    const view = { result, run: new GoRun(result) };
    if (!c.check(view, kase)) {
      figure.showRun(result, `Case ${i + 1}: ${c.caseName(kase)}`);
      state.textContent = `Not met yet: with ${c.caseName(kase)}, ${c.near(view, kase)}`;
      return;
    }
  }
  meet(viewOf(figure, figure.result));
}

/**
 * What a chapter's question or challenge reads of a finished run: a pool's `{summary, log,
 * config}`, or a Go program's `{result, run}` (its result as `runGo` gave it, and its model).
 */
function viewOf(figure, done, config) {
  if (figure.localName === 'go-figure') return { result: done, run: figure.goRun };
  return { summary: done, log: new RunLog(figure.timeline), config, state: null };
}

function contentsPage(main) {
  const progress = loadProgress();
  let done = 0;
  for (const chapter of CHAPTERS) {
    const item = main.querySelector(`li[data-chapter="${chapter.slug}"]`);
    const challenges = challengesOf(chapter);
    const met = challenges.filter((c) => progress.met[`${chapter.slug}/${c.id}`]).length;
    const complete = met === challenges.length;
    if (complete) done += 1;
    item.dataset.done = String(complete);
    item.querySelector('.chapter-state').textContent = complete
      ? `✓ ${met} of ${challenges.length} challenges met`
      : `${met} of ${challenges.length} challenges met`;
  }
  document.getElementById('progress').textContent =
    `${done} of ${CHAPTERS.length} chapters complete.`;
}

const main = document.querySelector('main');
if (main.dataset.chapter) chapterPage(main);
else contentsPage(main);
showWhere();
