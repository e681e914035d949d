// @vitest-environment happy-dom
/**
 * <AvatarVideo>: binds the session's stream to its <video>, falls back to
 * muted playback with an "Enable sound" button when autoplay with sound is
 * refused, and releases the element on unmount.
 */
import { act, createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../src/client/index.js';
import { AvatarVideo } from '../../react/index.js';
import { render } from './render.js';


/** A session whose stream is already there: setSrc binds it as Session.setSrc does. */
function fakeSession() {
  const stream = new MediaStream();
  const bound: Array<HTMLVideoElement | null> = [];
  const session = {
    setSrc(video: HTMLVideoElement | null) {
      bound.push(video);
      if (video) video.srcObject = stream;
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
