// What /readyz says of the ledger: why it refuses writes, if it does. Kept by database connection, so
// the health route (which knows only the connection) asks the ledger of its own app.
const byConnection = new WeakMap<object, () => Promise<string | undefined>>();

export function registerLedgerReadiness(connection: object, refusal: () => Promise<string | undefined>): void {
  byConnection.set(connection, refusal);
}

/** Why the ledger on this connection refuses writes; undefined when it takes them (or there is none). */
export async function ledgerRefusal(connection: object): Promise<string | undefined> {
  return byConnection.get(connection)?.();
}
