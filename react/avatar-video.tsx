/**
 * The avatar's video and voice. Browsers may refuse audible playback before
 * the person has interacted with the page (`play()` rejects with
 * `NotAllowedError`): the video then plays muted and a button offers the sound.
 */
import { useEffect, useRef, useState } from 'react';
import type { VideoHTMLAttributes } from 'react';
import type { Session } from '../src/client/index.js';
import { useTargetSession } from './context.js';
import { useLatest } from './use-latest.js';

export interface AvatarVideoProps extends Omit<VideoHTMLAttributes<HTMLVideoElement>, 'src' | 'muted' | 'children'> {
  /** The session to show; the nearest `<PersoSessionProvider>`'s by default. */
  session?: Session | null;
  /** The sound button's text. @default "Enable sound" */
  enableSoundLabel?: string;
  /** The sound button's class. */
  enableSoundClassName?: string;
  /** Called when the browser blocked the sound and the video plays muted. */
  onAutoplayBlocked?: () => void;
}

export function AvatarVideo({ session, enableSoundLabel = 'Enable sound', enableSoundClassName, onAutoplayBlocked, ...videoProps }: AvatarVideoProps) {
  const target = useTargetSession(session);
  const videoRef = useRef<HTMLVideoElement>(null);
  const [soundBlocked, setSoundBlocked] = useState(false);
  const onBlocked = useLatest(onAutoplayBlocked);

  useEffect(() => {
    const video = videoRef.current;
    if (!target || !video) return;
    let live = true;
    const play = (): void => {
      video.play().catch((error: unknown) => {
        if (!live || !isAutoplayRefusal(error) || video.muted) return;
        video.muted = true;
        setSoundBlocked(true);
        onBlocked.current?.();
        video.play().catch(() => undefined);
      });
    };
    // A new stream (first connect, reconnect) loads new metadata: start it again.
    video.addEventListener('loadedmetadata', play);
    target.setSrc(video);
    if (video.srcObject) play();
    return () => {
      live = false;
      video.removeEventListener('loadedmetadata', play);
      target.setSrc(null);
      video.pause();
      video.srcObject = null;
      video.muted = false;
      setSoundBlocked(false);
    };
  }, [target, onBlocked]);

  const enableSound = (): void => {
    const video = videoRef.current;
    if (!video) return;
    video.muted = false;
    video.play().then(
      () => setSoundBlocked(false),
      () => {
        video.muted = true;
      },
    );
  };

  return (
    <>
      <video ref={videoRef} autoPlay playsInline {...videoProps} />
      {soundBlocked && (
        <button type="button" className={enableSoundClassName} onClick={enableSound}>
          {enableSoundLabel}
        </button>
      )}
    </>
  );
}

function isAutoplayRefusal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'NotAllowedError';
}
