// Reads Go's crash report (a panic's or the deadlock detector's) into its shape, without paths
// or addresses: the first line, then each goroutine's number, wait reason, the program's and the
// sync package's frames, innermost first, and its "created by" line. With `lines`, each frame
// of the program carries the line it was at (`main.worker:10`), and so does "created by".

export function reportOf(stderr, { lines = false } = {}) {
  const text = stderr.split('\n');
  const message = text.find((l) => /^(panic|fatal error):/.test(l)) ?? null;
  const goroutines = [];
  text.forEach((line, i) => {
    const m = /^goroutine (\d+) \[([^\]]+)\]:/.exec(line);
    if (!m) return;
    const frames = [];
    let createdBy = null;
    for (let j = i + 1; j < text.length && text[j] !== ''; j++) {
      if (text[j].startsWith('created by')) {
        createdBy = text[j];
        if (lines) createdBy += `:${lineOf(text[j + 1])}`;
        break;
      }
      const f = /^(main\.[\w.]+|sync\.[\w.()*]+)\(/.exec(text[j]);
      if (!f) continue;
      frames.push(lines && f[1].startsWith('main.') ? `${f[1]}:${lineOf(text[j + 1])}` : f[1]);
    }
    goroutines.push({ id: Number(m[1]), state: m[2], frames, createdBy });
  });
  return { message, goroutines };
}

/** The line number of a traceback's file line: `\t/tmp/x/prog.go:12 +0x1d`. */
function lineOf(fileLine) {
  const m = /:(\d+)(?: \+0x[0-9a-f]+)?$/.exec(fileLine ?? '');
  return m ? Number(m[1]) : 0;
}
