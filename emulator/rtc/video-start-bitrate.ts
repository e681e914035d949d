/**
 * libwebrtc starts a video sender at 300 kbps and paces its first keyframe
 * (tens of KB) at that rate, which alone holds the first frame back by about
 * 200 ms. The sender reads its start rate from the codecs the remote side
 * accepts, so the emulator writes a loopback-sized start rate into the offer
 * it applies (never into what the client sees).
 */
export const VIDEO_START_KBPS = 4000;

/** `sdp` with `x-google-start-bitrate` on every video codec that does not have one. */
export function withVideoStartBitrate(sdp: string, kbps: number): string {
  const lines = sdp.split('\r\n');
  const videoPayloads = new Set<string>();
  for (const line of lines) {
    const match = line.match(/^a=rtpmap:(\d+) (VP8|VP9|H264|AV1)\/90000/i);
    if (match) videoPayloads.add(match[1]!);
  }
  const withFmtp = new Set<string>();
  const out = lines.map((line) => {
    const match = line.match(/^a=fmtp:(\d+) (.*)$/);
    if (!match || !videoPayloads.has(match[1]!)) return line;
    withFmtp.add(match[1]!);
    if (match[2]!.includes('x-google-start-bitrate')) return line;
    return `${line};x-google-start-bitrate=${kbps}`;
  });
  return out
    .flatMap((line) => {
      const match = line.match(/^a=rtpmap:(\d+) /);
      if (!match || !videoPayloads.has(match[1]!) || withFmtp.has(match[1]!)) return [line];
      return [line, `a=fmtp:${match[1]} x-google-start-bitrate=${kbps}`];
    })
    .join('\r\n');
}
