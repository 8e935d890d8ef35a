// The one DOM helper the views and elements share.

/** A new `tag` element with `className` and `text` (either may be empty). */
export function el(tag, className = '', text = '') {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}
