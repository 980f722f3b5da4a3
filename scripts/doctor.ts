// A shop owner's check before launch: the catalog as the edge loads it, its bad records, attribute
// keys, and a self-test of questions made from the catalog (edge/src/doctor/).
//   npm run doctor -- --catalog FILE [--config FILE] [--json] [--limit N]
// Exit code 0 when the catalog loaded (a report, even with failing questions); 2 for bad usage or a
// file that can't be read.
import { runDoctor } from '../edge/src/doctor/cli.ts'

const { code, stdout, stderr } = await runDoctor(process.argv.slice(2))
if (stdout) process.stdout.write(stdout)
if (stderr) process.stderr.write(stderr)
process.exitCode = code
