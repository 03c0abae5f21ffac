'use strict';
/** The printed table and the target verdicts (issue 8's and issue 17's targets), for the cases that ran. */

const TARGETS = [
  { id: 'inline_overhead_p50', needs: 'inline', label: 'Inline overhead p50 (50 conn, paced)', limit: '≤ 2 ms', pass: (r) => r.inline.paced.overheadP50 <= 2, value: (r) => `${r.inline.paced.overheadP50} ms` },
  { id: 'inline_overhead_p99', needs: 'inline', label: 'Inline overhead p99 (50 conn, paced)', limit: '≤ 10 ms', pass: (r) => r.inline.paced.overheadP99 <= 10, value: (r) => `${r.inline.paced.overheadP99} ms` },
  { id: 'status_vs_bare', needs: 'status', label: 'Status req/s vs bare Redis GET', limit: '≥ 60%', pass: (r) => r.status.ratio >= 0.6, value: (r) => pct(r.status.ratio) },
  { id: 'background_vs_bull', needs: 'backgroundRatio', label: 'Background tasks/s vs raw Bull', limit: '≥ 40%', pass: (r) => r.backgroundRatio >= 0.4, value: (r) => pct(r.backgroundRatio) },
  { id: 'background_vs_floor', needs: 'backgroundVsFloor', label: 'Background tasks/s vs its floor', limit: '≥ 75%', pass: (r) => r.backgroundVsFloor >= 0.75, value: (r) => pct(r.backgroundVsFloor) },
  { id: 'memory_per_task', needs: 'memory', label: 'Redis bytes per retained finished task', limit: '≤ 1500', pass: (r) => r.memory.bytesPerTask <= 1500, value: (r) => `${r.memory.bytesPerTask} B` },
  { id: 'rss_idle_api', needs: 'rss', label: 'API RSS idle', limit: '≤ 200 MB', pass: (r) => r.rss.idle.api <= 200, value: (r) => `${r.rss.idle.api} MB` },
  { id: 'rss_idle_worker', needs: 'rss', label: 'Worker RSS idle', limit: '≤ 200 MB', pass: (r) => r.rss.idle.worker <= 200, value: (r) => `${r.rss.idle.worker} MB` },
];

const pct = (x) => `${Math.round(x * 100)}%`;

function verdicts(results) {
  return TARGETS.filter((t) => results[t.needs] !== undefined).map((t) => ({ id: t.id, label: t.label, target: t.limit, value: t.value(results), pass: Boolean(t.pass(results)) }));
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n');
}

