import type { EngineFactory } from '../../src/lib/training/engine';

/** `factory`, counting the engines it made and those disposed (the labs must free every engine they start). */
export function countedEngine(factory: EngineFactory): { engine: EngineFactory; tally: { made: number; disposed: number } } {
  const tally = { made: 0, disposed: 0 };
  const engine: EngineFactory = async (options) => {
    const made = await factory(options);
    tally.made++;
    return { ...made, id: made.id, dispose: () => (tally.disposed++, made.dispose()) };
  };
  return { engine, tally };
}
