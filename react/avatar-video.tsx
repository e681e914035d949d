/**
 * The avatar's video and voice. The session plays the element and, when the
 * browser refuses sound before the person has interacted with the page,
 * plays it muted and emits `autoplay-blocked`: this component then shows a
 * button whose click (a user gesture) calls `session.resumeAudio()`.
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
    const stopListening = target.on('autoplay-blocked', () => {
      setSoundBlocked(true);
      onBlocked.current?.();
    });
    setSoundBlocked(target.isAudioBlocked());
    target.setSrc(video);
    return () => {
      stopListening();
      target.setSrc(null);
      video.pause();
      video.srcObject = null;
      setSoundBlocked(false);
    };
  }, [target, onBlocked]);

  const enableSound = (): void => {
    // Still refused (not a gesture the browser accepts): the button stays.
    target?.resumeAudio().then(
      () => setSoundBlocked(target.isAudioBlocked()),
      () => undefined,
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
