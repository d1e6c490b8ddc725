import type { Json } from '../encoding/canonical-json.ts';
import type { RecordVerdict } from './verify.ts';

/**
 * A readable, self-contained HTML report of a record for auditors: the verdict first (what was
 * altered, if anything), who signed and who did not, then the parameters, the codes and who
 * confirmed them, the outcome and the messages. No script, no outside resource; every text from
 * the file is escaped. Print it to PDF from any browser (or the desktop app's print dialog).
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const e = escapeHtml;

function valueText(v: Json): string {
  return typeof v === 'string' ? v : JSON.stringify(v, null, 1);
}

function table(head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${e(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

export function recordReportHtml(v: RecordVerdict, fileName: string): string {
  const b = v.body;
  const title = b ? `Ceremony record: ${b.ceremony.protocol} ${b.ceremony.kind} ${b.ceremony.id}` : 'Ceremony record (unreadable)';
  const label = (id: string) => {
    const r = b?.roster.find((x) => x.id === id);
    return r?.label ? `${r.label} (${id})` : id;
  };
  const parts: string[] = [];
  parts.push(`<h1>${e(title)}</h1>`, `<p class="file">File: <code>${e(fileName)}</code></p>`);
  if (v.ok) parts.push(`<p class="ok">Verified: every signature in this record is valid and covers the record as it is.</p>`);
  else
    parts.push(
      `<div class="bad"><p>Refused: this record does not verify.</p><ul>${v.problems.map((p) => `<li>${e(p.message)}</li>`).join('')}</ul></div>`,
    );
  if (v.recordHash) parts.push(`<p>Record hash: <code>${e(v.recordHash)}</code></p>`);
  if (b) {
    if (b.ceremony.rehearsal) parts.push('<p class="rehearsal">This was a REHEARSAL.</p>');
    parts.push(
      '<h2>Signatures</h2>',
      table(
        ['Participant', 'Signed', 'App version', 'Bundle key'],
        [
          ...v.signed.map((s) => [
            e(label(s.participant)),
            s.valid ? 'yes' : '<strong>INVALID</strong>',
            e(s.appVersion),
            `<code>${e(s.publicKey)}</code>`,
          ]),
          ...v.notSigned.map((n) => [e(label(n.participant)), 'did not sign', '', '']),
        ],
      ),
      '<h2>Parameters</h2>',
      table(
        ['Parameter', 'Value'],
        Object.entries(b.parameters).map(([k, val]) => [e(k), `<code>${e(valueText(val))}</code>`]),
      ),
      '<h2>Roster</h2>',
      table(
        ['Id', 'Name', 'Address'],
        b.roster.map((r) => [e(r.id), e(r.label), r.address ? `<code>${e(r.address)}</code>` : '']),
      ),
      '<h2>Check codes</h2>',
      table(
        ['Moment', 'Code', 'Confirmed by (signed)'],
        v.codes.map((c) => [e(c.what), `<code>${e(c.code)}</code>`, e(c.confirmedBy.map(label).join(', ') || 'nobody who signed')]),
      ),
      '<h2>Outcome</h2>',
      table(
        ['Fact', 'Value'],
        Object.entries(b.outcome).map(([k, val]) => [e(k), `<code>${e(valueText(val))}</code>`]),
      ),
      `<h2>Messages (${b.messages.length})</h2>`,
      table(
        ['Sender', 'Step', 'SHA-256'],
        b.messages.map((m) => [e(label(m.sender)), e(m.step), `<code>${e(m.sha256)}</code>`]),
      ),
    );
  }
  const css =
    'body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}' +
    'table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}' +
    'code{font-size:12px;word-break:break-all;white-space:pre-wrap}.ok{color:#075;font-weight:600}.bad{color:#a00;font-weight:600}.rehearsal{color:#63c;font-weight:600}';
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title><style>${css}</style></head>\n<body>\n${parts.join('\n')}\n</body></html>\n`;
}
