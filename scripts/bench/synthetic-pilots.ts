// Synthetic public pilots for the public registry benchmark. Driving 100,000 pilots through the HTTP
// lifecycle would take hours, so each synthetic pilot is a made-up sequence of the ledger entries its
// lifecycle would have appended (created, submitted, review started, approved, then started, suspended,
// revoked, expired or completed), folded with the projector's own `evolve` and stored with its own
// `indexFields`: the documents have exactly the shape the app projects (listing tokens, reference,
// status, facets, dates), only their entries are not in the ledger. Names, places and dates are drawn
// from a fixed seed, so two runs load the same registry.
import { Types } from 'mongoose';
import type { PilotRecord, PilotState } from '../../models/pilot.ts';
import type { Entry, JsonObject } from '../../server/ledger/entry.ts';
import type { PilotEventType } from '../../server/pilots/events.ts';
import { evolve } from '../../server/pilots/evolve.ts';
import { indexFields } from '../../server/pilots/projector.ts';
import { referenceOf } from '../../server/pilots/references.ts';
import { addMonths } from '../../server/programmes/programmes.ts';

export interface BenchProgramme {
  id: string;
  code: string;
  agency: { id: string; code: string };
  legalBasis: string;
  solutionTypes: string[];
  maxDurationMonths: number;
  reportFrequency: string;
}

const PROVINCES = [
  'Hà Nội',
  'Hồ Chí Minh',
  'Đà Nẵng',
  'Hải Phòng',
  'Cần Thơ',
  'Đắk Lắk',
  'Thừa Thiên Huế',
  'Khánh Hòa',
  'Quảng Ninh',
  'Bình Dương',
  'Đồng Nai',
  'Nghệ An',
  'Thanh Hóa',
  'Lâm Đồng',
  'An Giang',
  'Bắc Ninh',
  'Thái Nguyên',
  'Sóc Trăng',
  'Bình Thuận',
  'Kiên Giang',
  'Quảng Nam',
  'Bà Rịa - Vũng Tàu',
  'Long An',
  'Tiền Giang',
  'Hưng Yên',
  'Vĩnh Phúc',
];
// The two cities hold most pilots, as they do in practice.
const PROVINCE_WEIGHTS = PROVINCES.map((_, i) => (i === 0 ? 12 : i === 1 ? 10 : i === 2 ? 5 : 1));

// What each programme's pilots are about, by its solution types.
const TOPICS: Record<string, { sector: string; titles: string[]; technologies: string[]; summary: string }> = {
  'credit-scoring': {
    sector: 'Ngân hàng',
    titles: ['Chấm điểm tín dụng thay thế', 'Chấm điểm tín dụng nông hộ', 'Đánh giá tín dụng bằng dữ liệu viễn thông'],
    technologies: ['machine learning', 'alternative data', 'eKYC'],
    summary: 'Alternative credit scoring from telecom and utility payment data for borrowers without a credit history.',
  },
  'open-api': {
    sector: 'Ngân hàng',
    titles: [
      'Cổng API mở chia sẻ dữ liệu tài khoản',
      'Thanh toán mở cho thương mại điện tử',
      'Kết nối ví điện tử qua API mở',
    ],
    technologies: ['open api', 'OAuth 2.0'],
    summary: "Open API gateway that lets licensed fintechs read account data with the customer's consent.",
  },
  'p2p-lending': {
    sector: 'Ngân hàng',
    titles: ['Nền tảng cho vay ngang hàng', 'Cho vay ngang hàng cho hộ kinh doanh', 'Kết nối vốn cho tiểu thương'],
    technologies: ['P2P lending platform', 'eKYC'],
    summary: 'Peer-to-peer lending platform connecting individual lenders with small traders.',
  },
  'ai-diagnostics': {
    sector: 'Y tế',
    titles: [
      'Phần mềm AI đọc phim X-quang ngực',
      'AI hỗ trợ chẩn đoán bệnh da liễu',
      'AI sàng lọc bệnh võng mạc đái tháo đường',
    ],
    technologies: ['deep learning', 'medical imaging', 'computer vision'],
    summary: 'AI software that flags findings on medical images for doctors at district hospitals.',
  },
  'blockchain-traceability': {
    sector: 'Nông nghiệp',
    titles: [
      'Truy xuất nguồn gốc cà phê bằng blockchain',
      'Truy xuất nguồn gốc thanh long xuất khẩu',
      'Truy xuất nguồn gốc gạo ST25',
    ],
    technologies: ['blockchain', 'QR code'],
    summary: 'Blockchain traceability from farm to export, with QR codes for buyers.',
  },
  'autonomous-vehicle': {
    sector: 'Giao thông',
    titles: ['Xe buýt tự hành khu đô thị', 'Taxi tự hành ban đêm', 'Xe giao hàng tự hành nội khu'],
    technologies: ['autonomous driving', 'LiDAR'],
    summary: 'Autonomous electric shuttle on a fixed loop, with a safety operator on board.',
  },
  'drone-delivery': {
    sector: 'Logistics',
    titles: [
      'Giao hàng bằng thiết bị bay không người lái',
      'Vận chuyển mẫu xét nghiệm bằng drone',
      'Drone giám sát bãi biển',
    ],
    technologies: ['drones', 'UTM'],
    summary:
      'Drone delivery of parcels up to 3 kg along a corridor, remotely piloted (điều khiển từ xa) from a control centre.',
  },
};
const OTHER_TOPIC = {
  sector: 'Công nghệ',
  titles: ['Thí điểm công nghệ mới'],
  technologies: ['software'],
  summary: 'A controlled test of a new technology.',
};

