// The regulator's words: the agency's dashboard and the list of pilots.
export const en = {
  agencyDashboard: 'Supervision',
  reviewQueue: 'Review queue',
  allPilots: 'All pilots',
  'section.in_review': 'Review queue, oldest first',
  'section.claim_pending': 'Claims awaiting a ruling',
  'section.report_overdue': 'Overdue reports',
  'section.incident_open': 'Open incidents',
  'section.condition_breached': 'Conditions in breach',
  'section.ending_soon': 'Tests ending within 30 days',
  filterStatus: 'Status',
  filterButton: 'Filter',
  noPilotsMatch: 'No pilot matches.',
  nextPage: 'Next page',
};

export const vi: Record<keyof typeof en, string> = {
  agencyDashboard: 'Giám sát',
  reviewQueue: 'Hồ sơ chờ xem xét',
  allPilots: 'Tất cả thử nghiệm',
  'section.in_review': 'Hồ sơ chờ xem xét, cũ nhất trước',
  'section.claim_pending': 'Đề nghị miễn trách nhiệm chờ đánh giá',
  'section.report_overdue': 'Báo cáo quá hạn',
  'section.incident_open': 'Sự cố đang xử lý',
  'section.condition_breached': 'Điều kiện bị vi phạm',
  'section.ending_soon': 'Thử nghiệm kết thúc trong 30 ngày',
  filterStatus: 'Tình trạng',
  filterButton: 'Lọc',
  noPilotsMatch: 'Không có thử nghiệm phù hợp.',
  nextPage: 'Trang sau',
};
