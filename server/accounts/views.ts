// What an account or organization looks like over the API: never the password hash or lockout counters.
import type { Types } from 'mongoose';

interface UserLike {
  _id: Types.ObjectId;
  email: string;
  name: string;
  role: string;
  organization?: Types.ObjectId | null;
  agency?: Types.ObjectId | null;
  disabled?: boolean | null;
  createdAt?: Date;
}

export function userView(u: UserLike) {
  return {
    id: String(u._id),
    email: u.email,
    name: u.name,
    role: u.role,
    organizationId: u.organization ? String(u.organization) : null,
    agencyId: u.agency ? String(u.agency) : null,
    disabled: Boolean(u.disabled),
    createdAt: u.createdAt?.toISOString(),
  };
}
export type UserView = ReturnType<typeof userView>;

interface OrganizationLike {
  _id: Types.ObjectId;
  name: string;
  registrationNumber: string;
  createdAt?: Date;
}

export function organizationView(o: OrganizationLike) {
  return {
    id: String(o._id),
    name: o.name,
    registrationNumber: o.registrationNumber,
    createdAt: o.createdAt?.toISOString(),
  };
}
export type OrganizationView = ReturnType<typeof organizationView>;

interface AgencyLike {
  _id: Types.ObjectId;
  code: string;
  name: string;
  nameVi?: string | null;
  website?: string | null;
}

export function agencyView(a: AgencyLike) {
  return { id: String(a._id), code: a.code, name: a.name, nameVi: a.nameVi ?? null, website: a.website ?? null };
}
