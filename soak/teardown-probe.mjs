// One libwebrtc lifetime, ended two ways (argv[2]): `natural` lets the event
// loop drain and the process end on its own; `exit` leaves through
// process.exit, as the emulator does once WebRTC is loaded
// (emulator/sessions/peer-link.ts). Sends video and audio between two
// peers, closes everything, then ends. soak/soak.ts counts the signals.
import wrtc from '@roamhq/wrtc';

const how = process.argv[2] ?? 'natural';
const { RTCPeerConnection, nonstandard } = wrtc;
const video = new nonstandard.RTCVideoSource();
const audio = new nonstandard.RTCAudioSource();
const tracks = [video.createTrack(), audio.createTrack()];
const sender = new RTCPeerConnection();
const receiver = new RTCPeerConnection();
for (const track of tracks) sender.addTrack(track);
sender.onicecandidate = ({ candidate }) => candidate && receiver.addIceCandidate(candidate);
receiver.onicecandidate = ({ candidate }) => candidate && sender.addIceCandidate(candidate);
// The descriptions go across as createOffer/createAnswer gave them (candidates trickle):
// reading pc.localDescription while libwebrtc gathers can crash (src/rtc/ice-gathering.ts).
const offer = await sender.createOffer();
await sender.setLocalDescription(offer);
await receiver.setRemoteDescription(offer);
const answer = await receiver.createAnswer();
await receiver.setLocalDescription(answer);
await sender.setRemoteDescription(answer);
const width = 320;
const height = 180;
const frame = { width, height, data: new Uint8Array((width * height * 3) / 2) };
const samples = new Int16Array(480);
for (let tick = 0; tick < 50; tick += 1) {
  audio.onData({ samples, sampleRate: 48_000 });
  if (tick % 4 === 0) video.onFrame(frame);
  await new Promise((resolve) => setTimeout(resolve, 10));
}
for (const track of tracks) track.stop();
sender.close();
receiver.close();
if (how === 'exit') process.exit(0);
