// What client/visit/background.ts loads with import(): the effect and its picker, in one file.
export { CameraEffect } from '../media/background/camera-effect.js';
export { BackgroundPicker, HeldVideoNote } from '../ui/background-picker.js';
