/**
 * libwebrtc for Node (`@roamhq/wrtc`), with narrow types for the non-standard
 * media API the emulator uses (the package's own typings leave handlers untyped).
 */
import wrtc from '@roamhq/wrtc';

export interface I420FrameData {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface AudioFrameData {
  samples: Int16Array;
  sampleRate: number;
  bitsPerSample?: number;
  channelCount?: number;
  numberOfFrames?: number;
}

export interface VideoSource {
  createTrack(): MediaStreamTrack;
  onFrame(frame: I420FrameData): void;
}

export interface AudioSource {
  createTrack(): MediaStreamTrack;
  onData(data: AudioFrameData): void;
}

export interface VideoSink {
  onframe: ((event: { frame: I420FrameData }) => void) | null;
  stop(): void;
}

export interface AudioSink {
  ondata: ((data: Required<AudioFrameData>) => void) | null;
  stop(): void;
}

interface Nonstandard {
  RTCVideoSource: new () => VideoSource;
  RTCAudioSource: new () => AudioSource;
  RTCVideoSink: new (track: MediaStreamTrack) => VideoSink;
  RTCAudioSink: new (track: MediaStreamTrack) => AudioSink;
  i420ToRgba(i420: I420FrameData, rgba: I420FrameData): void;
  rgbaToI420(rgba: I420FrameData, i420: I420FrameData): void;
}

const binding = wrtc as unknown as { RTCPeerConnection: typeof RTCPeerConnection; MediaStream: typeof MediaStream; nonstandard: Nonstandard };

export const WrtcPeerConnection: typeof RTCPeerConnection = binding.RTCPeerConnection;
export const WrtcMediaStream: typeof MediaStream = binding.MediaStream;
export const media: Nonstandard = binding.nonstandard;
