// The playground page: one full <pool-figure> (the settings, the run at the playhead, its Go
// code, charts and summary; its scenario in the address) and, around it, what this browser can
// do and how to fix what it cannot.

import { LIVE_WORKER_CAP, defaultGomaxprocs } from './model/limits.js';
import { pageEngine } from './engine/page-engine.js';
import './elements/pool-figure.js';

const { poolsim } = pageEngine();
const figure = document.querySelector('pool-figure');
const statusLine = document.getElementById('status');
const fixBox = document.getElementById('isolation-fix');

// For scripts and tests: the playground's figure and what it draws with.
window.poolsimPage = {
  figure,
  get player() {
    return figure.player;
  },
  get diagram() {
    return figure.diagram;
  },
};

async function updateStatus() {
  const ok = await poolsim.supported();
  statusLine.dataset.isolated = String(poolsim.isolated);
  const threads = poolsim.threads
    ? `${poolsim.threads} threads (Ms) started`
    : `GOMAXPROCS ${defaultGomaxprocs()} by default`;
  const how = poolsim.isolation.how === 'service worker' ? 'by a service worker' : 'by headers';
  statusLine.textContent = ok
    ? `Cross-origin isolated ${how} · wasm threads · ${threads} · up to ${LIVE_WORKER_CAP.toLocaleString('en')} live goroutines`
    : `${poolsim.liveOff}. Live threads are off here; runs use the simulated driver.`;
  const fix = poolsim.isolation.fix;
  fixBox.hidden = ok || !fix;
  if (fix === 'reload') {
    fixBox.replaceChildren('A normal reload brings the threads back: ', reloadButton());
  } else if (fix) {
    fixBox.textContent = fix;
  }
}

function reloadButton() {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Reload';
  button.addEventListener('click', () => location.reload());
  return button;
}

// A run's start tells how many threads the pool has; an engine that died or was refused its
// workers changes what this page can do.
poolsim.subscribe((message) => {
  if (message.type === 'started' || message.type === 'error') updateStatus();
});
updateStatus();
