// Controls and rows of a builder carry `data-path` with the stable path of what they edit ("fields.<id>.label");
// a validation issue's path then leads to the nearest one.

/** The attribute that ties an element to a path in the document. */
export function pathAttribute(...path: string[]): { 'data-path': string } {
  return { 'data-path': path.join('.') };
}

/** Scrolls to and focuses the control an issue is about, or the first control of its nearest marked part. */
export function focusIssue(path: readonly string[]): void {
  for (let length = path.length; length > 0; length -= 1) {
    const selector = `[data-path="${CSS.escape(path.slice(0, length).join('.'))}"]`;
    const marked = document.querySelector<HTMLElement>(selector);
    if (!marked) continue;
    const control = marked.matches('input, select, textarea, button')
      ? marked
      : marked.querySelector<HTMLElement>('input, select, textarea, button');
    (control ?? marked).scrollIntoView({ block: 'center' });
    control?.focus();
    return;
  }
}
