/**
 * Where a fake microphone's file is on the page's clock. Chromium starts the
 * file afresh for every getUserMedia stream; a page-side tap (installed before
 * the SDK runs, on each audio stream getUserMedia answers, without changing
 * it) notes when the stream's first sound arrived. With the file's own first
 * sound (`FakeMicScript.firstSoundSec`) that maps any point of the file —
 * "the user stopped speaking" — to the page's `performance.now()`.
 *
 * The tap's worklet stamps samples with the audio clock (`currentTime`); the
 * page maps that clock to `performance.now()` by the smallest gap seen
 * between a stamp and its arrival, so a busy main thread does not move the
 * anchor.
 */

export interface MicTap {
  /** `performance.now()` when getUserMedia answered. */
  openedAt: number;
  /** `performance.now()` of the first sample above the level, or null before it came. */
  firstSoundAt: number | null;
}

/** Installs the tap in the page (give it to `page.addInitScript` with the level). Runs in the page. */
export function installMicTap(level: number): void {
  const page = window as unknown as { __micTaps: MicTap[] };
  page.__micTaps = [];
  const processor = `
class BenchMicTap extends AudioWorkletProcessor {
  constructor() { super(); this.found = false; this.quanta = 0; }
  process(inputs) {
    const samples = inputs[0] && inputs[0][0];
    if (samples && !this.found) {
      for (let i = 0; i < samples.length; i++) {
        if (Math.abs(samples[i]) > ${level}) {
          this.found = true;
          this.port.postMessage({ time: currentTime, soundTime: currentTime + i / sampleRate });
          break;
        }
      }
    }
    if (++this.quanta % 8 === 0) this.port.postMessage({ time: currentTime });
    return true;
  }
}
registerProcessor('bench-mic-tap', BenchMicTap);`;
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  let previous: AudioContext | null = null;
  const tap = async (stream: MediaStream): Promise<void> => {
    const entry: MicTap = { openedAt: performance.now(), firstSoundAt: null };
    page.__micTaps.push(entry);
    // One tap at a time: the last stream's is the one measured.
    void previous?.close();
    const context = new AudioContext();
    previous = context;
    const url = URL.createObjectURL(new Blob([processor], { type: 'text/javascript' }));
    await context.audioWorklet.addModule(url);
    URL.revokeObjectURL(url);
    const node = new AudioWorkletNode(context, 'bench-mic-tap');
    let offsetMs = Infinity;
    let soundTime: number | null = null;
    node.port.onmessage = (event: MessageEvent<{ time: number; soundTime?: number }>) => {
      offsetMs = Math.min(offsetMs, performance.now() - event.data.time * 1000);
      if (event.data.soundTime !== undefined) soundTime = event.data.soundTime;
      if (soundTime !== null) entry.firstSoundAt = soundTime * 1000 + offsetMs;
    };
    const mute = context.createGain();
    mute.gain.value = 0;
    context.createMediaStreamSource(stream).connect(node);
    node.connect(mute);
    mute.connect(context.destination);
  };
  devices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const stream = await getUserMedia(constraints);
    if (stream.getAudioTracks().length > 0) void tap(stream);
    return stream;
  };
}

/** A point of the file (seconds) on the page's clock, from the tap of its stream. */
export function fileTimeOnPage(tap: MicTap, firstSoundSec: number, fileSec: number): number {
  if (tap.firstSoundAt === null) throw new Error('the microphone tap heard no sound');
  return tap.firstSoundAt + (fileSec - firstSoundSec) * 1000;
}
