import { describe, expect, it } from 'vitest';
import { whatChanged, type ProbabilityEdge, type SignalEdge } from './what-changed';

const edge = (edge: 'start' | 'end', signal_type: string, value: unknown, observed_at = edge === 'end' ? '2024-12-01' : '2024-11-01'): SignalEdge => ({ edge, signal_type, value, observed_at });
const prob = (start_p: number | null, end_p: number | null, to_club_id: string | null = null): ProbabilityEdge => ({
  horizon_days: 90, to_club_id, to_club_name: to_club_id ? 'Club' : null, to_club_is_status: to_club_id ? false : null, start_p, end_p, end_as_of: '2024-12-01T00:00:00.000Z',
});

describe('whatChanged', () => {
  it('flags market value moves of 10% or more, alert above 20%', () => {
    expect(whatChanged([edge('start', 'market_value', 100), edge('end', 'market_value', 109)], [])).toEqual([]);
    const [w] = whatChanged([edge('start', 'market_value', 10e6), edge('end', 'market_value', 11.5e6)], []);
    expect(w).toMatchObject({ severity: 'warning', change_percent: 15, description: 'Market value up to €11.5M' });
    expect(whatChanged([edge('start', 'market_value', 10e6), edge('end', 'market_value', 5e6)], [])[0]).toMatchObject({ severity: 'alert', change_percent: -50 });
  });

  it('ignores a value unchanged since before the window (same observation at both edges)', () => {
    expect(whatChanged([edge('start', 'market_value', 10e6, 'x'), edge('end', 'market_value', 99e6, 'x')], [])).toEqual([]);
  });

  it('applies the contract, injury and count rules', () => {
    expect(whatChanged([edge('start', 'contract_months_remaining', 7), edge('end', 'contract_months_remaining', 6)], [])[0]).toMatchObject({ severity: 'alert' });
    expect(whatChanged([edge('start', 'contract_months_remaining', 5), edge('end', 'contract_months_remaining', 4)], [])).toEqual([]);
    expect(whatChanged([edge('end', 'injuries_status', 'knee')], [])[0]).toMatchObject({ severity: 'alert', old_value: null });
    expect(whatChanged([edge('start', 'injuries_status', 'knee'), edge('end', 'injuries_status', 'fit')], [])[0]).toMatchObject({ severity: 'info' });
    expect(whatChanged([edge('start', 'goals_last_10', 2), edge('end', 'goals_last_10', 5)], [])[0]).toMatchObject({ description: 'Goals in last 10 games: 2 → 5' });
    expect(whatChanged([edge('start', 'goals_last_10', 2), edge('end', 'goals_last_10', 3)], [])).toEqual([]);
    expect(whatChanged([edge('start', 'market_value', { odd: true }), edge('end', 'market_value', 'n/a')], [])).toEqual([]);
  });

  it('reports probability changes of 2 points or more, sorted by severity then size', () => {
    const out = whatChanged([edge('start', 'goals_last_10', 1), edge('end', 'goals_last_10', 4)], [prob(0.3, 0.31), prob(0.1, 0.25, 'c1'), prob(null, 0.06, 'c2')]);
    expect(out.map((c) => [c.kind, c.severity])).toEqual([['probability', 'alert'], ['probability', 'warning'], ['signal', 'info']]);
    expect(out[0]!.description).toBe('P(move to Club within 90 days) up from 10% to 25%');
    expect(out[1]).toMatchObject({ old_value: null, new_value: 0.06, change_percent: null });
    // First published inside the window: not a change "from 0%".
    expect(out[1]!.description).toBe('P(move to Club within 90 days) first published at 6%');
  });
});
