import { describe, expect, it } from 'vitest';
import { AvatarPlayback } from '../../src/client/avatar-playback.js';
import type { AutoplayBlocked } from '../../src/client/session-events.js';

const notAllowed = () => Object.assign(new Error('play() failed because the user did not interact with the document first.'), { name: 'NotAllowedError' });

/** A video element whose browser allows sound only after `gesture()`. */
class FakeVideo {
  muted = false;
  playing = false;
  private activated = false;
  gesture(): void {
    this.activated = true;
  }
  play(): Promise<void> {
    if (!this.muted && !this.activated) return Promise.reject(notAllowed());
    this.playing = true;
    return Promise.resolve();
  }
}

const asVideo = (video: FakeVideo) => video as unknown as HTMLVideoElement;

describe('AvatarPlayback', () => {
  it('plays muted when sound is refused, reports it once, and unmutes on resume after a gesture', async () => {
    const reports: AutoplayBlocked[] = [];
    const playback = new AvatarPlayback((blocked) => reports.push(blocked));
    const video = new FakeVideo();
    await playback.play(asVideo(video));
    expect(playback.audioBlocked).toBe(true);
    expect(video).toMatchObject({ muted: true, playing: true });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ mutedPlayback: true, error: { name: 'NotAllowedError' } });

    await playback.play(asVideo(video));
    expect(reports).toHaveLength(1);

    await expect(playback.resume(asVideo(video))).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(playback.audioBlocked).toBe(true);
    expect(video.muted).toBe(true);

    video.gesture();
    await playback.resume(asVideo(video));
    expect(playback.audioBlocked).toBe(false);
    expect(video).toMatchObject({ muted: false, playing: true });
  });

  it('reports nothing when sound may play, or when play() fails for another reason', async () => {
    const reports: AutoplayBlocked[] = [];
    const playback = new AvatarPlayback((blocked) => reports.push(blocked));
    const allowed = new FakeVideo();
    allowed.gesture();
    await playback.play(asVideo(allowed));
    const interrupted = { muted: false, play: () => Promise.reject(Object.assign(new Error('interrupted'), { name: 'AbortError' })) };
    await playback.play(interrupted as unknown as HTMLVideoElement);
    expect(reports).toEqual([]);
    expect(playback.audioBlocked).toBe(false);
    await playback.resume(asVideo(allowed));
    await playback.resume(null);
  });
});
