import { describe, expect, it } from 'vitest';
import { withVideoStartBitrate } from '../../emulator/rtc/video-start-bitrate.js';

const OFFER = [
  'v=0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 102',
  'a=rtpmap:96 VP8/90000',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=rtpmap:102 H264/90000',
  'a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f',
  '',
].join('\r\n');

describe('the emulator’s video start bitrate', () => {
  it('gives every video codec a start rate and leaves audio and retransmission alone', () => {
    const lines = withVideoStartBitrate(OFFER, 4000).split('\r\n');
    expect(lines).toContain('a=fmtp:96 x-google-start-bitrate=4000');
    expect(lines[lines.indexOf('a=rtpmap:96 VP8/90000') + 1]).toBe('a=fmtp:96 x-google-start-bitrate=4000');
    expect(lines).toContain('a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f;x-google-start-bitrate=4000');
    expect(lines).toContain('a=fmtp:97 apt=96');
    expect(lines).toContain('a=fmtp:111 minptime=10;useinbandfec=1');
    expect(lines.at(-1)).toBe('');
  });

  it('keeps a start rate the offer already has, and changes nothing twice', () => {
    const once = withVideoStartBitrate(OFFER, 4000);
    expect(withVideoStartBitrate(once, 4000)).toBe(once);
    const own = OFFER.replace('profile-level-id=42001f', 'profile-level-id=42001f;x-google-start-bitrate=800');
    expect(withVideoStartBitrate(own, 4000)).toContain('profile-level-id=42001f;x-google-start-bitrate=800\r\n');
  });
});
