/** The shell of the hosted pages: plain HTML, no scripts, escaped everywhere. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Latchkey</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; background: #f6f7f9; color: #1b1f24; margin: 0; }
  main { max-width: 22rem; margin: 10vh auto; background: #fff; padding: 2rem; border-radius: 12px; box-shadow: 0 1px 4px #0002; }
  h1 { font-size: 1.4rem; margin: 0 0 1rem; }
  label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .55rem; border: 1px solid #aab; border-radius: 6px; font: inherit; }
  button { margin-top: 1.25rem; width: 100%; padding: .6rem; border: 0; border-radius: 6px; background: #2b59c3; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
  button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }
  .error { background: #fde8e8; color: #8a1c1c; padding: .5rem .75rem; border-radius: 6px; }
  .muted { color: #555; font-size: .9rem; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}
