/** Splits text into sentence-sized chunks whose concatenation is the text again. */
export function sentenceChunks(text: string): string[] {
  const chunks = text.match(/[^.!?]+(?:[.!?]+["')\]]*\s*|$)/g)?.filter((chunk) => chunk !== '') ?? [];
  return chunks.length > 0 ? chunks : text === '' ? [] : [text];
}
