/**
 * Default body of an actor the charts only name: the real one comes from
 * `src/` (or a test) through `machine.provide({ actors })`.
 */
export function notProvided(name: string): () => never {
  return () => {
    throw new Error(`The "${name}" actor was not provided; pass it with machine.provide({ actors: { ${name} } })`);
  };
}
