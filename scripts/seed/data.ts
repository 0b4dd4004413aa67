// The demo data set: Vietnamese regulatory sandboxes as they run in practice. Agencies and laws are real;
// people, businesses, decision numbers and figures are fictional.

export const DEMO_PASSWORD = 'sandbox demo password';

export const AGENCIES = [
  { code: 'SBV', name: 'State Bank of Vietnam', nameVi: 'Ngân hàng Nhà nước Việt Nam', website: 'https://sbv.gov.vn' },
  { code: 'MOH', name: 'Ministry of Health', nameVi: 'Bộ Y tế', website: 'https://moh.gov.vn' },
  {
    code: 'MOST',
    name: 'Ministry of Science and Technology',
    nameVi: 'Bộ Khoa học và Công nghệ',
    website: 'https://most.gov.vn',
  },
  { code: 'HNDOST', name: 'Hanoi Department of Science and Technology', nameVi: 'Sở Khoa học và Công nghệ Hà Nội' },
  { code: 'DNDOST', name: 'Da Nang Department of Science and Technology', nameVi: 'Sở Khoa học và Công nghệ Đà Nẵng' },
] as const;
export type AgencyCode = (typeof AGENCIES)[number]['code'];

export const REGULATORS: Record<AgencyCode, { name: string; title: string }> = {
  SBV: { name: 'Trần Minh Đức', title: 'Phó Thống đốc (Deputy Governor)' },
  MOH: { name: 'Lê Thị Hồng Nhung', title: 'Thứ trưởng (Deputy Minister)' },
  MOST: { name: 'Phạm Quốc Bảo', title: 'Thứ trưởng (Deputy Minister)' },
  HNDOST: { name: 'Ngô Thanh Hải', title: 'Giám đốc Sở (Director)' },
  DNDOST: { name: 'Võ Thị Mai Anh', title: 'Giám đốc Sở (Director)' },
};

export const PROGRAMMES = [
  {
    code: 'SBV-FINTECH',
    agency: 'SBV',
    name: 'Banking fintech sandbox',
    legalBasis: 'Decree 94/2025/ND-CP',
    solutionTypes: ['credit-scoring', 'open-api', 'p2p-lending'],
    maxDurationMonths: 24,
    maxExtensions: 2,
    maxExtensionMonths: 12,
    reportFrequency: 'monthly',
  },
  {
    code: 'MOH-AI-DIAG',
    agency: 'MOH',
    name: 'Controlled testing of AI diagnostic software',
    legalBasis:
      'Law 93/2025/QH15 on Science, Technology and Innovation, Art. 22 (controlled testing) and Art. 23 (exemption from liability)',
    solutionTypes: ['ai-diagnostics'],
    maxDurationMonths: 24,
    maxExtensions: 1,
    maxExtensionMonths: 12,
    reportFrequency: 'quarterly',
    // Decree 142/2026 (the AI sandbox): an incident within 72 hours, a transition of up to 12 months.
    incidentReportHours: 72,
    transitionMonths: 12,
  },
  {
    code: 'MOST-STI',
    agency: 'MOST',
    name: 'Controlled testing of new technology',
    legalBasis:
      'Law 93/2025/QH15 on Science, Technology and Innovation, Art. 22 (controlled testing) and Art. 23 (exemption from liability)',
    solutionTypes: ['blockchain-traceability'],
    maxDurationMonths: 24,
    maxExtensions: 1,
    maxExtensionMonths: 12,
    reportFrequency: 'quarterly',
  },
  {
    code: 'HN-CAPITAL-25',
    agency: 'HNDOST',
    name: 'Hanoi controlled testing under the Capital Law',
    legalBasis: 'Capital Law 2024, Art. 25',
    solutionTypes: ['autonomous-vehicle'],
    maxDurationMonths: 36,
    maxExtensions: 1,
    maxExtensionMonths: 36,
    reportFrequency: 'quarterly',
  },
  {
    code: 'DN-DRONE',
    agency: 'DNDOST',
    name: 'Da Nang low-altitude drone corridor',
    legalBasis: 'Resolution 136/2024/QH15, Art. 13',
    solutionTypes: ['drone-delivery'],
    maxDurationMonths: 12,
    maxExtensions: 1,
    maxExtensionMonths: 6,
    reportFrequency: 'monthly',
  },
] as const;

export const BUSINESSES = [
  { key: 'tindung', name: 'Công ty Cổ phần Tín Dụng Số Sao Mai', owner: 'Đặng Hoàng Long' },
  { key: 'p2p', name: 'Công ty TNHH Kết Nối Vốn Phương Nam', owner: 'Huỳnh Thị Thu Trang' },
  { key: 'openapi', name: 'Công ty Cổ phần Cổng Dữ Liệu Mở Bắc Hà', owner: 'Bùi Văn Khánh' },
  { key: 'medai', name: 'Công ty Cổ phần Chẩn Đoán Thông Minh Lạc Hồng', owner: 'Đỗ Minh Châu' },
  { key: 'shuttle', name: 'Công ty TNHH Xe Tự Hành Thăng Long', owner: 'Phan Quang Vinh' },
  { key: 'drone', name: 'Công ty Cổ phần Giao Hàng Bay Sông Hàn', owner: 'Trương Thị Ngọc Hà' },
  { key: 'chain', name: 'Công ty Cổ phần Truy Xuất Nguồn Gốc Cao Nguyên', owner: 'Lý Văn Tài' },
] as const;
export type BusinessKey = (typeof BUSINESSES)[number]['key'];
