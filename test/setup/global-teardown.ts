export default async function globalTeardown(): Promise<void> {
  const stops = (globalThis as { __stackStops?: Array<() => Promise<void>> }).__stackStops ?? [];
  for (const stop of stops.reverse()) await stop();
}
