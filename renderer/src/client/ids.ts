let counter = 0;
const session = Math.random().toString(36).slice(2, 8);

/** Request ids unique within this page (and very likely across pages). */
export function nextRequestId(): string {
  counter += 1;
  return `r-${session}-${counter}`;
}
