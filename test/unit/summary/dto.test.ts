import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { SubmitSummaryDto } from '../../../apps/api/src/summaries/dto/summary.dto.js';
import { validationDetails } from '../../../apps/api/src/common/validation.js';
import { contentHash, runChecks } from '../../../libs/summary/checks.js';
import { EXAMPLE_CONTEXT, exampleSummary } from '../../../libs/summary/example.js';
import type { SummaryDocument } from '../../../libs/summary/document.js';

/** The global ValidationPipe's options (apps/api/src/common/validation.ts). */
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false };

/** A JSON round trip, as the body arrives over HTTP. */
async function validateBody(mutate: (d: Record<string, any>) => void = () => {}) {
  const document = JSON.parse(JSON.stringify(exampleSummary())) as Record<string, any>;
  mutate(document);
  const dto = plainToInstance(SubmitSummaryDto, { document });
  const errors = await validate(dto, OPTIONS);
  return { dto, details: validationDetails(errors).map((e) => [e.field, e.code]) };
}

describe('SubmitSummaryDto', () => {
  it('SPEC §4 the example summary validates through the DTO with zero errors', async () => {
    const { details } = await validateBody();
    expect(details).toEqual([]);
  });

  it('R-9.1–R-9.5, R-6 a client can copy the example, submit it and pass the checks', async () => {
    const { dto } = await validateBody();
    expect(runChecks(dto.document, EXAMPLE_CONTEXT)).toEqual([]);
    // The hash of what the controller receives is the hash of the plain document.
    expect(contentHash(dto.document)).toBe(contentHash(exampleSummary()));
  });

  it.each<[string, (d: Record<string, any>) => void, string, string]>([
    ['R-9.1 a missing module', (d) => delete d.lessons, 'document.lessons', 'isDefined'],
    [
      'R-9.2 a negative count',
      (d) => (d.effectiveness.quantitative.questionnaire.returned = -1),
      'document.effectiveness.quantitative.questionnaire.returned',
      'min',
    ],
    [
      'R-9.2 a fractional count',
      (d) => (d.effectiveness.quantitative.questionnaire.issued = 200.5),
      'document.effectiveness.quantitative.questionnaire.issued',
      'isInt',
    ],
    [
      'R-9.2 a count sent as a string',
      (d) => (d.effectiveness.quantitative.satisfaction.responses = '184'),
      'document.effectiveness.quantitative.satisfaction.responses',
      'isInt',
    ],
    [
      'R-9.2 a stated rate with three decimals',
      (d) => (d.effectiveness.quantitative.questionnaire.statedRate = 92.005),
      'document.effectiveness.quantitative.questionnaire.statedRate',
      'isNumber',
    ],
    [
      'R-9.2 a satisfaction above 100%',
      (d) => (d.effectiveness.quantitative.satisfaction.statedRate = 120),
      'document.effectiveness.quantitative.satisfaction.statedRate',
      'max',
    ],
    ['R-9.3 a problem of an unknown kind', (d) => (d.lessons.problems[0].kind = 'other'), 'document.lessons.problems.0.kind', 'isIn'],
    [
      'R-9.4 a deadline written 2027/03/31',
      (d) => (d.improvements.suggestions[0].deadline = '2027/03/31'),
      'document.improvements.suggestions.0.deadline',
      'matches',
    ],
    [
      'R-9.4 a department name instead of a code',
      (d) => (d.improvements.suggestions[0].responsibleDepartment = '宣传部'),
      'document.improvements.suggestions.0.responsibleDepartment',
      'matches',
    ],
    ['R-9.5 an attachment of an unknown kind', (d) => (d.attachments[0].kind = 'video'), 'document.attachments.0.kind', 'isIn'],
    ['R-9.5 an attachment order 0', (d) => (d.attachments[0].order = 0), 'document.attachments.0.order', 'min'],
    [
      'R-9.5 more than 30 attachments',
      (d) => (d.attachments = Array.from({ length: 31 }, (_, i) => ({ kind: 'photo', order: i + 1, attachmentId: `a${i}` }))),
      'document.attachments',
      'arrayMaxSize',
    ],
    ['R-6 a title over 300 characters', (d) => (d.title = '长'.repeat(301)), 'document.title', 'maxLength'],
    ['SPEC §4 an unknown field', (d) => (d.overview.goals.extra = 1), 'document.overview.goals.extra', 'whitelistValidation'],
    [
      'SPEC §4 a start time that is not ISO 8601',
      (d) => (d.overview.basicInfo.startAt = '2026年11月20日'),
      'document.overview.basicInfo.startAt',
      'isIso8601',
    ],
  ])('%s is refused by the DTO', async (_case, mutate, field, code) => {
    const { details } = await validateBody(mutate);
    expect(details).toContainEqual([field, code]);
  });

  it.each<[string, (d: Record<string, any>) => void, string]>([
    ['R-9.1 a blank background', (d) => (d.overview.goals.background = ''), 'R-9.1'],
    ['R-9.1 an empty problem list', (d) => (d.lessons.problems = []), 'R-9.1'],
    ['R-9.4 a blank deadline', (d) => (d.improvements.suggestions[0].deadline = ''), 'R-9.4'],
    ['R-9.4 a blank responsible department', (d) => (d.improvements.suggestions[0].responsibleDepartment = ''), 'R-9.4'],
  ])('%s passes the DTO and is reported by its rule instead', async (_case, mutate, rule) => {
    const { dto, details } = await validateBody(mutate);
    expect(details).toEqual([]);
    const findings = runChecks(dto.document as SummaryDocument, EXAMPLE_CONTEXT);
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([[rule, 'blocking']]);
  });
});
