/**
 * Password strength (@zxcvbn-ts/core with the common-language dictionary of leaked passwords,
 * keyboard layouts and diceware words): refuses what an online or offline guesser tries first.
 * Length alone lets through `1234567890`, `password12` or ten spaces.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** zxcvbn scores 0–4; 3 is "safely unguessable: moderate protection from offline slow-hash scenario" (≥ 10^8 guesses). */
export const MIN_PASSWORD_SCORE = 3;

export interface StrengthProblem {
  code: 'passwordBlank' | 'passwordWeak';
  message: string;
  messageZh: string;
}

let estimator: ZxcvbnFactory | undefined;
/** Built on first use (≈ 30 ms for the dictionaries), then shared. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator;
}

/**
 * Null when `password` is strong enough. `userInputs` (the username, names) count as known words.
 * NFKC first, as the hash does: a full-width `１２３４５６７８９０` is the digit run it looks like.
 */
export function passwordStrengthProblem(password: string, userInputs: string[] = []): StrengthProblem | null {
  const normalized = password.normalize('NFKC');
  if (!normalized.trim()) {
    return {
      code: 'passwordBlank',
      message: 'the password must not consist of whitespace only',
      messageZh: '密码不能只包含空格等空白字符',
    };
  }
  const { score } = zxcvbn().check(normalized, userInputs);
  if (score >= MIN_PASSWORD_SCORE) return null;
  return {
    code: 'passwordWeak',
    message:
      'the password is too easy to guess (a common password, a word with digits, a keyboard or digit sequence, repeated ' +
      'characters); use a longer phrase of several unrelated words',
    messageZh: '密码过于简单,容易被猜中(常见密码、单词加数字、键盘或数字序列、重复字符等),请使用由多个无关词语组成的更长密码',
  };
}
