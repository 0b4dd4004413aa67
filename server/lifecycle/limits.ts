// Checks the programme's limits that several rows share, and the one way a row refuses a field.
import { addMonths } from '../programmes/programmes.ts';
import { invalid } from '../validation.ts';
import { problems } from '../errors.ts';
import type { ActionContext } from './operation.ts';

export function fieldError(field: string, why: string) {
  return invalid([{ field, reason: why }]);
}

/** The programme's count and length of extensions; the current end when `next` is within them. */
export function extensionAllowed(next: string, c: ActionContext): string {
  const { programme, pilot } = c;
  const end = pilot.end!;
  if (next <= end) throw fieldError('end', `must be after the current end (${end})`);
  if (pilot.extensions >= programme.maxExtensions) {
    throw problems.conflict(
      `Programme ${programme.code} allows ${programme.maxExtensions} extension(s); this pilot has had ${pilot.extensions}.`,
    );
  }
  const limit = addMonths(end, programme.maxExtensionMonths);
  if (next > limit)
    throw fieldError(
      'end',
      `exceeds programme ${programme.code}'s maximum extension of ${programme.maxExtensionMonths} months (${limit})`,
    );
  const licenceEnd = pilot.application.licence?.expiresAt;
  if (licenceEnd && next > licenceEnd)
    throw fieldError('end', `must not be after the business licence's expiry (${licenceEnd})`);
  return end;
}
