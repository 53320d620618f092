import { describe, expect, it } from 'vitest';
import { unpackLayout, unpackStatuses } from '../client/src/index.ts';

describe('packed seat maps', () => {
  const packed = JSON.stringify({
    id: ['a', 'b', 'c'],
    sections: ['Floor', 'East'],
    section: [0, 0, 1],
    rows: ['1', 'A'],
    row: [0, 0, 1],
    number: [1, 2, 7],
    x: [10, 20, 300.5],
    y: [5, 5, 40],
    ticketTypes: ['vip', 'r'],
    ticketType: [0, 0, 1],
    label: { 2: 'East A-7 (wheelchair)' },
  });

  it('unpacks the layout columns into seats, in order', () => {
    expect(unpackLayout(packed)).toEqual([
      {
        id: 'a',
        section: 'Floor',
        row: '1',
        number: 1,
        label: 'Floor 1-1',
        x: 10,
        y: 5,
        ticketTypeId: 'vip',
      },
      {
        id: 'b',
        section: 'Floor',
        row: '1',
        number: 2,
        label: 'Floor 1-2',
        x: 20,
        y: 5,
        ticketTypeId: 'vip',
      },
      {
        id: 'c',
        section: 'East',
        row: 'A',
        number: 7,
        label: 'East A-7 (wheelchair)',
        x: 300.5,
        y: 40,
        ticketTypeId: 'r',
      },
    ]);
  });

  it('reads one status character per seat, and refuses codes that do not line up with the seats', () => {
    expect(unpackStatuses(['a', 'b', 'c', 'd'], 'AHSB')).toEqual([
      { id: 'a', status: 'AVAILABLE' },
      { id: 'b', status: 'HELD' },
      { id: 'c', status: 'SOLD' },
      { id: 'd', status: 'BLOCKED' },
    ]);
    expect(unpackStatuses(['a', 'b', 'c'], 'AH')).toBeNull();
  });
});
