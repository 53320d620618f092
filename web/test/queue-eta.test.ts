import { describe, expect, it } from 'vitest';
import { steadyEta } from '../src/pages/queue-eta.ts';

describe('the waiting room’s ETA', () => {
  it('never grows while the position stays the same, and follows the server once the line moves', () => {
    let shown = steadyEta(null, { position: 40, etaSeconds: 60 });
    shown = steadyEta(shown, { position: 40, etaSeconds: 90 });
    expect(shown).toEqual({ position: 40, etaSeconds: 60 });
    shown = steadyEta(shown, { position: 40, etaSeconds: 55 });
    expect(shown).toEqual({ position: 40, etaSeconds: 55 });
    shown = steadyEta(shown, { position: 38, etaSeconds: 70 });
    expect(shown).toEqual({ position: 38, etaSeconds: 70 });
    // Paused (no ETA) and back.
    shown = steadyEta(shown, { position: 38, etaSeconds: null });
    expect(shown.etaSeconds).toBeNull();
    expect(steadyEta(shown, { position: 38, etaSeconds: 80 }).etaSeconds).toBe(80);
  });
});