const COMPANY_KINDS = ['Công ty Cổ phần', 'Công ty TNHH', 'Công ty TNHH Một thành viên'];
const COMPANY_WORDS = [
  'Tín Dụng Số',
  'Kết Nối Vốn',
  'Cổng Dữ Liệu Mở',
  'Chẩn Đoán Thông Minh',
  'Xe Tự Hành',
  'Giao Hàng Bay',
  'Truy Xuất Nguồn Gốc',
  'Công Nghệ Tài Chính',
  'Dữ Liệu Xanh',
  'Y Tế Số',
];
const COMPANY_PLACES = [
  'Sao Mai',
  'Phương Nam',
  'Bắc Hà',
  'Lạc Hồng',
  'Thăng Long',
  'Sông Hàn',
  'Cao Nguyên',
  'Đồng Bằng',
  'Hồng Lĩnh',
  'Trường Sơn',
  'Cửu Long',
  'Hải Vân',
];

/** Final states of public pilots in a registry some years old, with their shares. */
const FATES: { state: PilotState; weight: number }[] = [
  { state: 'approved', weight: 5 },
  { state: 'active', weight: 50 },
  { state: 'suspended', weight: 5 },
  { state: 'revoked', weight: 5 },
  { state: 'expired', weight: 15 },
  { state: 'completed', weight: 20 },
];

const DAY = 86_400_000;

/** mulberry32: small, seeded, good enough to spread test data. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const weighted = <T>(xs: readonly T[], weights: readonly number[]) => {
    let r = next() * weights.reduce((s, w) => s + w, 0);
    for (let i = 0; i < xs.length; i++) if ((r -= weights[i]) < 0) return xs[i];
    return xs.at(-1)!;
  };
  return { next, int, pick, weighted };
}

export interface SyntheticPilot {
  /** The pilot document, as the projector stores it (before mongoose casting). */
  doc: Record<string, unknown> & { reference: string; record: PilotRecord };
  /** Its reference number's reservation, as `allocateReference` stores it. */
  reservation: { _id: string; series: string; n: number; pilotId: string };
}

/**
 * Makes synthetic public pilots of the given programmes, one at a time; `now` anchors every date, and
 * `taken` holds the last number of each reference series already handed out (SBV-2026 → 3).
 */
