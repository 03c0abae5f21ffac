'use strict';
/** The printed table and the target verdicts (issue 8's targets). */

const TARGETS = [
  { id: 'inline_overhead_p50', label: 'Inline overhead p50 (50 conn, paced)', limit: '≤ 2 ms', pass: (r) => r.inline.paced.overheadP50 <= 2, value: (r) => `${r.inline.paced.overheadP50} ms` },
  { id: 'inline_overhead_p99', label: 'Inline overhead p99 (50 conn, paced)', limit: '≤ 10 ms', pass: (r) => r.inline.paced.overheadP99 <= 10, value: (r) => `${r.inline.paced.overheadP99} ms` },
  { id: 'status_vs_bare', label: 'Status req/s vs bare Redis GET', limit: '≥ 60%', pass: (r) => r.status.ratio >= 0.6, value: (r) => pct(r.status.ratio) },
  { id: 'background_vs_bull', label: 'Background tasks/s vs raw Bull', limit: '≥ 40%', pass: (r) => r.backgroundRatio >= 0.4, value: (r) => pct(r.backgroundRatio) },
  { id: 'rss_idle_api', label: 'API RSS idle', limit: '≤ 200 MB', pass: (r) => r.rss.idle.api <= 200, value: (r) => `${r.rss.idle.api} MB` },
  { id: 'rss_idle_worker', label: 'Worker RSS idle', limit: '≤ 200 MB', pass: (r) => r.rss.idle.worker <= 200, value: (r) => `${r.rss.idle.worker} MB` },
];

const pct = (x) => `${Math.round(x * 100)}%`;

function verdicts(results) {
  return TARGETS.map((t) => ({ id: t.id, label: t.label, target: t.limit, value: t.value(results), pass: Boolean(t.pass(results)) }));
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n');
}

function render(r) {
  const lines = [];
  const { paced, c1, capacity } = r.inline;
  const ms = (x) => x.toFixed(2);
  lines.push(
    table([
      ['Scenario', 'Baseline (LLM direct)', 'Service', 'Result'],
      [`Inline query, ${paced.connections} conn at ${paced.rate} req/s (p50/p99 ms)`, `${ms(paced.direct.p50)}/${ms(paced.direct.p99)}`, `${ms(paced.service.p50)}/${ms(paced.service.p99)}`, `overhead ${paced.overheadP50}/${paced.overheadP99} ms`],
      ['Inline query, 1 conn (p50/p99 ms)', `${ms(c1.direct.p50)}/${ms(c1.direct.p99)}`, `${ms(c1.service.p50)}/${ms(c1.service.p99)}`, `overhead ${c1.overheadP50}/${c1.overheadP99} ms`],
      [`Inline capacity, ${capacity.connections} conn closed loop`, `${capacity.direct.rps} req/s, p50 ${capacity.direct.p50} ms`, `${capacity.service.rps} req/s, p50 ${capacity.service.p50} ms`, 'saturated: latency is queueing'],
      [`Task status, ${r.status.connections} conn (req/s, p99 ms), median round`, `${r.status.bare.rps}, ${r.status.bare.p99}`, `${r.status.service.rps}, ${r.status.service.p99}`, pct(r.status.ratio)],
      ['Task status, each round (service/bare)', '', '', r.status.rounds.map((x) => pct(x.ratio)).join(' ')],
      [`Background ${r.background.tasks} tasks, ${r.background.clients} clients (tasks/s)`, `raw Bull ${r.rawBull.tasksPerSecond}`, `${r.background.tasksPerSecond}`, `${pct(r.backgroundRatio)} (${pct(r.backgroundVsFloor)} of the floor)`],
      ['Floor: raw Bull, one ChatOpenAI call per job (tasks/s)', `raw Bull ${r.rawBull.tasksPerSecond}`, `${r.bullLlmFloor.tasksPerSecond}`, pct(r.floorRatio)],
      ['Submit latency under that load (ms)', '', `p50 ${r.background.submitP50}, p99 ${r.background.submitP99}`, ''],
      ['RSS API idle / peak (MB)', '', `${r.rss.idle.api} / ${r.rss.peak.api}`, ''],
      ['RSS worker idle / peak (MB)', '', `${r.rss.idle.worker} / ${r.rss.peak.worker}`, ''],
    ]),
  );
  lines.push('');
  lines.push(table([['Target', 'Limit', 'Measured', ''], ...r.verdicts.map((v) => [v.label, v.target, v.value, v.pass ? 'PASS' : 'FAIL'])]));
  return lines.join('\n');
}

module.exports = { verdicts, render };
