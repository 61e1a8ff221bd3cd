import searchAttributes from '../../libs/temporal/search-attributes.json' with { type: 'json' };
import { ALL_SEARCH_ATTRIBUTE_KEYS } from '../../workflows/search-attributes.js';

describe('search attributes', () => {
  it('the workflow keys and the registered list (launcher, compose) name the same attributes and types', () => {
    const fromKeys = Object.fromEntries(
      ALL_SEARCH_ATTRIBUTE_KEYS.map((k) => [k.name, { KEYWORD: 'Keyword', BOOL: 'Bool', DATETIME: 'Datetime' }[k.type]]),
    );
    expect(fromKeys).toEqual(searchAttributes);
  });
});
