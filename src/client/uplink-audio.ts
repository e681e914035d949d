/** The audio a legacy voice-chat session sends: the microphone, or silence when there is none. */
export interface UplinkAudio {
  stream: MediaStream;
  track: MediaStreamTrack;
  release(): void;
}

export async function openUplinkAudio(): Promise<UplinkAudio | null> {
  const devices = (globalThis as { navigator?: Navigator }).navigator?.mediaDevices;
  if (devices?.getUserMedia) {
    try {
      const stream = await devices.getUserMedia({ audio: true });
      const track = stream.getAudioTracks()[0];
      if (track) return { stream, track, release: () => stream.getTracks().forEach((t) => t.stop()) };
    } catch {
      // No microphone or no permission: fall back to a silent track so the session still works.
    }
  }
  const Context = (globalThis as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Context) return null;
  const context = new Context();
  const destination = context.createMediaStreamDestination();
  const track = destination.stream.getAudioTracks()[0];
  if (!track) {
    void context.close();
    return null;
  }
  return {
    stream: destination.stream,
    track,
    release: () => {
      track.stop();
      void context.close().catch(() => undefined);
    },
  };
}
