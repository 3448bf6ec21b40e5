import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Transition } from '../engine/run-effects';
import type { RunState } from '../engine/run-state';

/** Where a transition came from, as a writer may need it. */
export interface TransitionOrigin {
  /** The run as it was before the transition; null when the transition created it. */
  before: RunState | null;
  /** The caller publishes its own event about this change (an action-run report): announce nothing. */
  announcedByCaller: boolean;
}

/** A feature that keeps rows of its own about transitions, written in the transition's transaction. */
export interface RunEffectWriter {
  write(
    manager: EntityManager,
    transition: Transition & { applied: true },
    origin: TransitionOrigin,
  ): Promise<void>;
}

/**
 * The writers features register at start-up (before any consumer runs). Features sit above runs/ and
 * register themselves here, so runs/ never imports a feature's tables.
 */
@Injectable()
export class RunEffectWriters {
  private readonly writers: RunEffectWriter[] = [];

  register(writer: RunEffectWriter): void {
    if (!this.writers.includes(writer)) this.writers.push(writer);
  }

  all(): readonly RunEffectWriter[] {
    return this.writers;
  }
}
