import { findAgesOver89, findFormatSpans } from './format-patterns';
import { findDates, findDayOnlyDates, findTellingBirthYears, shiftDate } from './date-shift';

const found = (text: string) => findFormatSpans(text).map((s) => [s.kind, text.slice(s.start, s.end)]);

describe('format patterns', () => {
  it.each([
    ['Call (312) 555-0147 today', '(312) 555-0147'],
    ['mobile +1 646 555 0192.', '+1 646 555 0192'],
    ['tel 415.555.0163', '415.555.0163'],
    ['ring +44 20 7946 0958 now', '+44 20 7946 0958'],
    ['cell +33 6 12 34 56 78', '+33 6 12 34 56 78'],
    ['phone 0044 20 7946 0000.', '0044 20 7946 0000'],
    ['office 01463 555 021', '01463 555 021'],
    ['x 5551234567 y', '5551234567'],
  ])('finds the phone in %j', (text, phone) => {
    expect(found(text)).toContainEqual(['PHONE', phone]);
  });

  it('does not take a row of lab values or a date for a phone', () => {
    expect(found('Na 140 102 24 18 110, on 2024-01-03 and 2024-02-03')).toEqual([]);
  });

  it('reports a fax, keeping the keyword', () => {
    expect(found('Fax: (559) 555-0110')).toContainEqual(['FAX', '(559) 555-0110']);
  });

  it.each([
    ['MRN: A0048213', 'MRN', 'A0048213'],
    ['SSN 078-05-1120', 'SSN', '078-05-1120'],
    ['Acct # 7788123', 'ACCOUNT', '7788123'],
    ['Med Rec # B7654321', 'MRN', 'B7654321'],
    ['Hosp # 1234-567', 'MRN', '1234-567'],
    ['EMPI 9982301', 'MRN', '9982301'],
    ['Pt ID 55 123 456', 'MRN', '55 123 456'],
    ['member ID XJH448812907', 'HEALTH_PLAN', 'XJH448812907'],
    ['DEA BB1234563', 'LICENSE', 'BB1234563'],
    ['serial PM-44821-X', 'DEVICE', 'PM-44821-X'],
    ['VIN 1HGCM82633A004352', 'VEHICLE', '1HGCM82633A004352'],
    ['mail c.okafor88@mailbox.example.net', 'EMAIL', 'c.okafor88@mailbox.example.net'],
    ['see https://portal.example.org/p/1?x=2.', 'URL', 'https://portal.example.org/p/1?x=2'],
    ['from 203.0.113.45', 'IP', '203.0.113.45'],
    ['from 2001:db8:85a3::8a2e:370:7334', 'IP', '2001:db8:85a3::8a2e:370:7334'],
    ['Springfield, IL 62704', 'ZIP', '62704'],
    ['Leeds LS6 2QH', 'ZIP', 'LS6 2QH'],
    ['at 42 Elm Street, Apt 3B', 'LOCATION', '42 Elm Street, Apt 3B'],
    ['record MRN-559021', 'ID', 'MRN-559021'],
  ])('finds %j', (text, kind, value) => {
    expect(found(text)).toContainEqual([kind, value]);
  });

  it('leaves times, doses, and medical names with digits alone', () => {
    expect(found('At 14:30:00 gave 500 mg; BRCA2, PHQ-9 of 6, COVID-19, HbA1c 7.1%, BP 148/82')).toEqual([]);
  });

  it('reports ages over 89 only, with the unit written after them (nineteenth round)', () => {
    const text = '92-year-old, 94 yo, aged 101, 89-year-old, 45 y/o';
    expect(findAgesOver89(text).map((s) => text.slice(s.start, s.end))).toEqual(['92-year-old', '94 yo', '101']);
  });

  it('reports ages over 89 in words and short forms, not younger ones', () => {
    const text = 'ninety-three year old; 100 yrs; a hundred and one years old; age 97. eighty-nine year old; 93yo; 96 yoa';
    expect(findAgesOver89(text).map((s) => text.slice(s.start, s.end))).toEqual(['ninety-three year old', '100 yrs', 'a hundred and one years old', '97', '93yo', '96 yoa']);
  });

  it('reports an age over 89 before a sex ("Age/Sex: 95/F"), not a fraction', () => {
    const text = 'Age/Sex: 95/F; 96 / male; BP 120/80; 45/M';
    expect(findAgesOver89(text).map((s) => text.slice(s.start, s.end))).toEqual(['95', '96']);
  });

  it('does not take a visual acuity after "chart" for a record number', () => {
    expect(findFormatSpans('Snellen chart 20/40 OD').filter((s) => s.kind === 'MRN')).toEqual([]);
  });

  it('finds SSNs without separators, local numbers, plates, extensions and GS1 device ids', () => {
    const found = (text: string) => findFormatSpans(text).map((s) => text.slice(s.start, s.end));
    expect(found('SSN 078051120 on file')).toContain('078051120');
    expect(found('SS#: 512.40.8831')).toContain('512.40.8831');
    expect(found('Soc Sec No. 512 - 40 - 8831')).toContain('512 - 40 - 8831');
    expect(found('SSN ending 8831, verified')).toContain('8831');
    expect(found('social security number last four: 8831')).toContain('8831');
    expect(found('the last four of her social are 8831')).toContain('8831');
    expect(found('last 4 of SSN 8831')).toContain('8831');
    expect(found('Username: mwhitlock2; handle: @kayleeb99')).toEqual(expect.arrayContaining(['mwhitlock2', '@kayleeb99']));
    expect(found('Login: failed twice')).toEqual([]);
    // A street with its post-directional and unit, and streets named before their type.
    expect(found('Lives at 4417 Juniper Ct NW #12, Albuquerque')).toContain('4417 Juniper Ct NW #12');
    expect(found('Lives at 220 N Main St, apt 3')).toContain('220 N Main St, apt 3');
    expect(found('home: 19 rue des Lilas, 69003 Lyon')).toContain('19 rue des Lilas');
    // Identifiers written in groups after their keyword: every group goes.
    expect(found('Acct 1234 5678 9012 billed')).toContain('1234 5678 9012');
    expect(found('Licence MT-D 0412 8891 33 expires')).toContain('MT-D 0412 8891 33');
    expect(found('DL# D123 4567 8901')).toContain('D123 4567 8901');
    expect(found('MRN 0012 3456 on wristband')).toContain('0012 3456');
    // Not an SSN: a version, a decimal, four digits that no SSN word names.
    expect(found('firmware 512.40.8831.2, ratio 512.40')).not.toContain('512.40.8831');
    expect(found('the last four visits were in 2021')).toEqual([]);
    expect(found('plate RKT 4410, car 7XKT294')).toEqual(expect.arrayContaining(['RKT 4410', '7XKT294']));
    expect(found('call back at x4521')).toContain('x4521');
    expect(found('kit (01)00844588003288(21)10774')).toContain('(01)00844588003288(21)10774');
    expect(found('specimen 3244-297110 received')).toContain('3244-297110');
  });
});

