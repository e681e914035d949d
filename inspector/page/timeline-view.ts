import { clear, el, formatTime } from './dom.js';
import { CHAT_TRACK, CONNECTION_TRACK, isObject, QUALITY_TRACK, type SourceView, type Track } from './model.js';

/**
 * One strip per track (connection state, chat states, each top-level region
 * of the root chart), segments sized by how long each value lasted.
 */
export interface TimelineView {
  show(source: SourceView | undefined, now: number): void;
}

export function createTimelineView(container: HTMLElement, connectionState: HTMLElement, chatStates: HTMLElement, linkQuality: HTMLElement): TimelineView {
  return {
    show(source, now) {
      clear(container);
      linkQuality.textContent = describeQuality(source);
      connectionState.textContent = source?.connectionState ?? '—';
      chatStates.textContent = source?.chatStates ? (source.chatStates.length > 0 ? source.chatStates.join(', ') : 'idle') : '—';
      if (!source || source.firstAt === undefined || source.tracks.size === 0) {
        container.appendChild(el('p', { className: 'empty' }, 'No timeline yet.'));
        return;
      }
      const start = source.firstAt;
      const end = Math.max(source.online ? now : (source.lastAt ?? now), start + 1);
      for (const track of orderTracks(source.tracks)) container.appendChild(renderTrack(track, start, end));
      container.appendChild(el('div', { className: 'timeline__axis' }, el('span', {}, formatTime(start)), el('span', {}, formatTime(end))));
    },
  };
}

function orderTracks(tracks: Map<string, Track>): Track[] {
  const first = [CONNECTION_TRACK, QUALITY_TRACK, CHAT_TRACK];
  return [...tracks.values()].sort((a, b) => rank(a.name, first) - rank(b.name, first));
}

function rank(name: string, first: string[]): number {
  const index = first.indexOf(name);
  return index === -1 ? first.length : index;
}

function describeQuality(source: SourceView | undefined): string {
  const quality = source?.connectionQuality;
  if (!quality) return '—';
  const f = isObject(quality.figures) ? quality.figures : null;
  if (!f) return quality.level;
  return `${quality.level} · round trip ${f.rttMs ?? '–'} ms · ${f.videoFps ?? '–'} fps · loss ${f.packetLossPercent ?? '–'} % · jitter ${f.jitterMs ?? '–'} ms`;
}

function renderTrack(track: Track, start: number, end: number): HTMLElement {
  const span = end - start;
  const strip = el('div', { className: 'track__strip' });
  for (const segment of track.segments) {
    const segmentEnd = segment.end ?? end;
    const from = Math.max(segment.start, start);
    const width = Math.max(0, ((segmentEnd - from) / span) * 100);
    const left = ((from - start) / span) * 100;
    const title = `${segment.label}: ${formatTime(segment.start)} – ${segment.end === undefined ? 'now' : formatTime(segment.end)}`;
    strip.appendChild(
      el(
        'div',
        {
          className: `segment segment--${hue(segment.label)}`,
          title,
          attrs: { 'data-label': segment.label, style: `left:${left.toFixed(3)}%;width:${width.toFixed(3)}%` },
        },
        segment.label,
      ),
    );
  }
  return el('div', { className: 'track', attrs: { 'data-track': track.name } }, el('div', { className: 'track__name' }, track.name), strip);
}

/** A stable colour slot per label, so a state keeps its colour across tracks and reloads. */
function hue(label: string): number {
  let hash = 0;
  for (let index = 0; index < label.length; index += 1) hash = (hash * 31 + label.charCodeAt(index)) >>> 0;
  return hash % 8;
}
