import { renderTextTable as sut } from './text-table';

describe('renderTextTable', () => {
  it('aligns columns, shows NULL, cuts long cells and says where the other rows are', () => {
    const long = 'x'.repeat(60);
    const text = sut(['id', 'note'], [[1, null], [22, long], [3, 'c']], 2, 'in `rows`');
    expect(text.split('\n')).toEqual([
      'id | note',
      `---+-${'-'.repeat(40)}`,
      '1  | NULL',
      `22 | ${'x'.repeat(39)}…`,
      '… 1 more rows in `rows`',
    ]);
  });
});