describe('ages over 89 in other languages', () => {
  it('reads the unit of Chinese, Japanese, Korean, Vietnamese, Spanish, French, Russian and Turkish ages', () => {
    const ages = (text: string) => findAgesOver89(text).map((s) => text.slice(s.start, s.end));
    expect(ages('女，92岁; 95歳; 91세; 97 tuổi; 93 años; 91 ans; 94 года; 96 yaşında')).toEqual(['92岁', '95歳', '91세', '97 tuổi', '93 años', '91 ans', '94 года', '96 yaşında']);
    expect(ages('45 años; 12 ans de suivi; 60岁')).toEqual([]);
  });
});

describe('holidays and telling birth years', () => {
  it('takes a holiday for a date and a birth year for one when it tells an age over 89', () => {
    const days = (text: string) => findDayOnlyDates(text).map((d) => text.slice(d.start, d.end));
    expect(days("fell on Christmas Eve; discharged New Year's Day; seen Thanksgiving")).toEqual(['Christmas Eve', "New Year's Day", 'Thanksgiving']);
    const years = (text: string) => findTellingBirthYears(text, 2026).map((d) => text.slice(d.start, d.end));
    expect(years('born in the spring of 1931; b. 1929; YOB 1936')).toEqual(['1931', '1929', '1936']);
    expect(years('born in 1937, married in 1931; DOB year 1950')).toEqual([]);
  });
});

describe('fifth round: number forms checked on probe lines of my own', () => {
  const found = (text: string) => findFormatSpans(text).map((s) => text.slice(s.start, s.end));

  it('reads other dashes as hyphens in numbers ("512–40–8831")', () => {
    expect(found('SSN 512–40–8831, cell 505‑441‑2290')).toEqual(expect.arrayContaining(['512–40–8831', '505‑441‑2290']));
  });

  it('takes every digit group after a record label with its number sign ("Record # 4417 2290", "ID# 4419 2201")', () => {
    const text = 'Record # 4417 2290, Enc # 7731 0092 and ID# 4419 2201.';
    for (const v of ['4417 2290', '7731 0092', '4419 2201']) expect(found(text)).toContain(v);
    // Short groups, or too few digits, are not a record number ("Room # 12 14", "Bed no. 4 5").
    expect(found('Room # 12 14, Bed no. 4 5')).toEqual([]);
  });

  it('finds a day of the month alone before a dash ("the fourteenth — with daughters")', () => {
    const days = (text: string) => findDayOnlyDates(text).map((d) => text.slice(d.start, d.end));
    expect(days('planning the fourteenth — with daughters; on the 3rd – then')).toEqual(['the fourteenth', 'the 3rd']);
    expect(days('the 4th floor — west wing')).toEqual([]);
  });

  it('finds a month-day-year with dashes and a birth year in words that tells an age over 89', () => {
    expect(findDates('Next Feb-27-1987; FEB-03-2001.').map((d) => d.parsed)).toEqual([
      { year: 1987, month: 2, day: 27, granularity: 'day' },
      { year: 2001, month: 2, day: 3, granularity: 'day' },
    ]);
    const years = (text: string) => findTellingBirthYears(text, 2026).map((d) => text.slice(d.start, d.end));
    expect(years('Born nineteen twenty-nine. b. in nineteen thirty; born nineteen fifty; DOB nineteen oh-five')).toEqual(['nineteen twenty-nine', 'nineteen thirty', 'nineteen oh-five']);
  });
});

