// npm run build:ferretdb — builds (or finds) the embedded FerretDB binary under .cache/ferretdb/.
import { ensureFerretdbBinary } from '../server/db/ferretdb-build.ts';

try {
  const { binary, built, seconds } = ensureFerretdbBinary((m) => console.log(m));
  console.log(
    built ? `FerretDB ready: ${binary} (built in ${seconds.toFixed(0)} s)` : `FerretDB already built: ${binary}`,
  );
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
