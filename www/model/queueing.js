// Queueing theory for the pools the simulator runs with Poisson arrivals and exponential service:
// M/M/c/K (c workers; K = c + the jobs buffer: a job that finds the system full is dropped) and,
// with K = Infinity, M/M/c (the producer never drops; only stable below capacity). What the
// backpressure chapter draws beside its measured points. FIFO service, as `jobs` is.
//
// An arrival admitted with n jobs in the system waits nothing if a worker is free (n < c), else
// until n − c + 1 departures at rate cμ: an Erlang(n − c + 1, cμ) wait. Its time in the system
// is that wait plus its own Exp(μ) service, whose tail has a closed form; summing over what
// arrivals see (PASTA) gives the sojourn time's distribution, and its percentiles by bisection.

/** log(n!) for integers, by summing logs once (n stays in the thousands). */
const logFactorial = (() => {
  const table = [0];
  return (n) => {
    for (let i = table.length; i <= n; i++) table.push(table[i - 1] + Math.log(i));
    return table[n];
  };
})();

/** P(Poisson(m) < k) = P(Erlang(k, rate) > t) for m = rate·t, summed in log space. */
function poissonBelow(k, m) {
  if (m === 0) return k > 0 ? 1 : 0;
  let sum = 0;
  const logM = Math.log(m);
  for (let i = 0; i < k; i++) sum += Math.exp(-m + i * logM - logFactorial(i));
  return Math.min(1, sum);
}

/** P(Poisson(m) ≥ k), summed from k up where that is the small side. */
function poissonAtLeast(k, m) {
  if (m < k) {
    let sum = 0;
    const logM = Math.log(m);
    for (let i = k; i < k + 2000; i++) {
      const term = Math.exp(-m + i * logM - logFactorial(i));
      sum += term;
      if (term < 1e-18 * sum) break;
    }
    return Math.min(1, sum);
  }
  return 1 - poissonBelow(k, m);
}

/** P(W + S > t): W ~ Erlang(k, θ) (k = 0: no wait), S ~ Exp(μ). */
function tailWaitPlusService(k, theta, mu, t) {
  if (k === 0) return Math.exp(-mu * t);
  const waitLonger = poissonBelow(k, theta * t);
  const beta = theta - mu;
  // ∫₀ᵗ f_W(w) e^{−μ(t−w)} dw: the wait ends within t and the service outlasts the rest.
  let within;
  if (Math.abs(beta) < 1e-12 * theta) {
    within = Math.exp(-mu * t + k * Math.log(theta * t) - logFactorial(k));
  } else {
    within = Math.exp(-mu * t + k * Math.log(theta / beta)) * poissonAtLeast(k, beta * t);
  }
  return Math.min(1, waitLonger + within);
}

/**
 * M/M/c/K at arrival rate `lambda` and service rate `mu` (both per second), `c` workers, room
 * for `k` jobs in all (Infinity: no limit, needs λ < cμ). Returns `{drop, meanMs, tail(ms),
 * percentileMs(q)}`: the share of arrivals dropped, and the time in the system of those
 * admitted, from arrival to departure.
 */
export function mmck({ lambda, mu, c, k = Infinity }) {
  const a = lambda / mu;
  const rho = a / c;
  if (k === Infinity && rho >= 1) return null;
  // Unnormalised state probabilities, in logs (a^n/n! below c, a^n/(c!·c^(n−c)) above).
  const logP = [];
  const limit = k === Infinity ? Infinity : k;
  for (let n = 0; n <= limit; n++) {
    const lp =
      n <= c
        ? n * Math.log(a) - logFactorial(n)
        : c * Math.log(a) - logFactorial(c) + (n - c) * Math.log(rho);
    logP.push(lp);
    // Without a limit the states past c shrink geometrically (ρ < 1): stop when they vanish.
    if (k === Infinity && n > c && lp < Math.max(...logP.slice(0, c + 1)) + Math.log(1e-16)) break;
  }
  const top = Math.max(...logP);
  const weights = logP.map((lp) => Math.exp(lp - top));
  const total = weights.reduce((s, w) => s + w, 0);
  const p = weights.map((w) => w / total);
  const drop = k === Infinity ? 0 : p[k];
  // What an admitted arrival sees: n = 0 … K − 1, in proportion.
  const seen = k === Infinity ? p : p.slice(0, k);
  const admitted = seen.reduce((s, x) => s + x, 0);
  const theta = c * mu;
  const tail = (ms) => {
    const t = ms / 1000;
    let sum = 0;
    seen.forEach((q, n) => {
      if (q > 0) sum += q * tailWaitPlusService(Math.max(0, n - c + 1), theta, mu, t);
    });
    return sum / admitted;
  };
  let meanWait = 0;
  seen.forEach((q, n) => {
    if (n >= c) meanWait += q * ((n - c + 1) / theta);
  });
  const meanMs = (meanWait / admitted + 1 / mu) * 1000;
  const percentileMs = (q) => {
    let lo = 0;
    let hi = meanMs;
    while (tail(hi) > 1 - q) hi *= 2;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (tail(mid) > 1 - q) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  return { drop, meanMs, tail, percentileMs };
}
