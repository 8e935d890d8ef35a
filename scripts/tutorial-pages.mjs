// Writes the tutorial's pages into dist/tutorial/: a contents page and one page per chapter,
// from the chapter modules (tutorial/chapters/), which are copied alongside for the page's own
// script to read their predictions and checks. Prose is in the page, so it reads without
// scripts; the figures, guesses and challenges come alive when tutorial.js loads.
//
// Usage: node scripts/tutorial-pages.mjs <dist>

import { mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { CHAPTERS, experimentsOf } from '../tutorial/chapters/index.js';

const dist = process.argv[2] ?? 'dist';
const out = join(dist, 'tutorial');
mkdirSync(out, { recursive: true });
cpSync('tutorial/chapters', join(out, 'chapters'), { recursive: true });

const escape = (text) =>
  String(text).replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c],
  );

/** A scenario code as scenario.js writes it; the page validates it before it runs. */
const scenario = (config) => `1.${Buffer.from(JSON.stringify(config)).toString('base64url')}`;

function page({ title, description, body, main, go = false }) {
  // Pages with Go programs load the Go figure (and with it the code panel) and its view's style.
  const goHead = go
    ? `
    <link rel="stylesheet" href="../www/views/go-view.css" />
    <script type="module" src="../www/elements/go-figure.js"></script>`
    : '';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escape(title)}</title>
    <meta name="description" content="${escape(description)}" />
    <script src="../www/coi.js"></script>
    <script src="../coi-serviceworker.js"></script>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="../vendor/uPlot.min.css" />
    <link rel="stylesheet" href="../www/style.css" />
    <link rel="stylesheet" href="../www/figure.css" />
    <link rel="stylesheet" href="../www/tutorial.css" />
    <script type="module" src="../www/tutorial.js"></script>${goHead}
  </head>
  <body>
    <header class="top tutorial-top">
      <p class="brand"><a href="./">poolsim · the tutorial</a></p>
      <p id="where" class="status" role="status">Checking what this browser can do…</p>
    </header>
    <main ${main}>
${body}
    </main>
    <footer class="foot">
      <a href="../">The playground</a> has every setting at once; <a href="../go/">the Go
      editor</a> runs a program of your own. Every figure here is a real run: on threads where
      the page can, in the simulator where not, and labelled either way.
    </footer>
  </body>
</html>
`;
}

function predictForm(id, p) {
  const input =
    p.kind === 'number'
      ? `<label class="guess">Your guess <input name="guess" type="number" inputmode="numeric" min="${p.min ?? 0}" step="any" /> <span>${escape(p.unit ?? '')}</span></label>`
      : `<fieldset class="choices"><legend class="visually-hidden">${escape(p.question)}</legend>
${p.choices.map((c) => `<label><input type="radio" name="guess" value="${escape(c.value)}" /> ${escape(c.label)}</label>`).join('\n')}
</fieldset>`;
  return `<form class="predict" data-predict="${escape(id)}" novalidate>
<p class="question"><strong>Predict first.</strong> ${escape(p.question)}</p>
${input}
<p><button type="submit">Lock in my guess and run</button></p>
<p class="verdict" role="status"></p>
<p class="why" hidden></p>
</form>`;
}

function challengeBox(c) {
  return `<section class="challenge" data-challenge="${escape(c.id)}" aria-label="Challenge">
<h2>Challenge</h2>
<p>${escape(c.text)}</p>
${c.hint ? `<details><summary>Hint</summary><p>${escape(c.hint)}</p></details>` : ''}
<p class="challenge-state" role="status">Not met yet.</p>
</section>`;
}

/** A Go program's experiment: a `<go-figure>` holding the program (see www/elements/go-figure.js). */
function goBlock(b) {
  if (/<\/script/i.test(b.program))
    throw new Error(`${b.experiment}: a program may not hold "</script"`);
  const attributes = [
    `driver="${escape(b.driver ?? 'sim')}"`,
    b.editable ? 'editable' : '',
    b.link ? 'link' : '',
    b.predict ? 'controls="none"' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `<section class="experiment" data-experiment="${escape(b.experiment)}">
${b.predict ? predictForm(b.experiment, b.predict) : ''}
<go-figure ${attributes}><script type="text/x-go">
${b.program}</script></go-figure>
${b.challenge ? challengeBox(b.challenge) : ''}
</section>`;
}

function block(b) {
  if (b.html) return `<div class="prose">${b.html.trim()}</div>`;
  if (b.program) return goBlock(b);
  const attributes = [
    `scenario="${scenario(b.config)}"`,
    `views="${escape(b.views ?? 'diagram')}"`,
    `controls="${b.predict ? 'none' : 'run'}"`,
    b.fields ? `fields="${escape(b.fields)}"` : '',
    b.sweep ? `sweep="${escape(b.sweep)}"` : '',
    b.jobsPerWorker ? `jobs-per-worker="${b.jobsPerWorker}"` : '',
    b.sweepLiveMax ? `sweep-live-max="${escape(b.sweepLiveMax)}"` : '',
    'playground="../"',
  ]
    .filter(Boolean)
    .join(' ');
  return `<section class="experiment" data-experiment="${escape(b.experiment)}">
${b.predict ? predictForm(b.experiment, b.predict) : ''}
<pool-figure ${attributes}></pool-figure>
${b.challenge ? challengeBox(b.challenge) : ''}
</section>`;
}

CHAPTERS.forEach((chapter, i) => {
  const prev = CHAPTERS[i - 1];
  const next = CHAPTERS[i + 1];
  const pager = `<nav class="pager" aria-label="Chapters">
${prev ? `<a rel="prev" href="${prev.slug}.html">← ${escape(prev.title)}</a>` : '<span></span>'}
<a href="./">Contents</a>
${next ? `<a rel="next" href="${next.slug}.html">${escape(next.title)} →</a>` : '<span></span>'}
</nav>`;
  const body = `<p class="crumbs">Chapter ${i + 1} of ${CHAPTERS.length}</p>
<h1>${escape(chapter.title)}</h1>
<p class="lead">${escape(chapter.lead)}</p>
${chapter.blocks.map(block).join('\n')}
${pager}`;
  writeFileSync(
    join(out, `${chapter.slug}.html`),
    page({
      title: `${chapter.title} — poolsim tutorial`,
      description: chapter.lead,
      body,
      main: `class="chapter" data-chapter="${escape(chapter.slug)}"`,
      go: chapter.blocks.some((b) => b.program),
    }),
  );
});

const list = CHAPTERS.map(
  (c, i) => `<li data-chapter="${escape(c.slug)}">
<a href="${c.slug}.html">${i + 1}. ${escape(c.title)}</a>
<span class="lead">${escape(c.lead)}</span>
<span class="chapter-state">${experimentsOf(c).filter((b) => b.challenge).length} challenges</span>
</li>`,
).join('\n');
writeFileSync(
  join(out, 'index.html'),
  page({
    title: "Go's worker pool, one idea at a time — poolsim tutorial",
    description: "An interactive tutorial on Go's worker-pool pattern, with real runs.",
    main: 'class="contents" data-contents',
    body: `<h1>Go's worker pool, one idea at a time</h1>
<p class="lead">Each chapter is one idea and a pool you run: guess what it will do, run it, see
why you were right or not, then change it until it does what a challenge asks.</p>
<p id="progress" role="status"></p>
<ol class="chapters">
${list}
</ol>`,
  }),
);
console.log(`tutorial: ${CHAPTERS.length} chapters written to ${out}`);
