/** The microphone constraints hands-free listening asks for: the browser's echo canceller keeps the avatar's voice out. */
export function microphoneConstraints(deviceId?: string): MediaTrackConstraints {
  return {
    channelCount: 1,
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
  };
}
