/**
 * `npm run chaos`: the fault-injection run at full size, printing its figures as `name=value` lines.
 * CHAOS_LIFECYCLES (100), CHAOS_KILLS (12), CHAOS_DURATION_S (150), CHAOS_PG_OUTAGE_S (10) and
 * CHAOS_SMTP_OUTAGE_S (20) size it. Exit code 1 when a goal is missed.
 */
import { runChaos } from './run.js';
import { missedGoals } from './goals.js';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const figures = await runChaos({
  lifecycles: num('CHAOS_LIFECYCLES', 100),
  kills: num('CHAOS_KILLS', 12),
  durationMs: num('CHAOS_DURATION_S', 150) * 1000,
  pgOutageMs: num('CHAOS_PG_OUTAGE_S', 10) * 1000,
  smtpOutageMs: num('CHAOS_SMTP_OUTAGE_S', 20) * 1000,
  log: (line) => console.log(`[chaos] ${line}`),
});
const { notes, ...numbers } = figures;
for (const [name, value] of Object.entries(numbers)) console.log(`${name}=${value}`);
for (const note of notes.slice(0, 20)) console.log(`note: ${note}`);
const missed = missedGoals(figures);
console.log(
  missed.length ? `goals missed: ${missed.join('; ')}` : 'goals met: 0 lost, 0 duplicates, 0 5xx outside outages, recovery ≤ 10 s',
);
process.exit(missed.length ? 1 : 0);
