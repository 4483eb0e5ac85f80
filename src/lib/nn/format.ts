/** Fixed-point text for numbers quoted in the chapters (6 decimals unless asked otherwise). */
export function fixed(value: number, digits = 6): string {
  return value.toFixed(digits);
}

/** Short scientific notation for tiny gradients: 3.3156e-5. */
export function sci(value: number, digits = 4): string {
  return Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(digits + 2) : value.toExponential(digits);
}
