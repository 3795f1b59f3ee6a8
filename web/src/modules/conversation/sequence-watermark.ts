/**
 * The highest sequence number below which nothing is missing. Resuming from it (rather than
 * from the highest number seen) means a frame that overtook an earlier one on the wire can never
 * hide the earlier one: anything after the watermark is replayed, and replays are de-duplicated.
 */
export type SequenceWatermark = {
  readonly value: number;
  see(seq: number): void;
  /** The server says nothing exists past `head`: there is no gap to wait for up to it. */
  settle(head: number): void;
};

export function createSequenceWatermark(start: number): SequenceWatermark {
  let value = start;
  const ahead = new Set<number>();
  const advance = () => {
    while (ahead.delete(value + 1)) value += 1;
  };
  return {
    get value() {
      return value;
    },
    see(seq) {
      if (!Number.isInteger(seq) || seq <= value) return;
      ahead.add(seq);
      advance();
    },
    settle(head) {
      if (Number.isInteger(head) && head >= value && ahead.size === 0) value = head;
    },
  };
}
