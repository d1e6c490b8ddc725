/**
 * The typed view of a group's upkeep (view-upkeep.ts): a refresh and a repair over bundles, step
 * by step for each member (step, whom it waits for, the files due now, which must exist as
 * files), and the repair's hello code compared before a helper seals its part (journaled; a
 * stale code refused, "A code differs" declines).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FrostView } from '../../../../src-shared/ceremonies/frost.ts';
import { act, readState, runDkg, runDkgSetup, runSigning, syncClean, type Party } from '../../rehearsal/frost.ts';
import { bundleFor, closeAll, importInto, parties } from '../../testing/frost-parties.ts';

const open: Party[] = [];
afterAll(() => closeAll(open));

function fv(p: Party): FrostView {
  return FrostView.parse(p.core.engine.view(p.id).view);
}
/** Step, whom it waits for ([name, what is missing]) and the files due now ([artifact, to]); each file due exists. */
function moment(p: Party) {
  const v = fv(p);
  const artifacts = p.core.engine.view(p.id).artifacts.map((a) => a.id);
  for (const c of v.carry) expect(artifacts, `${p.name} carries ${c.artifactId}`).toContain(c.artifactId);
  return { step: v.step, waiting: v.waitingFor.map((w) => [w.name, w.missing]), carry: v.carry.map((c) => [c.artifactId, c.to]) };
}
const lastEntry = (p: Party) => p.core.engine.view(p.id).activity[0]!.summary;

async function group(names: string[], threshold = 2) {
  const ps = await parties(names);
  open.push(...ps);
  await runDkgSetup(ps, { suite: 'ed25519', threshold, description: 'Treasury', rehearsal: false });
  await runDkg(ps);
  return ps;
}

describe('the view of a refresh', () => {
  it('asked, commitments, new shares, finish; then the shares file stays offered until a signing with the new shares', async () => {
    const ps = await group(['Alice', 'Bob', 'Carol']);
    const [alice, bob, carol] = ps as [Party, Party, Party];
    await act(carol, 'refresh-start', {});
    expect(moment(carol)).toEqual({
      step: 'refresh-exchange',
      waiting: [
        ['Alice', 'commitment'],
        ['Bob', 'commitment'],
      ],
      carry: [
        ['bundle:refresh.p3-1.request', ['Alice', 'Bob']],
        ['bundle:refresh.p3-1.round1', ['Alice', 'Bob']],
      ],
    });
    expect(fv(carol).refresh).toEqual({
      id: 'p3-1',
      by: 'Carol',
      youStarted: true,
      participants: ['Alice', 'Bob', 'Carol'],
      leftOut: [],
      phase: 'commitments',
    });
    await importInto(alice, 'request', bundleFor(carol, 'refresh.p3-1.request'));
    expect(moment(alice)).toEqual({ step: 'refresh-agree', waiting: [], carry: [] });
    expect(fv(alice).refresh).toMatchObject({ by: 'Carol', youStarted: false, phase: 'agree' });
    await importInto(bob, 'request', bundleFor(carol, 'refresh.p3-1.request'));
    for (const p of [alice, bob]) await act(p, 'refresh-join', {});
    await syncClean(ps);
    for (const p of ps) {
      expect(moment(p)).toMatchObject({ step: 'refresh-exchange', waiting: [] });
      expect(fv(p).refresh!.phase).toBe('shares');
    }
    await act(alice, 'refresh-round2', {});
    expect(moment(alice)).toEqual({
      step: 'refresh-exchange',
      waiting: [
        ['Bob', 'share'],
        ['Carol', 'share'],
      ],
      carry: [['bundle:refresh.p3-1.round2', ['Bob', 'Carol']]],
    });
    for (const p of [bob, carol]) await act(p, 'refresh-round2', {});
    await syncClean(ps);
    expect(fv(bob).refresh!.phase).toBe('finish');
    for (const p of ps) await act(p, 'refresh-finalize', {});
    // Finished: the group is ready; the shares file is still offered (someone may not have it).
    expect(moment(alice)).toEqual({ step: 'ready', waiting: [], carry: [['bundle:refresh.p3-1.round2', ['Bob', 'Carol']]] });
    expect(fv(alice).refresh).toBeNull();
    await runSigning(ps, [alice, bob], new TextEncoder().encode('renewed'));
    expect(moment(carol).carry).toEqual([]);
  });

  it('a member left out is not asked; the ones taking part are told who is left out', async () => {
    const ps = await group(['Alice', 'Bob', 'Carol']);
    const [alice, bob, carol] = ps as [Party, Party, Party];
    await act(alice, 'refresh-start', { participants: ['p1', 'p2'] });
    for (const p of [bob, carol]) await importInto(p, 'request', bundleFor(alice, 'refresh.p1-1.request'));
    expect(fv(bob).refresh).toMatchObject({ participants: ['Alice', 'Bob'], leftOut: ['Carol'], phase: 'agree' });
    expect(moment(carol).step).toBe('ready');
    expect(fv(carol).refresh).toBeNull();
  });
});

