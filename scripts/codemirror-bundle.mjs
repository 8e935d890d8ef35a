// What the Go editor page (go/index.html) takes from CodeMirror 6, bundled by `make dist` with
// esbuild into dist/vendor/codemirror.js: one self-hosted module, no bare imports for the
// browser to resolve, nothing fetched from elsewhere.
export { EditorView, basicSetup } from 'codemirror';
export { EditorState, StateField, StateEffect } from '@codemirror/state';
export { keymap, Decoration, WidgetType } from '@codemirror/view';
export { indentWithTab } from '@codemirror/commands';
export { go } from '@codemirror/lang-go';
export { setDiagnostics, lintGutter } from '@codemirror/lint';
export { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
export { tags } from '@lezer/highlight';
