// What portal templates use to speak the reader's language: the public site's messages (codes, states,
// numbers, money), the portal's own catalogs, dates and times in Vietnam's time zone, and the wording of
// refused fields — zod's issues by their code, and the reasons the server words itself.
import { messages, TIME_ZONE, type Lang } from '../i18n.ts';
import type { IssueWording } from '../../validation.ts';
import * as admin from './catalogs/admin.ts';
import * as business from './catalogs/business.ts';
import * as common from './catalogs/common.ts';
import * as pilot from './catalogs/pilot.ts';
import * as fields from './catalogs/fields.ts';
import { labelKey } from './schema-fields.ts';
import * as regulator from './catalogs/regulator.ts';

const EN = { ...common.en, ...pilot.en, ...business.en, ...regulator.en, ...admin.en };
export type PortalKey = keyof typeof EN;
const CATALOGS: Record<Lang, Record<PortalKey, string>> = {
  en: EN,
  vi: { ...common.vi, ...pilot.vi, ...business.vi, ...regulator.vi, ...admin.vi },
};

type Params = Record<string, string | number>;
const fill = (text: string, params: Params) =>
  text.replace(/\{(\w+)\}/g, (_m, name: string) => String(params[name] ?? ''));

/** zod's issues in the reader's words, for the fields a schema words no message for itself. */
function issueWording(p: (key: PortalKey, params?: Params) => string): IssueWording {
  return (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined || issue.input === null) return p('issue.required');
        if (issue.expected === 'number' || issue.expected === 'int') return p('issue.number');
        if (issue.expected === 'boolean') return p('issue.boolean');
        if (issue.expected === 'string') return p('issue.text');
        if (issue.expected === 'array') return p('issue.list');
        if (issue.expected === 'object') return p('issue.group');
        return p('issue.invalid');
      case 'too_small': {
        const min = Number(issue.minimum);
        if (issue.origin === 'string') return min <= 1 ? p('issue.required') : p('issue.minText', { min });
        if (issue.origin === 'array' || issue.origin === 'set') return p('issue.minList', { min });
        return issue.inclusive === false ? p('issue.moreThan', { min }) : p('issue.minNumber', { min });
      }
      case 'too_big': {
        const max = Number(issue.maximum);
        if (issue.origin === 'string') return p('issue.maxText', { max });
        if (issue.origin === 'array' || issue.origin === 'set') return p('issue.maxList', { max });
        return p('issue.maxNumber', { max });
      }
      case 'invalid_format':
        if (issue.format === 'date' || issue.format === 'datetime') return p('issue.date');
        if (issue.format === 'email') return p('issue.email');
        if (issue.format === 'url') return p('issue.url');
        return p('issue.format');
      case 'invalid_union':
        // Our one union of texts is an instant: a date, or a date and time with its offset.
        return p('issue.date');
      case 'invalid_value':
        return p('issue.oneOf', { values: issue.values.map(String).join(', ') });
      case 'not_multiple_of':
        return p('issue.integer');
      default:
        return p('issue.invalid');
    }
  };
}

const FIELDS: Record<Lang, Record<string, string>> = { en: fields.en, vi: fields.vi };

/** A field's words by its path: the whole path without indices, then shorter and shorter tails. */
function fieldWords(lang: Lang, path: string, suffix = ''): string | undefined {
  const parts = labelKey(path).split('.');
  for (let i = 0; i < parts.length; i++) {
    const found = FIELDS[lang][parts.slice(i).join('.') + suffix];
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The code kind of an enum field's options, for the site's words (`m.code('severity', 'high')`). */
const OPTION_KINDS: [RegExp, string][] = [
  [/(^|\.)severity$/, 'severity'],
  [/compensation\.kind$/, 'compensation'],
  [/(^|\.)type$/, 'condition'],
  [/^outcome$/, 'outcome'],
  [/(^|\.)liability$/, 'liability'],
  [/(^|\.)fraudOrIntent$/, 'fraud'],
];

export function portalMessages(lang: Lang) {
  const site = messages(lang);
  const catalog = CATALOGS[lang];
  // Templates may build a key (`act.pilot.approve`): an unknown one shows as itself rather than failing.
  const p = (key: PortalKey, params: Params = {}) => fill(catalog[key] ?? key, params);
  // Dates and times (Vietnam's, 24/11/2026 in Vietnamese) are the site's: `site.date`, `site.time`.
  /** YYYY-MM-DD of an instant in Vietnam, for a date input's value. */
  const isoDate = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, dateStyle: 'short' });
  return {
    ...site,
    p,
    inputDate: (iso: string | null | undefined) => (iso ? isoDate.format(new Date(iso)) : ''),
    /** A reason the server gave for a refused field, in the reader's language where we know its words. */
    reason: (text: string) => {
      if (lang === 'en') return text;
      for (const [pattern, words] of common.reasonsVi) if (pattern.test(text)) return text.replace(pattern, words);
      return text;
    },
    issueWording: issueWording(p),
    /** A form field's label by its API path (`conditions.0.parameters.limit`). */
    label: (path: string) => {
      const words = fieldWords(lang, path);
      if (words !== undefined) return words;
      const last = labelKey(path).split('.').pop() ?? path;
      return last.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
    },
    hint: (path: string) => fieldWords(lang, path, '.hint') ?? null,
    /** The words of one option of an enum field. */
    option: (path: string, value: string, rulings = false) => {
      if (value === 'true' || value === 'false') return FIELDS[lang][value === 'true' ? 'yes' : 'no'];
      if (/(^|\.)applicantType$/.test(path)) return FIELDS[lang][`applicant.${value}` as fields.FieldKey] ?? value;
      if (/(^|\.)frequency$|reportFrequency$/.test(path)) return FIELDS[lang][`frequency.${value}`] ?? value;
      if (rulings && /(^|\.)outcome$/.test(path)) return site.code('ruling', value);
      const kind = OPTION_KINDS.find(([re]) => re.test(path))?.[1];
      return kind ? site.code(kind, value) : value;
    },
    field: (key: fields.FieldKey, params: Params = {}) => fill(FIELDS[lang][key], params),
  };
}
export type PortalMessages = ReturnType<typeof portalMessages>;