describe('the view of a repair', () => {
  it('helpers wait for the hello, compare its code, give their parts, carry the last one until the newcomer says its share is back', async () => {
    const ps = await group(['Alice', 'Bob', 'Carol']);
    const [alice, bob, carol] = ps as [Party, Party, Party];
    await act(alice, 'repair-start', { target: 'p3', helpers: ['p1', 'p2'] });
    expect(moment(alice)).toEqual({
      step: 'repair-hello',
      waiting: [['Carol', 'hello']],
      carry: [['bundle:repair.p1-1.request', ['Carol', 'Bob']]],
    });
    expect(fv(alice).repair).toEqual({
      id: 'p1-1',
      by: 'Alice',
      youStarted: true,
      target: 'Carol',
      youAreTarget: false,
      helpers: ['Alice', 'Bob'],
      helloCode: null,
      restored: false,
    });
    // Carol lost everything: a fresh install joins from the request.
    const [carol2] = await parties(['Carol']);
    open.push(carol2!);
    carol2!.id = (await carol2!.core.engine.join('repair.ceremony', bundleFor(alice, 'repair.p1-1.request'), {})).id;
    expect(moment(carol2!)).toEqual({
      step: 'repair-newcomer',
      waiting: [
        ['Alice', 'repair-part'],
        ['Bob', 'repair-part'],
      ],
      carry: [['bundle:repair.p1-1.hello', ['Alice', 'Bob']]],
    });
    expect(fv(carol2!).repair).toMatchObject({ youAreTarget: true, by: 'Alice', helpers: ['Alice', 'Bob'] });
    const helloCode = carol2!.core.engine.view(carol2!.id).artifacts.find((a) => a.id === 'bundle:repair.p1-1.hello')!.checkCode;

    await importInto(bob, 'request', bundleFor(alice, 'repair.p1-1.request'));
    expect(moment(bob)).toEqual({ step: 'repair-hello', waiting: [['Carol', 'hello']], carry: [] });
    for (const p of [alice, bob]) await importInto(p, 'hello', bundleFor(carol2!, 'repair.p1-1.hello'));
    // The code a helper compares is the one the newcomer's own screen shows.
    for (const p of [alice, bob]) {
      expect(moment(p).step).toBe('repair-compare');
      expect(fv(p).repair!.helloCode).toBe(helloCode);
    }
    // A code that is not the hello's is refused; the helper's part is not made.
    await expect(act(bob, 'repair-help', { code: '0000-0000-0000' })).rejects.toMatchObject({ code: 'frost/code-changed' });
    await expect(act(bob, 'repair-help', {})).rejects.toMatchObject({ code: 'api/invalid-input' });
    expect(readState(bob).repairs[0]!.sentDeltas).toBe(false);
    await act(alice, 'repair-help', { code: helloCode });
    expect(lastEntry(alice)).toContain(`Codes match: Carol's hello check code ${helloCode}, compared with Carol`);
    expect(moment(alice)).toEqual({
      step: 'repair-wait',
      waiting: [['Bob', 'repair-part']],
      carry: [['bundle:repair.p1-1.deltas', ['Bob', 'Carol']]],
    });
    await act(bob, 'repair-help', { code: helloCode });
    await importInto(alice, 'deltas', bundleFor(bob, 'repair.p1-1.deltas'));
    // Alice's part for Carol is sealed; she carries it until Carol says her share is back.
    expect(moment(alice)).toEqual({
      step: 'repair-wait',
      waiting: [['Carol', 'rebuilt']],
      carry: [
        ['bundle:repair.p1-1.deltas', ['Bob', 'Carol']],
        ['bundle:repair.p1-1.sigma', ['Carol']],
      ],
    });
    await syncClean([alice, bob, carol2!]);
    expect(readState(carol2!).group).not.toBeNull();
    // Rebuilt: the newcomer's group is ready; its "restored" notice is offered to the helpers.
    expect(moment(carol2!)).toEqual({ step: 'ready', waiting: [], carry: [['bundle:repair.p1-1.restored', ['Alice', 'Bob']]] });
    // The helpers imported it in the sync: done.
    for (const p of [alice, bob]) {
      expect(moment(p)).toEqual({ step: 'ready', waiting: [], carry: [] });
      expect(readState(p).repairs[0]!.restored).toBe(true);
    }
    void carol;
  });

  it('"A code differs": the helper declines, journaled with the code it saw; the newcomer sees the repair stopped', async () => {
    const ps = await group(['Alice', 'Bob', 'Carol']);
    const [alice, bob] = ps as [Party, Party, Party];
    await act(alice, 'repair-start', { target: 'p3', helpers: ['p1', 'p2'] });
    const [carol2] = await parties(['Carol']);
    open.push(carol2!);
    carol2!.id = (await carol2!.core.engine.join('repair.ceremony', bundleFor(alice, 'repair.p1-1.request'), {})).id;
    await importInto(alice, 'hello', bundleFor(carol2!, 'repair.p1-1.hello'));
    const code = fv(alice).repair!.helloCode!;
    await act(alice, 'repair-decline', { differs: code });
    expect(lastEntry(alice)).toContain(`A code differs: Carol's hello check code here is ${code}, not the one Carol read`);
    expect(moment(alice).step).toBe('ready');
    await importInto(carol2!, 'decline', bundleFor(alice, 'repair.p1-1.decline'));
    expect(moment(carol2!).step).toBe('stopped');
    expect(fv(carol2!).repair).toMatchObject({ by: 'Alice', youAreTarget: true });
    void bob;
  });
});
