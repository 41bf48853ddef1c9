// Copy the browser files of the pinned npm packages (package.json) into src/gongkai/static/vendor/
// (axe-core, for the browser tests only, into tests/browser/vendor/),
// each package with its licence and a VERSION file, so the platform runs with no build step.
// Run by `npm run vendor` after `npm ci`; the copied files are committed, node_modules/ is not.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "src/gongkai/static/vendor");

// package name -> [vendor folder, [file inside the package, name in the folder]..., base folder]
// (the base folder defaults to src/gongkai/static/vendor; test-only tools go under tests/).
const VENDORED = {
  "htmx.org": ["htmx", [["dist/htmx.min.js", "htmx.min.js"], ["LICENSE", "LICENSE"]]],
  // Jodit: the ES2021 build with every UI language (the back office uses zh_cn).
  jodit: [
    "jodit",
    [
      ["es2021/jodit.min.js", "jodit.min.js"],
      ["es2021/jodit.min.css", "jodit.min.css"],
      ["LICENSE.txt", "LICENSE.txt"],
    ],
  ],
  // axe-core: only the browser tests inject it (tests/browser/test_accessibility.py); never served.
  "axe-core": [
    "axe-core",
    [
      ["axe.min.js", "axe.min.js"],
      ["LICENSE", "LICENSE"],
      ["LICENSE-3RD-PARTY.txt", "LICENSE-3RD-PARTY.txt"],
    ],
    "tests/browser/vendor",
  ],
};

for (const [name, [folder, files, base]] of Object.entries(VENDORED)) {
  const source = join(root, "node_modules", name);
  const dest = join(base ? join(root, base) : target, folder);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const [from, to] of files) {
    copyFileSync(join(source, from), join(dest, to));
  }
  const { version } = JSON.parse(readFileSync(join(source, "package.json"), "utf8"));
  writeFileSync(join(dest, "VERSION"), version + "\n");
  console.log(`${name} ${version} -> ${join(base ?? "src/gongkai/static/vendor", folder)}`);
}
