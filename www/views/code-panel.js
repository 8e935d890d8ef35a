// The Go program beside the diagram, with each goroutine's line marked at the playhead.

import { goProgram, goroutineLines } from '../model/go-program.js';

export class CodePanel {
  constructor(root) {
    this.root = root;
    this.program = null;
    this.signature = '';
  }

  /** Shows the program for `config`. */
  load(config) {
    this.program = goProgram(config);
    this.rows = this.program.lines.map((text, i) => {
      const row = document.createElement('div');
      row.className = 'code-line';
      row.dataset.line = String(i + 1);
      const code = document.createElement('code');
      code.textContent = text.replaceAll('\t', '    ') || ' ';
      const who = document.createElement('span');
      who.className = 'who';
      row.append(who, code);
      return row;
    });
    this.root.replaceChildren(...this.rows);
    this.signature = '';
  }

  /** Marks where each goroutine is in `state`; touches the DOM only when that changed. */
  render(state) {
    if (!this.program) return;
    const places = goroutineLines(this.program, state);
    const signature = places.map((p) => `${p.who}:${p.line}:${p.blocked ? 1 : 0}`).join(' ');
    if (signature === this.signature) return;
    this.signature = signature;
    const byLine = new Map();
    for (const p of places) {
      if (!byLine.has(p.line)) byLine.set(p.line, []);
      byLine.get(p.line).push(p);
    }
    this.rows.forEach((row, i) => {
      const here = byLine.get(i) ?? [];
      row.classList.toggle('active', here.length > 0);
      row.classList.toggle('blocked', here.length > 0 && here.every((p) => p.blocked));
      const who = row.firstChild;
      who.replaceChildren(
        ...compact(here).map(({ label, blocked }) => {
          const chip = document.createElement('span');
          chip.className = blocked ? 'chip blocked' : 'chip';
          chip.textContent = label;
          return chip;
        }),
      );
    });
  }
}

/** Many workers on one line read better as a range: "w1–w12". */
function compact(places) {
  const workers = places.filter((p) => /^w\d+$/.test(p.who));
  const others = places
    .filter((p) => !/^w\d+$/.test(p.who))
    .map((p) => ({ label: p.who, blocked: p.blocked }));
  if (workers.length <= 3)
    return [...workers.map((p) => ({ label: p.who, blocked: p.blocked })), ...others];
  const blocked = workers.filter((p) => p.blocked).length;
  const label = `${workers[0].who}…${workers.at(-1).who} (${workers.length})`;
  return [{ label, blocked: blocked === workers.length }, ...others];
}