export function syntheticPilots(
  programmes: BenchProgramme[],
  now: Date,
  taken = new Map<string, number>(),
  seed = 20261125,
) {
  const r = random(seed);
  const counters = new Map(taken);
  const nowMs = now.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  // Banking pilots are the most numerous, as in practice.
  const programmeWeights = programmes.map((p) => (p.agency.code === 'SBV' ? 4 : 1.5));
  let decisionNo = 1000;

  return function next(): SyntheticPilot {
    const programme = r.weighted(programmes, programmeWeights);
    const solutionType = r.pick(programme.solutionTypes);
    const topic = TOPICS[solutionType] ?? OTHER_TOPIC;
    const provinces = [
      ...new Set(
        Array.from({ length: r.weighted([1, 2, 3], [6, 3, 1]) }, () => r.weighted(PROVINCES, PROVINCE_WEIGHTS)),
      ),
    ];
    const state = r.weighted(
      FATES.map((f) => f.state),
      FATES.map((f) => f.weight),
    );
    const months = r.int(6, programme.maxDurationMonths);

    // Dates that fit the final state: approved pilots start later, expired and completed ones ended.
    let start: number;
    if (state === 'approved') start = nowMs + r.int(5, 60) * DAY;
    else if (state === 'expired' || state === 'completed') start = nowMs - (months * 30 + r.int(5, 300)) * DAY;
    else start = nowMs - r.int(1, months * 30 - 5) * DAY;
    const startIso = iso(start);
    const endIso = addMonths(startIso, months);
    const end = Date.parse(endIso);
    const approvedAt = state === 'approved' ? nowMs - r.int(1, 4) * DAY : start - r.int(0, 30) * DAY;
    const submittedAt = approvedAt - r.int(20, 120) * DAY;
    const createdAt = submittedAt - r.int(1, 60) * DAY;

    const id = String(new Types.ObjectId());
    const series = `${programme.agency.code}-${new Date(submittedAt).getUTCFullYear()}`;
    const n = (counters.get(series) ?? 0) + 1;
    counters.set(series, n);
    const reference = referenceOf(series, n);
    const organization = {
      id: String(new Types.ObjectId()),
      name: `${r.pick(COMPANY_KINDS)} ${r.pick(COMPANY_WORDS)} ${r.pick(COMPANY_PLACES)}`,
    };
    const legalReference = `${programme.legalBasis}, Art. ${r.int(2, 40)}`;
    const cap = r.pick([100, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000]);
    const title = `${r.pick(topic.titles)} tại ${provinces.join(', ')}`;
    const decision = (at: number, reason: string) => ({
      reference: `${decisionNo++}/QĐ-${programme.agency.code}`,
      signerTitle: 'Phó Thống đốc (Deputy Governor)',
      signedAt: iso(at),
      effectiveAt: iso(at),
      legalBasis: legalReference,
      reason,
    });

    const entries: {
      type: PilotEventType;
      at: number;
      to: PilotState;
      role: Entry['actor']['role'];
      data: JsonObject;
    }[] = [];
    const add = (type: PilotEventType, at: number, to: PilotState, role: Entry['actor']['role'], data: object) =>
      entries.push({ type, at, to, role, data: data as JsonObject });
    const application = {
      title,
      publicSummary: `${topic.summary} Provinces: ${provinces.join(', ')}.`,
      confidentialDescription: 'Internal: product design, partners and unit economics.',
      sector: topic.sector,
      solutionType,
      technologies: topic.technologies.slice(0, r.int(1, topic.technologies.length)),
      scope: {
        provinces,
        participantCap: cap,
        monetaryCaps:
          topic.sector === 'Ngân hàng'
            ? [
                {
                  kind: 'loan per participant',
                  limit: { amount: r.pick([30, 50, 100]) * 1_000_000, currency: 'VND' },
                },
              ]
            : [],
        otherLimits: ['participants are adults resident in the listed provinces'],
      },
      plannedStart: startIso,
      plannedEnd: endIso,
      requestedExemptions: [{ legalReference, justification: 'Internal: why the rule blocks the test.' }],
      riskAssessment: 'Internal: risk register.',
      safeguards: {
        disclosure: 'Every participant is told in writing that the service is tested in a regulatory sandbox.',
        compensation: { kind: 'insurance', amount: { amount: 5_000_000_000, currency: 'VND' }, provider: 'Bảo Việt' },
        complaintChannel: 'Hotline 1900 0000',
        dataProtection: 'Internal: data protection impact assessment under Decree 13/2023/ND-CP.',
      },
      exitPlan: 'Internal: wind-down and transfer of customers.',
    };
    add('pilot.created', createdAt, 'draft', 'business', {
      organization,
      agencyId: programme.agency.id,
      programmeId: programme.id,
      application,
    });
    add('pilot.submitted', submittedAt, 'submitted', 'business', { reference });
    add('pilot.review_started', submittedAt + r.int(1, 10) * DAY, 'under_review', 'regulator', {});
    const exemptionId = String(new Types.ObjectId());
    add('pilot.approved', approvedAt, start > approvedAt ? 'approved' : 'active', 'regulator', {
      reference,
      organization,
      application,
      decision: decision(
        approvedAt,
        "The application meets the programme's criteria; the test is granted sandbox status.",
      ),
      start: startIso,
      end: endIso,
      exemptions: [
        {
          id: exemptionId,
          legalReference,
          description: `Waives ${legalReference} for the participants of this test.`,
          limits: [`at most ${cap} participants`],
        },
      ],
      conditions: [
        {
          id: String(new Types.ObjectId()),
          type: 'reporting',
          description: 'Periodic report on participants, volume, complaints and incidents; incidents within 24 hours.',
          parameters: { frequency: programme.reportFrequency, incidentReportHours: 24 },
        },
        {
          id: String(new Types.ObjectId()),
          type: 'cap',
          description: `At most ${cap} participants.`,
          parameters: { metric: 'participants', limit: cap },
        },
        {
          id: String(new Types.ObjectId()),
          type: 'disclosure',
          description: 'Discloses the sandbox status to every participant.',
          parameters: { channel: 'onboarding screen and contract' },
        },
      ],
    });
    if (start > approvedAt && state !== 'approved') add('pilot.started', start, 'active', 'system', {});
    const during = start + Math.floor(r.next() * (Math.min(end, nowMs) - start));
    if (state === 'suspended') {
      add('pilot.suspended', during, 'suspended', 'regulator', {
        by: 'regulator',
        decision: decision(during, 'An incident is under investigation; the test is suspended.'),
        incidentId: null,
        reason: 'An incident is under investigation; the test is suspended.',
        exemptionIds: [exemptionId],
      });
    }
    if (state === 'revoked')
      add('pilot.revoked', during, 'revoked', 'regulator', {
        decision: decision(during, 'A condition was breached repeatedly; sandbox status is revoked.'),
        exemptionIds: [exemptionId],
        // The wind-down after a stop, as the row computes it (Decree 94: six months).
        windDownBy: new Date(during + 182 * DAY).toISOString(),
      });
    if (state === 'expired' || state === 'completed')
      add('pilot.expired', end, 'expired', 'system', { exemptionIds: [exemptionId] });
    if (state === 'completed') {
      const at = end + r.int(5, 60) * DAY;
      add('exit_report.filed', at - DAY, 'expired', 'business', {
        exitReport: {
          publicSummary: 'The test met its objectives; no participant harm recorded.',
          confidentialDetail: 'Internal: full results.',
        },
      });
      add('pilot.completed', at, 'completed', 'regulator', {
        decision: decision(at, 'The test is complete.'),
        outcome: r.next() < 0.6 ? 'graduated' : 'ceased',
        openObligations: [],
        exitReport: null,
      });
    }

    let record: PilotRecord | null = null;
    let from: PilotState | null = null;
    for (const e of entries) {
      const entry: Entry = {
        v: 1,
        seq: 0,
        at: iso(e.at),
        type: e.type,
        subject: `pilot:${id}`,
        actor: { role: e.role, agency: e.role === 'regulator' ? programme.agency.code : null },
        data: { pilot: id, agency: programme.agency.code, from, to: e.to, ...e.data },
        commitment: null,
      };
      record = evolve(record, entry, null);
      from = e.to;
    }
    return {
      doc: {
        _id: new Types.ObjectId(id),
        version: entries.length,
        ...indexFields(record!),
        record: record!,
        reference,
      },
      reservation: { _id: reference, series, n, pilotId: id },
    };
  };
}
