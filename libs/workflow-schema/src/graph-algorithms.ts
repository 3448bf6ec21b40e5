// Plain graph algorithms over string ids, iterative so a large definition cannot exhaust the stack.

export type Adjacency = ReadonlyMap<string, readonly string[]>;

/** Every id reachable from `starts`, the starts included. */
export function reachableFrom(starts: Iterable<string>, successors: Adjacency): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...seen];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const next of successors.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/**
 * Kahn's algorithm: ids in an order where every edge points forward, ties kept in `ids` order. Ids on or
 * behind a cycle cannot be ordered and are returned in `blocked`.
 */
export function topologicalOrder(ids: readonly string[], successors: Adjacency) {
  const indegree = new Map(ids.map((id) => [id, 0]));
  for (const id of ids)
    for (const next of successors.get(id) ?? []) indegree.set(next, (indegree.get(next) ?? 0) + 1);
  const ready = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(id);
    for (const next of successors.get(id) ?? []) {
      const remaining = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, remaining);
      if (remaining === 0) ready.push(next);
    }
  }
  const placed = new Set(order);
  return { order, blocked: ids.filter((id) => !placed.has(id)) };
}

/**
 * The cycles of a directed graph, each as a closed walk `[a, b, c, a]`: one per strongly connected
 * component that has a cycle (Tarjan's algorithm, then a shortest way back to the component's first id).
 */
export function findCycles(ids: readonly string[], successors: Adjacency): string[][] {
  return stronglyConnectedComponents(ids, successors)
    .filter(
      (component) => component.length > 1 || (successors.get(component[0]) ?? []).includes(component[0]),
    )
    .map((component) => shortestCycleThrough(component, successors));
}

function stronglyConnectedComponents(ids: readonly string[], successors: Adjacency): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of ids) {
    if (index.has(root)) continue;
    // Each frame is a node and how many of its successors have been visited.
    const frames: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    index.set(root, counter);
    lowLink.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const targets = successors.get(frame.id) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next];
        frame.next += 1;
        if (!index.has(target)) {
          index.set(target, counter);
          lowLink.set(target, counter);
          counter += 1;
          stack.push(target);
          onStack.add(target);
          frames.push({ id: target, next: 0 });
        } else if (onStack.has(target)) {
          lowLink.set(frame.id, Math.min(lowLink.get(frame.id) as number, index.get(target) as number));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent)
        lowLink.set(parent.id, Math.min(lowLink.get(parent.id) as number, lowLink.get(frame.id) as number));
      if (lowLink.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component.sort((a, b) => ids.indexOf(a) - ids.indexOf(b)));
      }
    }
  }
  return components;
}

function shortestCycleThrough(component: string[], successors: Adjacency): string[] {
  const start = component[0];
  const members = new Set(component);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const next of successors.get(id) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const walk = [start];
        for (let at: string | undefined = id; at !== undefined && at !== start; at = previous.get(at))
          walk.unshift(at);
        walk.unshift(start);
        return walk;
      }
      if (!previous.has(next)) {
        previous.set(next, id);
        queue.push(next);
      }
    }
  }
  return [...component, start];
}
