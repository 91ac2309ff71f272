// "Admit all" with several clients who have not said where they are: one question at a time, in
// order, and never a second question about someone whose first is still open.
import { describe, expect, it } from 'vitest';
import { AdmitQuestions } from '../../client/visit/admit-questions.js';

/** A question whose answer the test gives: each ask is recorded with a way to answer it. */
function provider() {
  const asked: { name: string; answer(yes: boolean): void }[] = [];
  const ask = (name: string) => new Promise<boolean>((resolve) => asked.push({ name, answer: resolve }));
  return { asked, ask };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('admit questions', () => {
  it('asks about one person at a time, in the order Admit was pressed', async () => {
    const p = provider();
    const questions = new AdmitQuestions(p.ask);
    const jordan = questions.confirm('j', 'Jordan');
    const alex = questions.confirm('a', 'Alex');
    await settle();
    expect(p.asked.map((q) => q.name)).toEqual(['Jordan']);
    p.asked[0]!.answer(true);
    expect(await jordan).toBe(true);
    await settle();
    expect(p.asked.map((q) => q.name)).toEqual(['Jordan', 'Alex']);
    p.asked[1]!.answer(false);
    expect(await alex).toBe(false);
  });

  it('does not ask twice about someone whose question is open, and asks again once it is answered', async () => {
    const p = provider();
    const questions = new AdmitQuestions(p.ask);
    const first = questions.confirm('j', 'Jordan');
    expect(await questions.confirm('j', 'Jordan')).toBe(false);
    await settle();
    expect(p.asked).toHaveLength(1);
    p.asked[0]!.answer(false);
    expect(await first).toBe(false);
    const again = questions.confirm('j', 'Jordan');
    await settle();
    expect(p.asked).toHaveLength(2);
    p.asked[1]!.answer(true);
    expect(await again).toBe(true);
  });

  it('a question that fails does not stop the ones after it', async () => {
    let calls = 0;
    const questions = new AdmitQuestions(async () => {
      calls++;
      if (calls === 1) throw new Error('dialog gone');
      return true;
    });
    await expect(questions.confirm('j', 'Jordan')).rejects.toThrow('dialog gone');
    expect(await questions.confirm('a', 'Alex')).toBe(true);
    expect(await questions.confirm('j', 'Jordan')).toBe(true);
  });
});
