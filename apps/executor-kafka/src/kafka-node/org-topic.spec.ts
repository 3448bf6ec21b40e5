import { orgTopic } from './org-topic';

describe('orgTopic', () => {
  it("defaults to the org's runs topic, with the installation prefix", () => {
    expect(orgTopic('org_a', undefined)).toEqual({ ok: true, topic: 'org_a.runs' });
    expect(orgTopic('org_a', undefined, 'prod.')).toEqual({ ok: true, topic: 'prod.org_a.runs' });
  });

  it("takes a node's own topic inside the org's namespace", () => {
    expect(orgTopic('org_a', 'org_a.deploys', 'prod.')).toEqual({ ok: true, topic: 'prod.org_a.deploys' });
    expect(orgTopic('org_a', 'org_a.change.log')).toEqual({ ok: true, topic: 'org_a.change.log' });
  });

  it.each([
    ['org_b.runs', 'outside the organization'],
    ['flowline.nodes.completed.v1', 'outside the organization'],
    ['org_a.', 'outside the organization'],
    ['org_a', 'outside the organization'],
    ['org_ab.runs', 'outside the organization'],
    ['org_a.runs/x', 'not a legal Kafka topic name'],
    ['org_a.my topic', 'not a legal Kafka topic name'],
    ['', 'not a legal Kafka topic name'],
  ])('refuses %p (%s)', (topic, problem) => {
    const result = orgTopic('org_a', topic);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problem).toContain(problem);
  });

  it("refuses Flowline's own topics even for an org whose id would allow them", () => {
    expect(orgTopic('flowline', 'flowline.nodes.completed.v1')).toEqual({
      ok: false,
      problem: 'topic "flowline.nodes.completed.v1" is reserved for Flowline itself',
    });
  });

  it("refuses a name longer than Kafka's limit once prefixed", () => {
    const result = orgTopic('org_a', `org_a.${'x'.repeat(240)}`, 'installation.');
    expect(result.ok ? '' : result.problem).toContain("longer than Kafka's 249 characters");
  });
});
