/** Prints the README's configuration table from the settings list; `--write` updates README.md in place. */
import { readFileSync, writeFileSync } from 'node:fs';
import { settings } from '@polymancer/config';

const rows = settings.map((s) => {
  const def = s.default === undefined ? '*(unset)*' : s.default === '' ? '*(empty)*' : `\`${s.default}\``;
  return `| \`${s.env}\` | ${def} | ${s.secret ? 'yes' : ''} | ${s.description.replace(/\|/g, '\\|')} |`;
});
const table = ['| setting | default | secret | what it does |', '|---|---|---|---|', ...rows].join('\n');

if (process.argv.includes('--write')) {
  const path = new URL('../README.md', import.meta.url);
  const readme = readFileSync(path, 'utf8');
  const begin = '<!-- config-table:begin -->';
  const end = '<!-- config-table:end -->';
  const updated = readme.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), `${begin}\n${table}\n${end}`);
  writeFileSync(path, updated);
} else {
  console.log(table);
}
