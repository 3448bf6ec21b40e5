import { type Principal } from './access-token';
import { ActingForbiddenError, actingPrincipal, InvalidActingHeaderError } from './acting-actor';

const portal: Principal = {
  orgId: 'org_a',
  actorId: 'client_portal',
  kind: 'machine',
  roles: ['portal-backend'],
};

describe('acting for a user (actor-id)', () => {
  it('leaves a request without acting headers as it is', () => {
    expect(actingPrincipal(portal, {})).toBe(portal);
  });

  it('lets a portal backend act for a user named by actor-id, with the identity it sends', () => {
    expect(
      actingPrincipal(portal, {
        'actor-id': 'user-a',
        'actor-email': 'a@example.com',
        'actor-roles': 'Developer',
        'actor-teams': 'Rocket, Ops',
      }),
    ).toEqual({
      orgId: 'org_a',
      actorId: 'user-a',
      kind: 'user',
      roles: ['member', 'developer'],
      email: 'a@example.com',
      teams: ['Rocket', 'Ops'],
      actingClientId: 'client_portal',
    });
  });

  it('acts for a machine actor with machine-actor: ?1', () => {
    expect(actingPrincipal(portal, { 'actor-id': 'bot', 'machine-actor': '?1' }).kind).toBe('machine');
  });

  it.each<[string, Principal]>([
    ['a member machine client', { ...portal, roles: ['member', 'admin'] }],
    ['a user', { ...portal, kind: 'user' }],
    ['a service', { ...portal, kind: 'service' }],
  ])('refuses %s sending actor-id', (_, caller) => {
    expect(() => actingPrincipal(caller, { 'actor-id': 'user-a' })).toThrow(ActingForbiddenError);
  });

  it('refuses a malformed machine-actor or a missing actor-id', () => {
    expect(() => actingPrincipal(portal, { 'actor-id': 'u', 'machine-actor': 'yes' })).toThrow(
      InvalidActingHeaderError,
    );
    expect(() => actingPrincipal(portal, { 'actor-email': 'a@example.com' })).toThrow(
      InvalidActingHeaderError,
    );
  });
});
