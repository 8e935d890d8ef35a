// Computes a run's chart series off the main thread: a million-event log takes longer than a
// frame to fold, and the page must keep animating meanwhile. It keeps the run's log: a live
// run's updates bring only the words that came since the last (`append`).

import { LogView, runMetrics } from './metrics.js';

let config = null;
let words = new Uint32Array(1 << 12);
let length = 0;

self.onmessage = ({ data }) => {
  if (!data.append) {
    config = data.config;
    length = 0;
  }
  if (length + data.words.length > words.length) {
    let size = words.length;
    while (size < length + data.words.length) size *= 2;
    const grown = new Uint32Array(size);
    grown.set(words.subarray(0, length));
    words = grown;
  }
  words.set(data.words, length);
  length += data.words.length;
  const metrics = runMetrics(new LogView(config, words.subarray(0, length)));
  postMessage({ id: data.id, metrics });
};
