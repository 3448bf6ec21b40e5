import { type Caller } from './caller';
import { decideExecution } from './decide-execution';

const member: Caller = { actorId: 'dev@acme.io', email: 'dev@acme.io', kind: 'user', roles: ['member'] };
const admin: Caller = { ...member, roles: ['admin'] };
const machine: Caller = { actorId: 'client_1', kind: 'machine', roles: ['member'] };

const rule = (context: string, property: string, operator: string, value?: unknown) => ({
  property: { context, property },
  operator,
  ...(value === undefined ? {} : { value }),
});

describe('self-service execution permissions', () => {
  it('lets an admin run anything, whatever is declared', () => {
    expect(decideExecution(admin, [{ roles: [] }, { users: ['someone@else.io'] }])).toMatchObject({
      outcome: 'allowed',
      reason: 'admin',
    });
  });

  it('lets every member run a trigger that declares no permissions (nothing stored is `{}`)', () => {
    expect(decideExecution(member, [undefined, {}])).toMatchObject({ outcome: 'allowed' });
    expect(decideExecution(member, [{ combinator: 'and' }])).toMatchObject({ outcome: 'allowed' });
  });

  it('allows a listed role (case-insensitively, Port spells it `Member`) and refuses an unlisted one', () => {
    expect(decideExecution(member, [{ roles: ['Member'] }])).toMatchObject({
      outcome: 'allowed',
      reason: 'role',
    });
    expect(decideExecution(member, [{ roles: ['Admin'] }])).toMatchObject({ outcome: 'denied' });
    expect(decideExecution(member, [{ roles: [] }])).toMatchObject({ outcome: 'denied' });
  });

  it('allows a listed user by actor id or email', () => {
    expect(decideExecution(member, [{ users: ['DEV@acme.io'] }])).toMatchObject({
      outcome: 'allowed',
      reason: 'user',
    });
    expect(decideExecution(machine, [{ users: ['client_1'] }])).toMatchObject({ outcome: 'allowed' });
    expect(decideExecution(machine, [{ users: ['dev@acme.io'] }])).toMatchObject({ outcome: 'denied' });
  });

  it('takes any way in from either place: the trigger config or the stored permissions', () => {
    const config = { roles: ['Admin'] };
    const stored = { users: ['dev@acme.io'] };
    expect(decideExecution(member, [config, stored])).toMatchObject({ outcome: 'allowed' });
    expect(decideExecution(member, [config, undefined])).toMatchObject({ outcome: 'denied' });
  });

  it("allows a listed team (case-insensitively) from the caller's teams, refuses a caller in none", () => {
    const rocket: Caller = { ...member, teams: ['Rocket', 'Ops'] };
    expect(decideExecution(rocket, [{ teams: ['rocket'] }])).toMatchObject({
      outcome: 'allowed',
      reason: 'team',
    });
    expect(decideExecution(rocket, [{ teams: ['platform'] }])).toMatchObject({ outcome: 'denied' });
    expect(decideExecution(member, [{ teams: ['platform'] }])).toMatchObject({ outcome: 'denied' });
  });

  it('leaves a dynamic policy for last: first the form, then the policies to evaluate', () => {
    const policy = { queries: {}, conditions: ['true'] };
    expect(decideExecution(member, [{ policy }])).toEqual({ outcome: 'needs-form' });
    expect(decideExecution(member, [{ policy }], {})).toEqual({
      outcome: 'needs-policy',
      policies: [policy],
    });
    expect(decideExecution(member, [{ policy, roles: ['member'] }])).toMatchObject({ outcome: 'allowed' });
  });

  describe('rules', () => {
    const devOnly = { combinator: 'and', rules: [rule('form', 'environment', 'in', ['dev', 'staging'])] };

    it('asks for the validated form before deciding on form rules, then decides with it', () => {
      expect(decideExecution(member, [devOnly])).toEqual({ outcome: 'needs-form' });
      expect(decideExecution(member, [devOnly], { environment: 'dev' })).toMatchObject({
        outcome: 'allowed',
      });
      expect(decideExecution(member, [devOnly], { environment: 'production' })).toMatchObject({
        outcome: 'denied',
      });
    });

    it('does not wait for the form when a static way in already lets the caller in', () => {
      expect(decideExecution(member, [{ ...devOnly, roles: ['member'] }])).toMatchObject({
        outcome: 'allowed',
      });
    });

    it('combines rules with `and` (default) and `or`', () => {
      const rules = [rule('form', 'environment', '=', 'dev'), rule('form', 'replicas', '<=', 3)];
      const form = { environment: 'dev', replicas: 5 };
      expect(decideExecution(member, [{ rules }], form)).toMatchObject({ outcome: 'denied' });
      expect(decideExecution(member, [{ combinator: 'or', rules }], form)).toMatchObject({
        outcome: 'allowed',
      });
    });

    it.each([
      [rule('form', 'note', 'empty'), { note: '' }, true],
      [rule('form', 'note', 'empty'), { note: 'x' }, false],
      [rule('form', 'note', 'notEmpty'), {}, false],
      [rule('form', 'tags', 'notEmpty'), { tags: ['a'] }, true],
      [rule('form', 'environment', '!=', 'production'), { environment: 'dev' }, true],
      [rule('form', 'replicas', '>', 2), { replicas: 3 }, true],
      [rule('form', 'replicas', '>=', 3), { replicas: '3' }, false],
      [rule('form', 'regions', 'in', ['eu', 'us']), { regions: ['eu'] }, true],
      [rule('form', 'regions', 'in', ['eu', 'us']), { regions: ['eu', 'ap'] }, false],
      [rule('form', 'environment', 'notIn', ['production']), { environment: 'dev' }, true],
      [rule('form', 'owner', '=', { context: 'user', property: 'email' }), { owner: 'dev@acme.io' }, true],
      [rule('form', 'owner', '=', { context: 'user', property: 'email' }), { owner: 'ops@acme.io' }, false],
      [rule('user', 'roles', '=', ['member']), {}, true],
    ])('evaluates %j on %j as %p', (one, form, allowed) => {
      expect(decideExecution(member, [{ rules: [one] }], form).outcome).toBe(allowed ? 'allowed' : 'denied');
    });

    it("evaluates userTeams rules on each of the caller's teams", () => {
      const rocket: Caller = { ...member, teams: ['Rocket', 'Ops'] };
      const holds = (one: object, caller: Caller) => decideExecution(caller, [{ rules: [one] }], {}).outcome;
      expect(holds(rule('userTeams', 'name', '=', 'Rocket'), rocket)).toBe('allowed');
      expect(holds(rule('userTeams', 'name', 'in', ['Ops', 'Apollo']), rocket)).toBe('allowed');
      expect(holds(rule('userTeams', 'name', 'in', ['Apollo']), rocket)).toBe('denied');
      expect(holds(rule('userTeams', 'name', 'notIn', ['Apollo']), rocket)).toBe('allowed');
      expect(holds(rule('userTeams', 'name', 'notIn', ['Ops']), rocket)).toBe('denied');
      expect(holds(rule('userTeams', 'name', 'notEmpty'), rocket)).toBe('allowed');
      expect(holds(rule('userTeams', 'name', 'notEmpty'), member)).toBe('denied');
      expect(holds(rule('user', 'teams', '=', ['Rocket', 'Ops']), rocket)).toBe('allowed');
    });

    it('refuses rules on what it cannot know (unknown user or team properties), whatever the operator', () => {
      for (const unknowable of [
        rule('userTeams', 'size', 'empty'),
        rule('user', 'department', 'empty'),
        rule('user', 'department', '!=', 'sales'),
        rule('form', 'environment', '=', { context: 'userTeams', property: 'name' }),
      ])
        expect(decideExecution(member, [{ rules: [unknowable] }], { environment: 'dev' }).outcome).toBe(
          'denied',
        );
    });
  });
});
