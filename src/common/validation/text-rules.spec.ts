import { jsonDepthExceeds } from './json-body';
import { cleanTree, MAX_TEXT_LENGTH, queryNumberProblems, textProblem } from './text-rules';

describe('the text rule', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a lone high surrogate', 'x\ud800'],
    ['a lone low surrogate', '\udc00x'],
    ['a bell character', 'a\u0007'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085'],
    ['too long', 'a'.repeat(MAX_TEXT_LENGTH + 1)],
  ])('refuses %s', (_what, value) => {
    expect(textProblem(value, 'summary')).toMatch(/Trường "summary"/);
  });

  it.each(['Trích yếu văn bản', 'dòng 1\ndòng 2\tcột', '😀 emoji (a surrogate pair)', ''])('accepts %p', (value) => {
    expect(textProblem(value, 'f')).toBeNull();
  });

  it('normalises to NFC and CR LF to LF, deep inside objects and arrays, naming the path of each violation', () => {
    const { value, details } = cleanTree({ a: ['Tie\u0302\u0301ng\r\nViệt'], b: { c: 'x\u0000' } });
    expect((value as { a: string[] }).a[0]).toBe('Tiếng\nViệt');
    expect(details).toEqual([{ field: 'b.c', message: expect.stringContaining('NUL') }]);
  });

  it('refuses nesting deeper than 32 levels', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(cleanTree({ deep }).details[0].message).toMatch(/lồng nhau/);
  });

  it('query numbers stay within a PostgreSQL integer', () => {
    expect(queryNumberProblems({ page: 1e20, pageSize: 20 })).toEqual([{ field: 'page', message: expect.any(String) }]);
    expect(queryNumberProblems({ page: 2_147_483_647 })).toEqual([]);
  });
});

describe('JSON depth on the raw text', () => {
  it('counts brackets outside strings only, honouring escapes', () => {
    expect(jsonDepthExceeds(Buffer.from('{"a":"[[[[[[[[\\"[[[["}'), 2)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('{"a":[[1]]}'), 2)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from(`${'['.repeat(3000)}${']'.repeat(3000)}`), 32)).toBe(true);
  });
});