describe('dates', () => {
  const dates = (text: string) => findDates(text).map((d) => text.slice(d.start, d.end));

  it('finds dates without a year, in ordinal words and with their weekday', () => {
    expect(dates('last filled 6/22, RTC 11/19')).toEqual(['6/22', '11/19']);
    expect(dates('on the twenty-first of June and August fourth')).toEqual(['the twenty-first of June', 'August fourth']);
    expect(dates('seen Friday, March 21 and on the 22nd of May')).toEqual(['Friday, March 21', 'the 22nd of May']);
    expect(dates('手术 2024年3月5日')).toEqual(['2024年3月5日']);
    expect(dates('1/2 tab, 5/5 strength, BP 120/80')).toEqual([]);
  });

  it('finds dates in many written forms', () => {
    const text =
      'on 2023-02-14, 03/04/2021, 3/7/24, 14/02/2024, 28.02.2024, March 4, 2021, Mar. 4th 2021, ' +
      '4 March 2021, 4th of July, 2022, 05-Jun-2023, June 2009, 12/2023, seen 3/4 and Nov 2, 2023: done';
    expect(dates(text)).toEqual([
      '2023-02-14', '03/04/2021', '3/7/24', '14/02/2024', '28.02.2024', 'March 4, 2021', 'Mar. 4th 2021',
      '4 March 2021', '4th of July, 2022', '05-Jun-2023', 'June 2009', '12/2023', '3/4', 'Nov 2, 2023',
    ]);
  });

  it('finds military and compact dates, "Month the 9th", month and year, and both ends of a range', () => {
    expect(dates('seen 07FEB22, 19NOV2021 and 4aug19; clinic July the 9th')).toEqual(['07FEB22', '19NOV2021', '4aug19', 'July the 9th']);
    expect(dates('since November of 2019, worse Sept-21')).toEqual(['November of 2019', 'Sept-21']);
    expect(dates('admitted 5/3-5/6, PT Oct 4-6, study March 3rd-4th')).toEqual(['5/3', '5/6', 'Oct 4', '6', 'March 3rd', '4th']);
    expect(dates('last anesthetic 8-5, seen 3-14.')).toEqual(['8-5', '3-14']);
  });

  it('finds a month glued to its day by a dot, year-first with the month in letters, and an apostrophe year after a day', () => {
    expect(dates('on Jan.5, 5.Jan.2024, 2024-Mar-05, Mar 5th, \'24 and Weds 4/17')).toEqual(['Jan.5', '5.Jan.2024', '2024-Mar-05', "Mar 5th, '24", 'Weds 4/17']);
  });

  it('does not read counts, ranges of doses or of days as dates', () => {
    expect(dates('from 3-4 days, Mar 4-5 mg, last 2-3 weeks, since 1-2 episodes')).toEqual(['Mar 4']);
  });

  it('finds a day of the month alone only where nothing it could count follows', () => {
    const days = (text: string) => findDayOnlyDates(text).map((d) => text.slice(d.start, d.end));
    expect(days('Return on the 14th. Labs the seventeenth for INR, call the 3rd at 9 am')).toEqual(['the 14th', 'the seventeenth', 'the 3rd']);
    expect(days('the 4th floor, the 3rd dose, the 95th percentile, the second time')).toEqual([]);
    expect(days('seen on Tuesday 11th, call Fri. 3rd.')).toEqual(['Tuesday 11th', 'Fri. 3rd']);
  });

  it('does not read doses, ratios or the verb "may" as dates', () => {
    expect(dates('BP 120/80, take 1/2 tablet, ANA 1:640, she may 2 times')).toEqual([]);
  });

  it('shifts keeping precision and crossing year ends', () => {
    const [day, month, monthDay] = findDates('2021-12-25, June 2009, Mar 21').map((d) => d.parsed);
    expect(shiftDate(day, 10)).toBe('2022-01-04');
    expect(shiftDate(month, -30)).toBe('2009-05');
    expect(shiftDate(monthDay, 14)).toBe('Apr 4');
  });
});
