import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Requests counted for one key (an org, or a client IP) in one fixed window, shared by every replica. */
@Entity({ name: 'rate_limit_windows' })
export class RateLimitWindow {
  @PrimaryColumn({ type: 'text' })
  key!: string;

  @PrimaryColumn({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ type: 'integer' })
  count!: number;
}
