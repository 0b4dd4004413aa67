// Every code the public site shows has words in both languages, and dates and times are Vietnam's.
import { expect } from 'chai';
import { PILOT_STATES } from '../../models/pilot.ts';
import { CONDITION_TYPES, EXEMPTION_STATES, LIABILITY_KINDS, SEVERITIES } from '../../models/pilot-records.ts';
import { PILOT_EVENT_TYPES } from '../../server/pilots/events.ts';
import { fitLabel, horizontalBars } from '../../server/site/charts.ts';
import { LANGS, messages, textLang } from '../../server/site/i18n.ts';

describe('the site’s words', () => {
  for (const lang of LANGS) {
    const m = messages(lang);
    // An English word may be its code (`low`); a label is never the code's own spelling (`partly_upheld`,
    // `pilot.halted`), and a Vietnamese one is never the English code.
    const worded = (label: string, code: string) =>
      lang === 'vi' ? expect(label, code).not.to.equal(code) : expect(label, code).not.to.match(/[._]/);
    it(`when a page in ${lang} shows a code of the record, then it has words for it, not the code`, () => {
      for (const state of PILOT_STATES) worded(m.status(state), state);
      for (const type of PILOT_EVENT_TYPES) worded(m.code('', type), type);
      for (const s of EXEMPTION_STATES) worded(m.code('exemption', s === 'active' ? s : `${s}.state`), s);
      for (const c of CONDITION_TYPES) worded(m.code('condition', c), c);
      for (const s of SEVERITIES) worded(m.code('severity', s), s);
      for (const l of LIABILITY_KINDS) worded(m.code('liability', l), l);
      for (const r of ['upheld', 'partly_upheld', 'denied']) worded(m.code('ruling', r), r);
    });
  }

  it('when a date or time is shown, then it is Vietnam’s, Vietnamese dates as 24/11/2026', () => {
    // 20:30 UTC on 24 November is 03:30 on 25 November in Hồ Chí Minh City.
    expect(messages('vi').date('2026-11-24T20:30:00Z')).to.equal('25/11/2026');
    expect(messages('vi').date('2026-11-24')).to.equal('24/11/2026');
    expect(messages('en').date('2026-11-24')).to.equal('24 Nov 2026');
    expect(messages('en').time('2026-11-24T20:30:00Z')).to.equal('25 Nov 2026, 03:30 (UTC+7)');
    expect(messages('vi').time('2026-11-24T20:30:00Z')).to.include('03:30').and.include('25/11/2026');
  });
});

describe('chart labels', () => {
  it('when an agency’s name is long, then its label is shortened to fit inside the chart, never clipped', () => {
    const name = 'Da Nang Department of Science and Technology (Sở Khoa học và Công nghệ Đà Nẵng)';
    const chart = horizontalBars([{ key: 'n', label: 'n' }], [{ label: name, values: [3] }], { labelWidth: 280 });
    const row = chart.rows[0];
    expect(row.full).to.equal(name);
    expect(row.label).to.match(/^Da Nang Department.*…$/);
    // Right-aligned at labelWidth − 8, the label must start at or after x = 0.
    expect(row.label.length * 7.2).to.be.at.most(chart.labelWidth - 8);
    expect(fitLabel('Short name', 200)).to.equal('Short name');
  });
});

describe('the language of what someone wrote', () => {
  it('when a text is mostly Vietnamese words, then it is marked vi; English naming Vietnamese places stays en', () => {
    expect(textLang('Ví điện tử cho chợ truyền thống')).to.equal('vi');
    expect(textLang('Cho vay ngang hàng tại Hồ Chí Minh')).to.equal('vi');
    expect(textLang('Alternative credit scoring for thin-file borrowers in Hà Nội and Đà Nẵng.')).to.equal('en');
    expect(textLang('Agency SB0001')).to.equal('en');
    expect(textLang('2026-0001')).to.equal(null);
  });
});
