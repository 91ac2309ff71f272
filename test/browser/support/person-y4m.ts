// Writes a short Y4M video for Chromium's fake camera (--use-file-for-fake-video-capture): a
// person-like figure (head with hair, eyes and mouth, neck, shoulders in a shirt) in front of a busy,
// striped wall, swaying a little. It gives the segmentation something to keep in the foreground.
import { writeFileSync } from 'node:fs';

export const PERSON_W = 640;
export const PERSON_H = 360;
const FRAMES = 30;

type Rgb = [number, number, number];
const WALL_A: Rgb = [40, 90, 60];
const WALL_B: Rgb = [200, 170, 120];
const SKIN: Rgb = [224, 172, 140];
const HAIR: Rgb = [60, 40, 30];
const SHIRT: Rgb = [40, 70, 140];
const DARK: Rgb = [50, 30, 30];

/** The colour of one pixel of frame `t`. */
function pixel(x: number, y: number, t: number): Rgb {
  const cx = PERSON_W / 2 + Math.sin((t / FRAMES) * 2 * Math.PI) * 8;
  const head = ((x - cx) / 62) ** 2 + ((y - 140) / 80) ** 2;
  const hair = ((x - cx) / 68) ** 2 + ((y - 118) / 72) ** 2;
  if (head < 1) {
    const eye = Math.min(((x - cx + 24) / 8) ** 2 + ((y - 130) / 5) ** 2, ((x - cx - 24) / 8) ** 2 + ((y - 130) / 5) ** 2);
    if (eye < 1) return DARK;
    if (Math.abs(x - cx) < 20 && Math.abs(y - 180) < 4) return [170, 80, 80];
    return y < 85 ? HAIR : SKIN;
  }
  if (hair < 1 && y < 150) return HAIR;
  if (Math.abs(x - cx) < 26 && y >= 210 && y < 250) return SKIN;
  // Shoulders: a wide rounded trapezoid down to the bottom edge.
  const half = 70 + (y - 240) * 1.6;
  if (y >= 240 && Math.abs(x - cx) < Math.min(half, 230)) return SHIRT;
  // The wall: stripes fine enough to carry high-frequency energy.
  return (Math.floor(x / 6) + Math.floor(y / 40)) % 2 ? WALL_A : WALL_B;
}

const yOf = ([r, g, b]: Rgb) => Math.round(0.257 * r + 0.504 * g + 0.098 * b + 16);
const uOf = ([r, g, b]: Rgb) => Math.round(-0.148 * r - 0.291 * g + 0.439 * b + 128);
const vOf = ([r, g, b]: Rgb) => Math.round(0.439 * r - 0.368 * g - 0.071 * b + 128);

export function writePersonY4m(path: string): void {
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${PERSON_W} H${PERSON_H} F15:1 Ip A1:1 C420jpeg\n`)];
  for (let t = 0; t < FRAMES; t++) {
    const y = Buffer.alloc(PERSON_W * PERSON_H);
    const u = Buffer.alloc((PERSON_W / 2) * (PERSON_H / 2));
    const v = Buffer.alloc((PERSON_W / 2) * (PERSON_H / 2));
    for (let j = 0; j < PERSON_H; j++)
      for (let i = 0; i < PERSON_W; i++) {
        const c = pixel(i, j, t);
        y[j * PERSON_W + i] = yOf(c);
        if (i % 2 === 0 && j % 2 === 0) {
          const k = (j / 2) * (PERSON_W / 2) + i / 2;
          u[k] = uOf(c);
          v[k] = vOf(c);
        }
      }
    parts.push(Buffer.from('FRAME\n'), y, u, v);
  }
  writeFileSync(path, Buffer.concat(parts));
}
