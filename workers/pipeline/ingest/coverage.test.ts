import { describe, expect, it } from 'vitest';
import { followedUntil } from './coverage';

describe('followedUntil', () => {
  const players = [
    { playerId: 1, lastSeason: 2024 }, // still covered in the snapshot's season
    { playerId: 2, lastSeason: 2023 }, // left after 2023/24
    { playerId: 3, lastSeason: 2023 },
    { playerId: 4, lastSeason: 2021 }, // left long ago, no moves after his season
    { playerId: 5, lastSeason: null },
  ];
  const move = (playerId: number, date: string, afterSnapshot = false) => ({ playerId, date, afterSnapshot });
  const moves = [
    move(2, '2024-01-15'), // inside his last season: not part of the cohort's summer
    move(2, '2024-06-30'),
    move(3, '2024-07-05'),
    move(2, '2024-07-12'), // 7 days later: still the same run of crawls
    move(3, '2024-07-25'), // 13 days later: the source had stopped; this row stands alone
    move(3, '2025-06-30', true), // a scheduled loan end, after the snapshot
    move(1, '2024-11-01'),
  ];

  it('follows covered players to the snapshot and a departed cohort until its moves stop coming', () => {
    const f = followedUntil(players, moves, '2024-12-12');
    expect(Object.fromEntries(f)).toEqual({ 1: '2024-12-12', 2: '2024-07-12', 3: '2024-07-12', 4: '2022-06-30' });
  });

  it('ends a cohort with no summer moves at the end of its last season', () => {
    expect(followedUntil(players, [move(2, '2024-01-15')], '2024-12-12').get(3)).toBe('2024-06-30');
  });
});

