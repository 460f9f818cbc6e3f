// A small SVG bar chart of the HTTP throughput ratios (each mode against bare node:http), written
// as text: no browser, no dependency.
import type { BenchReport } from './types.ts';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function colour(id: string, peer: boolean): string {
  if (id === 'bare') return '#9e9e9e';
  if (id === 'otel') return '#4f6bed';
  if (peer) return '#e8833a';
  return '#2e9d6a';
}

export function renderSvg(report: BenchReport): string {
  const modes = report.http?.summary ?? [];
  const width = 760;
  const left = 230;
  const right = 150;
  const barHeight = 22;
  const gap = 10;
  const top = 58;
  const plotWidth = width - left - right;
  const height = top + modes.length * (barHeight + gap) + 46;
  const max = Math.max(1, ...modes.map((m) => (Number.isFinite(m.rpsVsBare) ? m.rpsVsBare : 0)));
  const xOf = (value: number) => left + (plotWidth * value) / max;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="13">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="16" y="24" font-size="15" font-weight="bold">HTTP throughput relative to bare node:http (higher is better)</text>`);
  parts.push(
    `<text x="16" y="42" fill="#555">${escapeXml(`${report.kind} run ${report.startedAt.slice(0, 10)}, Node.js ${report.environment.node}, ${report.environment.cpus} CPUs; median of paired per-round ratios`)}</text>`,
  );
  for (const tick of [0, 0.25, 0.5, 0.75, 1].filter((t) => t <= max)) {
    const x = xOf(tick).toFixed(1);
    parts.push(`<line x1="${x}" y1="${top - 6}" x2="${x}" y2="${height - 34}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${x}" y="${height - 18}" text-anchor="middle" fill="#555">${tick.toFixed(2)}×</text>`);
  }
  modes.forEach((m, i) => {
    const y = top + i * (barHeight + gap);
    const value = Number.isFinite(m.rpsVsBare) ? m.rpsVsBare : 0;
    parts.push(`<text x="${left - 8}" y="${y + barHeight / 2 + 4}" text-anchor="end">${escapeXml(m.label)}</text>`);
    parts.push(`<rect x="${left}" y="${y}" width="${Math.max(1, xOf(value) - left).toFixed(1)}" height="${barHeight}" fill="${colour(m.id, m.peer)}"/>`);
    const rps = Number.isFinite(m.rps) ? `${Math.round(m.rps).toLocaleString('en-US')} req/s` : 'failed';
    parts.push(`<text x="${(xOf(value) + 6).toFixed(1)}" y="${y + barHeight / 2 + 4}">${value.toFixed(2)}× · ${escapeXml(rps)}</text>`);
  });
  const otel = modes.find((m) => m.id === 'otel');
  if (otel !== undefined && Number.isFinite(otel.rpsVsBare)) {
    const x = xOf(otel.rpsVsBare).toFixed(1);
    parts.push(`<line x1="${x}" y1="${top - 6}" x2="${x}" y2="${height - 34}" stroke="#4f6bed" stroke-dasharray="4 3"/>`);
  }
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
