// The demo pilots and where each one's story ends, so that every lifecycle state is on show.
import type { BusinessKey } from './data.ts';

export type Fate =
  | 'draft'
  | 'submitted'
  | 'under_review'
  | 'changes_requested'
  | 'returned'
  | 'rejected'
  | 'withdrawn'
  | 'approved'
  | 'active'
  | 'overdue'
  | 'incident'
  | 'suspended'
  | 'revoked'
  | 'graduated'
  | 'expired';

export interface PilotSpec {
  business: BusinessKey;
  programme: string;
  fate: Fate;
  title: string;
  summary: string;
  sector: string;
  solutionType: string;
  technologies: string[];
  provinces: string[];
  participantCap: number;
  caps?: { kind: string; amount: number }[];
  exemption: string;
  /** Days from today; negative is in the past (the pilot started before the demo data was made). */
  startDays: number;
  endDays: number;
  /** Overrides the programme's report frequency for this pilot's reporting condition. */
  reportFrequency?: 'monthly' | 'quarterly';
}

export const PILOTS: PilotSpec[] = [
  {
    business: 'tindung',
    programme: 'SBV-FINTECH',
    fate: 'overdue',
    title: 'Chấm điểm tín dụng thay thế cho người chưa có lịch sử tín dụng',
    summary:
      'Alternative credit scoring from telecom and utility payment data for borrowers without a credit history in Hà Nội and Hải Phòng.',
    sector: 'Ngân hàng',
    solutionType: 'credit-scoring',
    technologies: ['machine learning', 'alternative data'],
    provinces: ['Hà Nội', 'Hải Phòng'],
    participantCap: 20_000,
    caps: [{ kind: 'loan per borrower', amount: 30_000_000 }],
    exemption: 'Circular 11/2021/TT-NHNN, Art. 10',
    startDays: -40,
    endDays: 500,
  },
  {
    business: 'p2p',
    programme: 'SBV-FINTECH',
    fate: 'incident',
    title: 'Nền tảng cho vay ngang hàng tại Thành phố Hồ Chí Minh',
    summary:
      'Peer-to-peer lending platform connecting individual lenders with small traders in Hồ Chí Minh City, under Decree 94/2025/ND-CP.',
    sector: 'Ngân hàng',
    solutionType: 'p2p-lending',
    technologies: ['P2P lending platform', 'eKYC'],
    provinces: ['Hồ Chí Minh'],
    participantCap: 10_000,
    caps: [
      { kind: 'outstanding loans per borrower', amount: 100_000_000 },
      { kind: 'lending per lender', amount: 200_000_000 },
    ],
    exemption: 'Decree 94/2025/ND-CP, Art. 17',
    startDays: -20,
    endDays: 700,
  },
  {
    business: 'openapi',
    programme: 'SBV-FINTECH',
    fate: 'revoked',
    title: 'Cổng API mở chia sẻ dữ liệu tài khoản',
    summary: "Open API gateway that lets licensed fintechs read account data with the customer's consent.",
    sector: 'Ngân hàng',
    solutionType: 'open-api',
    technologies: ['open api', 'OAuth 2.0'],
    provinces: ['Hà Nội'],
    participantCap: 5_000,
    exemption: 'Circular 64/2024/TT-NHNN, Art. 6',
    startDays: -15,
    endDays: 365,
  },
  {
    business: 'p2p',
    programme: 'SBV-FINTECH',
    fate: 'rejected',
    title: 'Cho vay tiêu dùng qua mạng xã hội',
    summary: 'Consumer loans offered through social networks.',
    sector: 'Ngân hàng',
    solutionType: 'p2p-lending',
    technologies: ['social media'],
    provinces: ['Cần Thơ'],
    participantCap: 50_000,
    exemption: 'Decree 94/2025/ND-CP, Art. 17',
    startDays: 30,
    endDays: 400,
  },
  {
    business: 'tindung',
    programme: 'SBV-FINTECH',
    fate: 'withdrawn',
    title: 'Chấm điểm tín dụng nông hộ',
    summary: 'Credit scoring for farming households.',
    sector: 'Ngân hàng',
    solutionType: 'credit-scoring',
    technologies: ['satellite imagery'],
    provinces: ['An Giang'],
    participantCap: 3_000,
    exemption: 'Circular 11/2021/TT-NHNN, Art. 10',
    startDays: 30,
    endDays: 400,
  },
  {
    business: 'medai',
    programme: 'MOH-AI-DIAG',
    fate: 'graduated',
    title: 'Phần mềm AI đọc phim X-quang ngực',
    summary:
      'AI software that flags tuberculosis and pneumonia on chest X-rays for radiologists at district hospitals.',
    sector: 'Y tế',
    solutionType: 'ai-diagnostics',
    technologies: ['deep learning', 'medical imaging'],
    provinces: ['Hà Nội', 'Thái Nguyên'],
    participantCap: 40_000,
    exemption: 'Decree 98/2021/ND-CP, Art. 21 (medical device registration)',
    startDays: -60,
    endDays: 300,
  },
  {
    business: 'medai',
    programme: 'MOH-AI-DIAG',
    fate: 'under_review',
    title: 'AI hỗ trợ chẩn đoán bệnh da liễu',
    summary: 'AI triage of skin lesions from smartphone photos.',
    sector: 'Y tế',
    solutionType: 'ai-diagnostics',
    technologies: ['computer vision'],
    provinces: ['Hồ Chí Minh'],
    participantCap: 5_000,
    exemption: 'Decree 98/2021/ND-CP, Art. 21',
    startDays: 30,
    endDays: 400,
  },
  {
    business: 'shuttle',
    programme: 'HN-CAPITAL-25',
    fate: 'approved',
    title: 'Xe buýt tự hành khu đô thị Hà Nội',
    summary:
      'Autonomous electric shuttle on a fixed 6 km loop in a Hà Nội new urban area, with a safety operator on board.',
    sector: 'Giao thông',
    solutionType: 'autonomous-vehicle',
    technologies: ['autonomous driving', 'LiDAR'],
    provinces: ['Hà Nội'],
    participantCap: 2_000,
    exemption: 'Law on Road Traffic Order and Safety 2024, Art. 56',
    startDays: 14,
    endDays: 720,
  },
  {
    business: 'shuttle',
    programme: 'HN-CAPITAL-25',
    fate: 'suspended',
    title: 'Taxi tự hành ban đêm tại Hà Nội',
    summary: 'Night-time autonomous taxi service between Nội Bài airport and the city centre.',
    sector: 'Giao thông',
    solutionType: 'autonomous-vehicle',
    technologies: ['autonomous driving'],
    provinces: ['Hà Nội'],
    participantCap: 500,
    exemption: 'Law on Road Traffic Order and Safety 2024, Art. 56',
    startDays: -10,
    endDays: 600,
  },
  {
    business: 'drone',
    programme: 'DN-DRONE',
    fate: 'active',
    title: 'Giao hàng bằng thiết bị bay không người lái tại Đà Nẵng',
    summary:
      'Drone delivery of parcels up to 3 kg along a corridor over the Hàn river, remotely piloted (điều khiển từ xa) from a control centre.',
    sector: 'Logistics',
    solutionType: 'drone-delivery',
    technologies: ['drones', 'UTM'],
    provinces: ['Đà Nẵng'],
    participantCap: 1_000,
    exemption: 'Decree 288/2025/ND-CP, Art. 9 (flight permits)',
    startDays: -5,
    endDays: 330,
  },
  {
    business: 'drone',
    programme: 'DN-DRONE',
    fate: 'expired',
    title: 'Vận chuyển mẫu xét nghiệm bằng drone',
    summary: 'Drone transport of laboratory samples between two hospitals in Đà Nẵng.',
    sector: 'Logistics',
    solutionType: 'drone-delivery',
    technologies: ['drones'],
    provinces: ['Đà Nẵng'],
    participantCap: 100,
    exemption: 'Decree 288/2025/ND-CP, Art. 9',
    startDays: -50,
    endDays: -2,
    reportFrequency: 'quarterly',
  },
  {
    business: 'chain',
    programme: 'MOST-STI',
    fate: 'active',
    title: 'Truy xuất nguồn gốc cà phê bằng blockchain',
    summary: 'Blockchain traceability of coffee from farm to export in Đắk Lắk, with QR codes for buyers.',
    sector: 'Nông nghiệp',
    solutionType: 'blockchain-traceability',
    technologies: ['blockchain', 'QR code'],
    provinces: ['Đắk Lắk'],
    participantCap: 8_000,
    exemption: 'Decree 13/2022/ND-CP, Art. 4 (labelling)',
    startDays: -7,
    endDays: 500,
  },
  {
    business: 'chain',
    programme: 'MOST-STI',
    fate: 'changes_requested',
    title: 'Truy xuất nguồn gốc thanh long xuất khẩu',
    summary: 'Traceability of dragon fruit exports.',
    sector: 'Nông nghiệp',
    solutionType: 'blockchain-traceability',
    technologies: ['blockchain'],
    provinces: ['Bình Thuận'],
    participantCap: 2_000,
    exemption: 'Decree 13/2022/ND-CP, Art. 4',
    startDays: 45,
    endDays: 400,
  },
  {
    business: 'chain',
    programme: 'MOST-STI',
    fate: 'returned',
    title: 'Truy xuất nguồn gốc gạo ST25',
    summary: 'Traceability of ST25 rice.',
    sector: 'Nông nghiệp',
    solutionType: 'blockchain-traceability',
    technologies: ['blockchain'],
    provinces: ['Sóc Trăng'],
    participantCap: 1_000,
    exemption: 'Decree 13/2022/ND-CP, Art. 4',
    startDays: 45,
    endDays: 400,
  },
  {
    business: 'openapi',
    programme: 'SBV-FINTECH',
    fate: 'submitted',
    title: 'Thanh toán mở cho thương mại điện tử',
    summary: 'Open payment initiation for e-commerce checkouts.',
    sector: 'Ngân hàng',
    solutionType: 'open-api',
    technologies: ['open api'],
    provinces: ['Hà Nội'],
    participantCap: 10_000,
    exemption: 'Circular 64/2024/TT-NHNN, Art. 6',
    startDays: 30,
    endDays: 400,
  },
  {
    business: 'drone',
    programme: 'DN-DRONE',
    fate: 'draft',
    title: 'Drone giám sát bãi biển',
    summary: 'Beach safety monitoring by drone.',
    sector: 'Logistics',
    solutionType: 'drone-delivery',
    technologies: ['drones'],
    provinces: ['Đà Nẵng'],
    participantCap: 10,
    exemption: 'Decree 288/2025/ND-CP, Art. 9',
    startDays: 60,
    endDays: 300,
  },
];
