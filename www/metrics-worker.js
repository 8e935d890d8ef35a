// Computes a run's chart series off the main thread: a million-event log takes longer than a
// frame to fold, and the page must keep animating meanwhile.

import { LogView, runMetrics } from './metrics.js';

self.onmessage = ({ data }) => {
  const metrics = runMetrics(new LogView(data.config, data.words));
  postMessage({ id: data.id, metrics });
};
