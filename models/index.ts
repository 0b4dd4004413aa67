import type { Connection } from 'mongoose';
import { agencySchema } from './agency.ts';
import {
  ledgerCheckpointSchema,
  ledgerEntrySchema,
  ledgerBundleSchema,
  ledgerEdgeSchema,
  ledgerPrivateSchema,
  ledgerStateSchema,
  ledgerTileSchema,
} from './ledger.ts';
import { organizationSchema } from './organization.ts';
import { pilotReferenceSchema, pilotSchema } from './pilot.ts';
import { programmeSchema } from './programme.ts';
import { publicListingSchema } from './public-listing.ts';
import { loginThrottleSchema, refreshTokenSchema, refreshTokenUseSchema, sessionSchema } from './session.ts';
import { userSchema } from './user.ts';
import { workingCalendarSchema } from './working-calendar.ts';

function bind(conn: Connection) {
  return {
    Organization: conn.model('Organization', organizationSchema),
    Agency: conn.model('Agency', agencySchema),
    User: conn.model('User', userSchema),
    Session: conn.model('Session', sessionSchema),
    RefreshToken: conn.model('RefreshToken', refreshTokenSchema),
    RefreshTokenUse: conn.model('RefreshTokenUse', refreshTokenUseSchema),
    LoginThrottle: conn.model('LoginThrottle', loginThrottleSchema),
    Programme: conn.model('Programme', programmeSchema),
    Pilot: conn.model('Pilot', pilotSchema),
    PilotReference: conn.model('PilotReference', pilotReferenceSchema),
    PublicListing: conn.model('PublicListing', publicListingSchema),
    LedgerEntry: conn.model('LedgerEntry', ledgerEntrySchema),
    LedgerPrivate: conn.model('LedgerPrivate', ledgerPrivateSchema),
    LedgerTile: conn.model('LedgerTile', ledgerTileSchema),
    LedgerBundle: conn.model('LedgerBundle', ledgerBundleSchema),
    LedgerEdge: conn.model('LedgerEdge', ledgerEdgeSchema),
    LedgerCheckpoint: conn.model('LedgerCheckpoint', ledgerCheckpointSchema),
    LedgerState: conn.model('LedgerState', ledgerStateSchema),
    WorkingCalendar: conn.model('WorkingCalendar', workingCalendarSchema),
  };
}

export type Models = ReturnType<typeof bind>;

const bound = new WeakMap<Connection, Models>();

/** Models bound to one connection, so two app instances (or two test suites) never share state. */
export function registerModels(conn: Connection): Models {
  let models = bound.get(conn);
  if (!models) {
    models = bind(conn);
    bound.set(conn, models);
  }
  return models;
}

export { ROLES, type Role } from './user.ts';
