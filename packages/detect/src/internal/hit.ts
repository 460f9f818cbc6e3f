// Where the last matching detector matched. Detectors are synchronous and return the rule they
// matched, leaving positions here, so a miss allocates nothing.

export interface Hit {
  /** The string `start` and `end` refer to. */
  text: string;
  start: number;
  end: number;
}

export const hit: Hit = { text: '', start: 0, end: 0 };

export function setHit(text: string, start: number, end: number): void {
  hit.text = text;
  hit.start = start < 0 ? 0 : start;
  hit.end = end > text.length ? text.length : end;
}
