// The administrator's words: agencies, programmes and accounts.
export const en = {
  adminTitle: 'Administration',
  adminIntro:
    'Agencies and programmes are public record: registering one appends an entry to the ledger. Regulators’ accounts are bound to one agency.',
  agenciesHeading: 'Agencies',
  programmesHeading: 'Programmes',
  usersHeading: 'Accounts',
  'adminForm.agency': 'Register an agency',
  'adminForm.programme': 'Register a programme',
  'adminForm.regulator': 'Create a regulator’s account',
  websiteLabel: 'Website',
  durationsLabel: 'Durations',
  durations: 'up to {months} months; {extensions} extension(s) of up to {extensionMonths} months; reports {frequency}',
  disabledBadge: 'disabled',
  disable: 'Disable',
  enable: 'Enable',
  endSessions: 'End all sessions',
  you: 'you',
};

export const vi: Record<keyof typeof en, string> = {
  adminTitle: 'Quản trị',
  adminIntro:
    'Cơ quan và chương trình là thông tin công khai: mỗi lần đăng ký được ghi thêm một mục vào sổ cái. Tài khoản cán bộ quản lý gắn với một cơ quan.',
  agenciesHeading: 'Cơ quan',
  programmesHeading: 'Chương trình',
  usersHeading: 'Tài khoản',
  'adminForm.agency': 'Đăng ký cơ quan',
  'adminForm.programme': 'Đăng ký chương trình',
  'adminForm.regulator': 'Tạo tài khoản cán bộ quản lý',
  websiteLabel: 'Trang thông tin',
  durationsLabel: 'Thời hạn',
  durations:
    'tối đa {months} tháng; {extensions} lần gia hạn, mỗi lần tối đa {extensionMonths} tháng; báo cáo {frequency}',
  disabledBadge: 'đã khóa',
  disable: 'Khóa',
  enable: 'Mở khóa',
  endSessions: 'Kết thúc mọi phiên',
  you: 'bạn',
};
