/** Input refused at the edge: the NUL character anywhere, page numbers and sizes out of bounds. */
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { nulBytePaths, RejectNulBytesPipe } from '../../../apps/api/src/common/input.js';
import { PageQuery } from '../../../apps/api/src/common/query.js';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false };

describe('nulBytePaths', () => {
  it('names every string value and key holding a NUL, with the path the validation errors use', () => {
    expect(nulBytePaths({ username: 'a\u0000', ok: 'b', list: ['x', { text: '\u0000' }], ['k\u0000']: 1 })).toEqual([
      'username',
      'list.1.text',
      'k\\u0000',
    ]);
    expect(nulBytePaths('x\u0000', 'id')).toEqual(['id']);
    expect(nulBytePaths({ a: [1, true, null, 'fine'] })).toEqual([]);
  });

  it('walks deeply nested bodies without exhausting the stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(nulBytePaths(deep)).toHaveLength(1);
  });
});

describe('RejectNulBytesPipe', () => {
  const pipe = new RejectNulBytesPipe();
  const refused = (value: unknown, type: 'body' | 'query' | 'param' | 'custom', data?: string) => {
    try {
      pipe.transform(value, { type, data });
      return null;
    } catch (err) {
      return (err as { details: Array<{ field: string }> }).details.map((d) => d.field);
    }
  };

  it('names the body field, the query parameter, the path parameter and an upload’s file name', () => {
    expect(refused({ document: { title: 'x\u0000' } }, 'body')).toEqual(['document.title']);
    expect(refused({ targetId: '\u0000' }, 'query')).toEqual(['targetId']);
    expect(refused('\u0000', 'param', 'id')).toEqual(['id']);
    expect(refused({ originalname: 'photo\u0000.png', buffer: Buffer.alloc(0) }, 'custom')).toEqual(['file']);
  });

  it('passes everything else through unchanged', () => {
    const body = { a: ['x', 1, null], b: { c: '中文' } };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(refused({ userId: 'u-1', role: 'staff' }, 'custom')).toBeNull();
  });
});

describe('PageQuery', () => {
  const errorsOf = async (query: Record<string, string>) => {
    const errors = await validate(plainToInstance(PageQuery, query), OPTIONS);
    return errors.flatMap((e) => Object.keys(e.constraints ?? {}).map((c) => `${e.property}:${c}`));
  };

  it.each([
    [{ page: '5.9e81' }, ['page:isInt']],
    [{ page: '-1' }, ['page:min']],
    [{ page: '1.5' }, ['page:isInt']],
    [{ page: '1e3' }, ['page:isInt']],
    [{ page: '10001' }, ['page:max']],
    [{ page: '' }, ['page:isInt']],
    [{ pageSize: '0' }, ['pageSize:min']],
    [{ pageSize: '101' }, ['pageSize:max']],
    [{ pageSize: '0x10' }, ['pageSize:isInt']],
  ])('refuses %j', async (query, expected) => {
    expect(await errorsOf(query)).toEqual(expect.arrayContaining(expected));
  });

  it('takes page 1–10000 and pageSize 1–100', async () => {
    expect(await errorsOf({ page: '1', pageSize: '1' })).toEqual([]);
    expect(await errorsOf({ page: '10000', pageSize: '100' })).toEqual([]);
  });
});
