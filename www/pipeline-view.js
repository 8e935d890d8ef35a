// The live view of the pool: producer → jobs → workers → results → collector, plus the
// WaitGroup and the closer. Plain boxes, rebuilt once per run and updated once per frame.

const WORKER_LABEL = {
  starting: 'starting',
  waiting: 'blocked: jobs empty',
  working: 'working',
  sending: 'sending result',
  blocked: 'blocked: results full',
  idle: 'between jobs',
  exited: 'exited (wg.Done)',
};

const PRODUCER_LABEL = {
  running: 'sending',
  blocked: 'blocked: jobs full',
  done: 'done: close(jobs)',
};

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Sets text only when it changed, so a frame touches the DOM only where something moved. */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function channelBox(name) {
  const box = el('div', 'box channel');
  box.dataset.role = name;
  box.append(el('div', 'title', name));
  const bar = el('div', 'bar');
  const fill = el('div', 'fill');
  bar.append(fill);
  const len = el('div', 'len');
  const flag = el('div', 'flag');
  box.append(bar, len, flag);
  return { box, fill, len, flag };
}

function describeChannel(ch) {
  return ch.cap === 0 ? 'unbuffered: hand-off only' : `len ${ch.len} / cap ${ch.cap}`;
}

export class PipelineView {
  constructor(root) {
    this.root = root;
    this.state = null;
  }

  /** Builds the boxes for a run of `config`. */
  reset(config) {
    this.root.replaceChildren();
    const producer = el('div', 'box actor');
    producer.dataset.role = 'producer';
    producer.append(el('div', 'title', 'producer'), el('div', 'detail'));

    const jobs = channelBox('jobs');
    const workers = el('div', 'workers');
    this.workerBoxes = Array.from({ length: config.workers }, (_, i) => {
      const box = el('div', 'box worker');
      box.dataset.role = `worker-${i + 1}`;
      box.append(el('div', 'title', `worker ${i + 1}`), el('div', 'detail'), el('div', 'count'));
      workers.append(box);
      return box;
    });
    const results = channelBox('results');
    const collector = el('div', 'box actor');
    collector.dataset.role = 'collector';
    collector.append(el('div', 'title', 'collector'), el('div', 'detail'));

    const sync = el('div', 'sync');
    const waitGroup = el('div', 'box small');
    waitGroup.dataset.role = 'waitgroup';
    waitGroup.append(el('div', 'title', 'WaitGroup'), el('div', 'detail'));
    const closer = el('div', 'box small');
    closer.dataset.role = 'closer';
    closer.append(el('div', 'title', 'closer: wg.Wait(); close(results)'), el('div', 'detail'));
    sync.append(waitGroup, closer);

    const flow = el('div', 'flow');
    flow.append(producer, el('div', 'arrow', '→'), jobs.box, el('div', 'arrow', '⇉'), workers);
    flow.append(el('div', 'arrow', '⇉'), results.box, el('div', 'arrow', '→'), collector);
    const note = el('p', 'note');
    note.hidden = true;
    this.root.append(flow, sync, note);
    Object.assign(this, { producer, jobs, results, collector, waitGroup, closer, note });
  }

  /** Shows `state` (see pipeline.js). */
  render(state) {
    this.note.hidden = !state.truncated;
    setText(
      this.note,
      'The log kept full detail up to its trace limit and left later job events out; ' +
        "the counts shown are the pool's own, exact either way.",
    );
    const p = state.producer;
    this.producer.dataset.state = p.state;
    setText(this.producer.lastChild, `${PRODUCER_LABEL[p.state]} · sent ${p.sent}`);
    this.#channel(this.jobs, state.jobs);
    state.workers.forEach((w, i) => {
      const box = this.workerBoxes[i];
      box.dataset.state = w.state;
      setText(
        box.children[1],
        w.job ? `${WORKER_LABEL[w.state]} · job ${w.job}` : WORKER_LABEL[w.state],
      );
      setText(box.children[2], `${w.done} done`);
    });
    this.#channel(this.results, state.results);
    this.collector.dataset.state = state.results.closed ? 'done' : 'running';
    setText(this.collector.lastChild, `collected ${state.collector.collected}`);
    setText(this.waitGroup.lastChild, `counter ${state.waitGroup}`);
    this.closer.dataset.state = state.closer;
    setText(
      this.closer.lastChild,
      state.closer === 'done'
        ? 'results closed'
        : state.closer === 'waiting'
          ? 'blocked in wg.Wait()'
          : 'starting',
    );
  }

  #channel(view, ch) {
    const ratio = ch.cap === 0 ? 0 : Math.min(1, ch.len / ch.cap);
    view.fill.style.width = `${(ratio * 100).toFixed(1)}%`;
    view.box.dataset.full = String(ch.cap > 0 && ch.len >= ch.cap);
    view.box.dataset.closed = String(ch.closed);
    setText(view.len, describeChannel(ch));
    setText(view.flag, ch.closed ? 'closed' : 'open');
  }
}
