/** Pieces kept as they are before they are joined into one flat block string. */
const PIECES_PER_BLOCK = 512;

/**
 * Text that arrives in many pieces (a line dripped in small chunks, a frame's many `data` lines), to
 * be joined once with `separator`. Linear in time, and about the text's own size in memory: every
 * {@link PIECES_PER_BLOCK} pieces are joined into one flat string, where a `+` rope would keep a node
 * per piece (~32 bytes of heap for a one-byte piece).
 */
export class PieceList {
  readonly #separator: string;
  #pieces: string[];
  #blocks: string[] | undefined;

  constructor(separator: string, first: string) {
    this.#separator = separator;
    this.#pieces = [first];
  }

  /** Add the next piece. */
  push(piece: string): void {
    if (this.#pieces.push(piece) < PIECES_PER_BLOCK) return;
    if (this.#blocks === undefined) this.#blocks = [];
    this.#blocks.push(this.#pieces.join(this.#separator));
    this.#pieces = [];
  }

  /** All pieces, joined with the separator. */
  join(): string {
    const blocks = this.#blocks;
    if (blocks === undefined) return this.#pieces.join(this.#separator);
    if (this.#pieces.length > 0) blocks.push(this.#pieces.join(this.#separator));
    return blocks.join(this.#separator);
  }
}
