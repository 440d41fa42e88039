// Written by `python -m vizdl.gallery.explorer` from vizdl's simulation; do not edit.
window.VIZDL_BUMPS_SPEC = {
 "ink": "#1d2330",
 "functions": {
  "lecture": "0.2 + 0.4x\u00b2 + 0.3x\u00b7sin(15x) + 0.05\u00b7cos(50x)",
  "sine": "0.5 + 0.4\u00b7sin(2\u03c0x)",
  "abs": "1.6\u00b7|x \u2212 0.5|"
 },
 "f": "lecture",
 "n": {
  "default": 20,
  "low": 1.0,
  "high": 200.0
 },
 "w": {
  "default": 2000.0,
  "low": 1.0,
  "high": 1000000.0
 },
 "points": 4001,
 "fit_counts": [
  2,
  5,
  10,
  20,
  50
 ],
 "sweep_ns": [
  2,
  4,
  8,
  16,
  32,
  64,
  128,
  256,
  512
 ],
 "curve_ns": [
  1,
  2,
  3,
  4,
  5,
  6,
  8,
  10,
  12,
  16,
  20,
  25,
  32,
  40,
  50,
  64,
  80,
  100,
  128,
  160,
  200
 ]
};
