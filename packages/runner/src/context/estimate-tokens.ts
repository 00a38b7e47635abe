/**
 * A calibrated token estimate for MiMo, whose tokenizer is not public: ASCII characters count a
 * quarter token each (English text and JSON run close to 4 characters per token on BPE vocabularies),
 * every other UTF-16 unit a whole token (CJK text runs near one token per character). It errs high on
 * purpose: an estimate guards a limit. Strings are measured as they are; anything else as its JSON.
 */
export function estimateTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text.charCodeAt(i) < 128) ascii += 1;
    else other += 1;
  }
  return Math.ceil(ascii / 4 + other);
}
