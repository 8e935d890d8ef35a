// A Go program in a link: `#go=` and the program's UTF-8 in base64url, so a shared address
// reopens the reader's own program (the editor page, a `<go-figure link>`).

/** The program as a link's hash. */
export function linkOf(source) {
  const bytes = new TextEncoder().encode(source);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `#go=${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The program a link holds, `null` if it holds none, or an `Error` saying what is wrong. */
export function sourceOf(hash) {
  const m = /^#go=([A-Za-z0-9_-]*)$/.exec(hash);
  if (!m) return hash.startsWith('#go=') ? new Error('the link’s program is not base64url') : null;
  try {
    const binary = atob(m[1].replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new Error('the link’s program could not be read (cut short?)');
  }
}
