import { AppError } from '../core/errors';
import { assertCronInterval } from './cron-interval';

describe('assertCronInterval', () => {
  const refused = (cron: string, min: number, tz = 'UTC') => {
    try {
      assertCronInterval(cron, tz, min);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).message;
    }
  };

  it.each([
    ['* * * * * *', 60, 'come 1 s apart'],
    ['*/30 * * * * *', 60, 'come 30 s apart'],
    ['0,10 * * * * *', 60, 'come 10 s apart'],
    ['0,59 * * * *', 120, 'come 60 s apart'],
    ['0,59 7 * * *', 3600, 'come 3540 s apart'],
    ['58,2 * * * *', 300, 'come 240 s apart'],
    ['0 0,1 * * *', 7200, 'come 3600 s apart'],
    ['0 0 0,23 * * *', 7200, 'come 3600 s apart'],
  ])('refuses %s with a minimum of %i s', (cron, min, why) => {
    expect(refused(cron, min)).toContain(why);
  });

  it.each([
    ['* * * * *', 60],
    ['0 7 * * 1-5', 60],
    ['0 */2 * * * *', 60],
    ['30 2 29 2 *', 86400],
    ['*/2 * * * * *', 2],
  ])('accepts %s with a minimum of %i s', (cron, min) => {
    expect(refused(cron, min)).toBeNull();
  });

  it('finds the short gap at the wrap of a coarser field (59th to 0th second)', () => {
    expect(refused('0,59 * * * * *', 60)).toContain('come 1 s apart');
  });

  it('says why an unreadable expression is refused', () => {
    expect(refused('61 * * * *', 60)).toMatch(/^cron: /);
  });
});
