// Runs textlint (with the rules of a .textlintrc) over the files listed in a JSON file and
// prints, as JSON, the best CPU and wall time of N runs (CPU: the process, all its threads),
// the set-up time and every message, so that benchmarks/peers.py can time textlint without
// node's start-up and compare its hits.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createLinter, loadTextlintrc } = require("textlint");

async function main() {
  const [configFilePath, listFile, repeatText] = process.argv.slice(2);
  const files = JSON.parse(fs.readFileSync(listFile, "utf8"));
  const repeat = Math.max(1, Number(repeatText || 1));
  const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
  const setupStart = process.hrtime.bigint();
  const descriptor = await loadTextlintrc({
    configFilePath,
    node_modulesDir: path.join(__dirname, "node_modules"),
  });
  const linter = createLinter({ descriptor });
  const setup = seconds(setupStart);
  let bestWall = Infinity;
  let bestCpu = Infinity;
  let results = [];
  for (let run = 0; run < repeat; run++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    results = await linter.lintFiles(files);
    const cpu = process.cpuUsage(cpuStart);
    bestWall = Math.min(bestWall, seconds(start));
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1e6);
  }
  const hits = [];
  for (const result of results) {
    for (const message of result.messages) {
      hits.push([result.filePath, message.range[0], message.ruleId, message.message]);
    }
  }
  process.stdout.write(JSON.stringify({ seconds: bestCpu, wall_s: bestWall, setup_s: setup, files: results.length, hits }));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(2);
});