const cpu = (c) => (c ? Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ') : '');

function render(r) {
  const lines = [];
  const ms = (x) => x.toFixed(2);
  const rows = [['Scenario', 'Baseline', 'Service', 'Result']];
  if (r.inline) {
    const { paced, c1, capacity } = r.inline;
    rows.push(
      [`Inline query, ${paced.connections} conn at ${paced.rate} req/s (p50/p99 ms)`, `LLM direct ${ms(paced.direct.p50)}/${ms(paced.direct.p99)}`, `${ms(paced.service.p50)}/${ms(paced.service.p99)}`, `overhead ${paced.overheadP50}/${paced.overheadP99} ms`],
      ['Inline query, 1 conn (p50/p99 ms)', `${ms(c1.direct.p50)}/${ms(c1.direct.p99)}`, `${ms(c1.service.p50)}/${ms(c1.service.p99)}`, `overhead ${c1.overheadP50}/${c1.overheadP99} ms`],
      [`Inline capacity, ${capacity.connections} conn closed loop`, `${capacity.direct.rps} req/s, p50 ${capacity.direct.p50} ms`, `${capacity.service.rps} req/s, p50 ${capacity.service.p50} ms`, 'saturated: latency is queueing'],
    );
  }
  if (r.status) {
    rows.push(
      [`Task status, ${r.status.connections} conn (req/s, p99 ms), median round`, `bare GET ${r.status.bare.rps}, ${r.status.bare.p99}`, `${r.status.service.rps}, ${r.status.service.p99}`, pct(r.status.ratio)],
      ['Task status, each round (service/bare)', '', '', r.status.rounds.map((x) => pct(x.ratio)).join(' ')],
    );
  }
  if (r.background) {
    const vs = r.rawBull ? `${pct(r.backgroundRatio)} of raw Bull, ${pct(r.backgroundVsFloor)} of the floor` : '';
    rows.push([`Background ${r.background.tasks} tasks, ${r.background.clients} clients (tasks/s)`, r.rawBull ? `raw Bull ${r.rawBull.tasksPerSecond}` : '', `${r.background.tasksPerSecond}`, vs]);
    rows.push(['Background CPU ms per task', '', cpu(r.background.cpuMsPerTask), '']);
    rows.push(['Submit latency under that load (ms)', '', `p50 ${r.background.submitP50}, p99 ${r.background.submitP99}`, '']);
  }
  if (r.bullLlmFloor) {
    rows.push(['Floor: raw Bull, one ChatOpenAI call per job (tasks/s)', `raw Bull ${r.rawBull.tasksPerSecond}`, `${r.bullLlmFloor.tasksPerSecond}`, pct(r.floorRatio)]);
    rows.push(['Floor CPU ms per task', '', cpu(r.bullLlmFloor.cpuMsPerTask), '']);
  }
  if (r.submitOnly) {
    const passes = r.submitOnly.passes;
    rows.push([`Submit alone: API only, ${r.submitOnly.tasks} submits, ${r.submitOnly.clients} clients (submits/s)`, '', passes.map((p) => p.submitsPerSecond).join(', '), '']);
    rows.push(['Submit alone: API CPU ms per submit', '', passes.map((p) => p.apiCpuMsPerSubmit).join(', '), passes.some((p) => p.rejected) ? 'some submits not 202' : '']);
  }
  if (r.httpFloor) {
    const vs = [r.bullLlmFloor ? `${pct(r.httpFloorVsFloor)} of the floor` : '', r.background ? `service ${pct(r.backgroundVsHttpFloor)} of it` : ''].filter(Boolean).join(', ');
    rows.push([`HTTP floor: bare Fastify + Bull add, one ChatOpenAI call per job (tasks/s)`, r.bullLlmFloor ? `floor ${r.bullLlmFloor.tasksPerSecond}` : '', `${r.httpFloor.tasksPerSecond}`, vs]);
    rows.push(['HTTP floor CPU ms per task', '', cpu(r.httpFloor.cpuMsPerTask), `submit p50 ${r.httpFloor.submitP50}, p99 ${r.httpFloor.submitP99} ms`]);
  }
  if (r.memory) {
    const m = r.memory;
    const d = m.usedMemoryDeltaPerTask;
    rows.push([`Redis memory per finished task (${m.tasks} short queries)`, `at final ${m.bytesPerTaskAtFinal} B`, `retained ${m.bytesPerTask} B`, `used_memory delta ${d.total} B: keys ${d.keys}, connection buffers ${d.connectionBuffers}, outside keys ${d.notInKeys}`]);
    for (const [type, t] of Object.entries(m.byKeyType)) rows.push([`  MEMORY USAGE: ${type}`, `${t.keys} keys`, `${t.bytesPerTask} B per task`, t.encodings ? JSON.stringify(t.encodings) : '']);
    rows.push(['Redis commands per task (Lua calls included)', `${m.redisCommandsPerTaskTotal}`, `${m.redisRoundTripsPerTask} socket reads (round trips, bench polls included); redis-server CPU ${m.redisCpuMsPerTask} ms`, '']);
  }
  if (r.rss) {
    rows.push(['RSS API idle / peak (MB)', '', `${r.rss.idle.api} / ${r.rss.peak?.api}`, '']);
    rows.push(['RSS worker idle / peak (MB)', '', `${r.rss.idle.worker} / ${r.rss.peak?.worker}`, '']);
  }
  lines.push(table(rows));
  lines.push('');
  if (r.verdicts.length) lines.push(table([['Target', 'Limit', 'Measured', ''], ...r.verdicts.map((v) => [v.label, v.target, v.value, v.pass ? 'PASS' : 'FAIL'])]));
  return lines.join('\n');
}

module.exports = { verdicts, render };
