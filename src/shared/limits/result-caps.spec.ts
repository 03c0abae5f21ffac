import { capResultRows, capRow, cutCell, jsonBytes, ResultCapper } from './result-caps';

const caps = { cellMaxBytes: 1000, rowMaxBytes: 2500, resultMaxBytes: 10_000 };

describe('cutCell', () => {
  it('leaves a value that fits alone', () => {
    expect(cutCell('abc', 100)).toEqual({ value: 'abc', bytes: 5, cut: false });
    const obj = { a: [1, 2] };
    expect(cutCell(obj, 100).value).toBe(obj);
  });

  it('cuts a long text to the budget with a marker naming the original size', () => {
    const sut = cutCell('x'.repeat(5000), 1000);
    expect(sut.cut).toBe(true);
    expect(sut.value).toMatch(/^x+…\[cut: 5000 bytes\]$/);
    expect(jsonBytes(sut.value)).toBeLessThanOrEqual(1000);
    expect(jsonBytes(sut.value)).toBeGreaterThan(950);
  });

  it('counts escapes and multi-byte characters, and never splits a surrogate pair', () => {
    for (const unit of ['\u0001', 'é', '😀', '"']) {
      const sut = cutCell(unit.repeat(2000), 500);
      expect({ unit, fits: jsonBytes(sut.value) <= 500 }).toEqual({ unit, fits: true });
      expect((sut.value as string).includes('\uFFFD')).toBe(false);
      expect(Buffer.from(sut.value as string).toString()).toBe(sut.value);
    }
  });

  it('turns a JSON value too large into cut text', () => {
    const sut = cutCell({ list: Array.from({ length: 1000 }, (_, i) => i) }, 200);
    expect(typeof sut.value).toBe('string');
    expect(sut.value).toMatch(/^\{"list":\[0,1,2.*…\[cut: \d+ bytes\]$/);
  });
});

describe('capRow', () => {
  it('cuts the largest cells until the row fits its cap', () => {
    const row = [1, 'a'.repeat(900), 'b'.repeat(900), 'c'.repeat(900), 'd'.repeat(900)];
    const sut = capRow(row, caps);
    expect(sut.reason).toBe('row_bytes');
    expect(jsonBytes(sut.row)).toBeLessThanOrEqual(caps.rowMaxBytes);
    expect(sut.bytes).toBe(jsonBytes(sut.row));
    expect(sut.row[0]).toBe(1);
  });
});

describe('ResultCapper', () => {
  it('stops at the row cap and names it', () => {
    const sut = new ResultCapper(caps, 2);
    expect(sut.add([[1], [2], [3]])).toBe(false);
    expect(sut.rows).toEqual([[1], [2]]);
    expect(sut.reason).toBe('row_cap');
  });

  it('is not truncated when the rows end before any cap', () => {
    const sut = new ResultCapper(caps, 2);
    expect(sut.add([[1], [2]])).toBe(true);
    expect(sut.truncated).toBe(false);
  });

  it('stops once the result bytes are full, with cut cells counted', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [i, 'z'.repeat(3000)]);
    const sut = capResultRows(rows, caps);
    expect(sut.reason).toBe('result_bytes');
    expect(jsonBytes(sut.rows)).toBeLessThanOrEqual(caps.resultMaxBytes);
    expect(sut.rows.length).toBe(9);
    const capper = new ResultCapper(caps, 100);
    capper.add(rows.slice(0, 3));
    expect({ reason: capper.reason, cut: capper.cellsCut }).toEqual({ reason: 'cell_bytes', cut: 3 });
  });
});

describe('hostile results', () => {
  const real = { cellMaxBytes: 64 * 1024, rowMaxBytes: 256 * 1024, resultMaxBytes: 4 * 1024 * 1024 };

  it('cuts a 50 MB cell to the cell cap without reading it whole more than a few times', () => {
    const cell = 'x'.repeat(50 * 1024 * 1024);
    // CPU time, not wall time: a busy CI machine stretched the wall clock past a 2 s bound once.
    // The bound is a sanity check against quadratic work (which would take minutes), not a target.
    const started = process.cpuUsage();
    const sut = capResultRows([[1, cell]], real);
    const used = process.cpuUsage(started);
    expect(sut.reason).toBe('cell_bytes');
    expect(jsonBytes(sut.rows[0][1])).toBeLessThanOrEqual(real.cellMaxBytes);
    expect((used.user + used.system) / 1000).toBeLessThan(5000);
  });

  it('stops a million rows at the result cap', () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => [i, 'patient-name-'.repeat(4)]);
    const sut = capResultRows(rows, real);
    expect(sut.reason).toBe('result_bytes');
    expect(jsonBytes(sut.rows)).toBeLessThanOrEqual(real.resultMaxBytes);
  });

  it('keeps the result under its cap even for a row of many cells that cannot be cut to the row cap', () => {
    const wide = Array.from({ length: 1600 }, () => 'w'.repeat(1000));
    const sut = capResultRows([wide, wide, wide, wide, wide], { cellMaxBytes: 1000, rowMaxBytes: 50_000, resultMaxBytes: 400_000 });
    expect(sut.reason).toBe('result_bytes');
    expect(jsonBytes(sut.rows)).toBeLessThanOrEqual(400_000);
  });
});
