// @vitest-environment happy-dom
/**
 * <AvatarVideo>: binds the session's stream to its <video>, shows an
 * "Enable sound" button when the session reports autoplay with sound refused
 * (and plays muted), turns the sound on from its click, and releases the
 * element on unmount.
 */
import { act, createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../src/client/index.js';
import { AvatarVideo } from '../../react/index.js';
import { AvatarPlayback } from '../../src/client/avatar-playback.js';
import { SessionEvents } from '../../src/client/session-events.js';
import { render, settle } from './render.js';


/** A session that binds and plays the element as Session does (its AvatarPlayback and event map). */
function fakeSession() {
  const stream = new MediaStream();
  const events = new SessionEvents();
  const playback = new AvatarPlayback((blocked) => events.emit('autoplay-blocked', blocked, (error) => { throw error; }));
  const bound: Array<HTMLVideoElement | null> = [];
  let video: HTMLVideoElement | null = null;
  const session = {
    on: events.on.bind(events),
    isAudioBlocked: () => playback.audioBlocked,
    resumeAudio: () => playback.resume(video),
    setSrc(element: HTMLVideoElement | null) {
      bound.push(element);
      video = element;
      if (element && element.srcObject !== stream) {
        element.srcObject = stream;
        void playback.play(element);
      }
    },
  } as unknown as Session;
  return { session, bound, stream };
}

let refuseSound: boolean;
let plays: Array<{ muted: boolean }>;

beforeEach(() => {
  refuseSound = true;
  plays = [];
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
    plays.push({ muted: this.muted });
    if (refuseSound && !this.muted) return Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
    return Promise.resolve();
  });
  vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const soundButton = (container: HTMLElement) => [...container.querySelectorAll('button')].find((button) => button.textContent === 'Enable sound');

describe('AvatarVideo', () => {
  it('plays muted with an Enable sound button when autoplay with sound is refused, and unmutes on click', async () => {
    const { session, bound, stream } = fakeSession();
    const blocked = vi.fn();
    const view = await render(createElement(AvatarVideo, { session, className: 'avatar', onAutoplayBlocked: blocked }), { strict: false });
    await settle();
    const video = view.container.querySelector('video')!;
    expect(bound).toEqual([video]);
    expect(video.srcObject).toBe(stream);
    expect(video.className).toBe('avatar');
    expect(video.muted).toBe(true);
    expect(plays).toEqual([{ muted: false }, { muted: true }]);
    expect(blocked).toHaveBeenCalledTimes(1);
    const button = soundButton(view.container)!;
    expect(button.type).toBe('button');

    refuseSound = false;
    await act(async () => button.click());
    await settle();
    expect(video.muted).toBe(false);
    expect(soundButton(view.container)).toBeUndefined();
    await view.unmount();
  });

  it('plays with sound and shows no button when autoplay is allowed', async () => {
    refuseSound = false;
    const { session } = fakeSession();
    const view = await render(createElement(AvatarVideo, { session }), { strict: false });
    expect(view.container.querySelector('video')!.muted).toBe(false);
    expect(soundButton(view.container)).toBeUndefined();
    await view.unmount();
  });

  it('releases the element on unmount: the session lets go of it and its srcObject is null', async () => {
    const { session, bound } = fakeSession();
    const view = await render(createElement(AvatarVideo, { session }));
    const video = view.container.querySelector('video')!;
    // StrictMode bound, released and bound again.
    expect(bound).toEqual([video, null, video]);
    await view.unmount();
    expect(bound.at(-1)).toBeNull();
    expect(video.srcObject).toBeNull();
  });

  it('renders an empty video without a session', async () => {
    const view = await render(createElement(AvatarVideo, { session: null }));
    expect(view.container.querySelector('video')!.srcObject ?? null).toBeNull();
    expect(plays).toEqual([]);
    await view.unmount();
  });
});
