/**
 * The audio graph every microphone feature of the SDK runs: the microphone
 * (or a given stream) → an AudioWorkletNode running `source`'s processor →
 * a muted gain → the destination (a node is only processed while connected
 * towards it). `WavRecorder` and the hands-free listener both open theirs
 * here; `release()` undoes whatever part of it was made.
 */

export interface WorkletGraphOptions {
  /** Errors say what needed the graph: "Recording", "Listening". */
  purpose: string;
  /** Use this stream instead of opening the microphone; its tracks are left running on release. */
  mediaStream?: MediaStream;
  /** Asked for when opening the microphone. */
  constraints: MediaTrackConstraints;
  /** Use this context instead of creating (and later closing) one. */
  audioContext?: AudioContext;
  /** The AudioWorkletGlobalScope module, as source text (loaded through a Blob URL). */
  source: string;
  processorName: string;
  processorOptions: Record<string, unknown>;
  /** What the processor posts. */
  onMessage(data: unknown): void;
  /** Posted to the processor on release, so it stops processing. */
  stopMessage: unknown;
}

export interface WorkletGraph {
  context: AudioContext;
  node: AudioWorkletNode;
  /** Disconnects the graph, closes an own context and stops an own microphone. Idempotent. */
  release(): void;
}

export async function openWorkletGraph(options: WorkletGraphOptions): Promise<WorkletGraph> {
  const { purpose } = options;
  const Context = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!options.audioContext && !Context) throw domError(`${purpose} needs the Web Audio API (a browser)`, 'NotSupportedError');
  if (typeof globalThis.AudioWorkletNode !== 'function') throw domError(`${purpose} needs AudioWorklet support`, 'NotSupportedError');

  const cleanups: Array<() => void> = [];
  const release = (): void => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        cleanup();
      } catch {
        // Releasing is best effort: a node may already be disconnected, a context closed.
      }
    }
  };
  try {
    let stream = options.mediaStream;
    if (!stream) {
      const mediaDevices = globalThis.navigator?.mediaDevices;
      if (!mediaDevices?.getUserMedia) throw domError(`${purpose} needs navigator.mediaDevices.getUserMedia (a secure context)`, 'NotSupportedError');
      const own = await mediaDevices.getUserMedia({ audio: options.constraints });
      cleanups.push(() => own.getTracks().forEach((track) => track.stop()));
      stream = own;
    }
    let context = options.audioContext;
    if (!context) {
      const own = new Context!();
      cleanups.push(() => void own.close().catch(() => undefined));
      context = own;
    }
    if (context.state === 'suspended') await context.resume();
    const url = URL.createObjectURL(new Blob([options.source], { type: 'text/javascript' }));
    try {
      await context.audioWorklet.addModule(url);
    } finally {
      URL.revokeObjectURL(url);
    }

    const source = context.createMediaStreamSource(stream);
    cleanups.push(() => source.disconnect());
    const node = new AudioWorkletNode(context, options.processorName, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: options.processorOptions,
    });
    node.port.onmessage = (event: MessageEvent) => options.onMessage(event.data);
    cleanups.push(() => {
      node.port.onmessage = null;
      node.port.postMessage(options.stopMessage);
      node.disconnect();
    });
    const mute = context.createGain();
    mute.gain.value = 0;
    cleanups.push(() => mute.disconnect());
    source.connect(node);
    node.connect(mute);
    mute.connect(context.destination);
    return { context, node, release };
  } catch (error) {
    release();
    throw error;
  }
}

/** A DOMException where there is one (browsers), else an Error with that name. */
export function domError(message: string, name: string): Error {
  return typeof DOMException === 'function' ? new DOMException(message, name) : Object.assign(new Error(message), { name });
}
