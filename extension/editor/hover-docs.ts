// What a hover over a C identifier shows: the word under the cursor when it is code (not a comment or a
// string), and the markdown for it from the teaching module's call, constant, structure and errno tables. Pure.
import { errnoText } from '../../common/format';
import { CALL_DOCS, CONSTANT_DOCS, ERRNO_ADVICE, STRUCT_DOCS } from '../../common/teaching';
import { blankNonCode } from './source-calls';

export interface HoverWord {
  word: string;
  /** offsets in the text: [start, end) */
  start: number;
  end: number;
  /** the next character that is not a space is `(` */
  called: boolean;
}

const IDENT_CHAR = /[A-Za-z0-9_]/;

/** The identifier at `offset`, unless it sits in a comment, a string or an `#include` line. */
export function hoverWordAt(text: string, offset: number, code: string = blankNonCode(text)): HoverWord | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && IDENT_CHAR.test(text[start - 1])) start--;
  while (end < text.length && IDENT_CHAR.test(text[end])) end++;
  if (start === end || /[0-9]/.test(text[start])) return undefined;
  // directives are blanked whole by blankNonCode; a #define's body is still code worth explaining
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const directive = /^\s*#\s*(\w+)/.exec(text.slice(lineStart, start));
  if (code[start] === ' ' && !(directive && directive[1] !== 'include' && !inCommentOrString(text, lineStart, start))) return undefined;
  let j = end;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
  return { word: text.slice(start, end), start, end, called: text[j] === '(' };
}

/** Whether `at` is inside a comment or a literal that starts on the directive line from `from`. */
function inCommentOrString(text: string, from: number, at: number): boolean {
  let quote = '';
  for (let i = from; i < at; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const close = text[i + 1] === '*' ? text.indexOf('*/', i + 2) : -1;
      if (close < 0 || close + 2 > at) return true;
      i = close + 1;
    }
  }
  return quote !== '';
}

function manLink(name: string, section: 2 | 3): string {
  return `https://man7.org/linux/man-pages/man${section}/${name}.${section}.html`;
}

/** The table's own entry for `word` (a C name such as `constructor` is no key of Object.prototype here). */
function entry<T>(table: Readonly<Record<string, T>>, word: string): T | undefined {
  return Object.hasOwn(table, word) ? table[word] : undefined;
}

/** Markdown for `w`, or undefined when Socket Lab has nothing to say about it. */
export function hoverMarkdown(w: Pick<HoverWord, 'word' | 'called'>): string | undefined {
  const fn = entry(CALL_DOCS, w.word);
  if (fn && w.called) {
    return ['```c', fn.signature, '```', fn.text, '', `[man ${fn.section} ${w.word}](${manLink(w.word, fn.section)})`].join('\n');
  }
  const k = entry(CONSTANT_DOCS, w.word) ?? entry(STRUCT_DOCS, w.word);
  if (k) return `**${w.word}** · ${k.use}\n\n${k.text}`;
  const e = entry(ERRNO_ADVICE, w.word);
  if (e) {
    const s = errnoText(w.word);
    return `**${w.word}**${s ? ` · ${s}` : ''}\n\n${e.text}`;
  }
  return undefined;
}

/** Every name the hovers know, for tests and completeness checks. */
export function documentedNames(): string[] {
  return [...Object.keys(CALL_DOCS), ...Object.keys(CONSTANT_DOCS), ...Object.keys(STRUCT_DOCS), ...Object.keys(ERRNO_ADVICE)];
}
