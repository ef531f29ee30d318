import type { Consumer } from 'kafkajs';
import type { Clock } from './clock';

export interface TopicPartition {
  topic: string;
  partition: number;
}

interface Hold {
  offset: string;
  until: number;
  timer: NodeJS.Timeout;
}

/**
 * Partitions held back while one of their records waits for its next attempt (or for the database).
 * Holding pauses the partition in kafkajs (its fetches stop; other partitions go on); when the record
 * is due, the partition is sought back to it and resumed, so the next fetch starts with it.
 *
 * kafkajs keeps its paused set across rebalances and keeps a seek for a partition it does not own
 * until it owns it again, so on every (re)join {@link reset} drops all holds: the records come back from
 * the committed offsets and the persisted `consumer_attempt` rows hold them again where needed.
 */
export class PartitionHolds {
  private readonly holds = new Map<string, Hold>();
  private assigned = new Set<string>();

  constructor(
    private readonly consumer: Pick<Consumer, 'pause' | 'resume' | 'seek'>,
    private readonly clock: Clock,
    private readonly onResume: (tp: TopicPartition, offset: string) => void = () => undefined,
  ) {}

  /** Pauses `tp` until `until` (epoch ms by the clock), then seeks it back to `offset` and resumes it. */
  hold(tp: TopicPartition, offset: string, until: number): void {
    const k = key(tp);
    const previous = this.holds.get(k);
    if (previous) clearTimeout(previous.timer);
    this.consumer.pause([{ topic: tp.topic, partitions: [tp.partition] }]);
    const timer = setTimeout(() => this.release(tp), Math.max(0, until - this.clock.now()));
    timer.unref();
    this.holds.set(k, { offset, until, timer });
  }

  /** The partitions held now, with the offset each waits at and until when. */
  list(): (TopicPartition & { offset: string; until: number })[] {
    return [...this.holds.entries()].map(([k, h]) => ({ ...parseKey(k), offset: h.offset, until: h.until }));
  }

  /** After a (re)join: forget every hold and resume every partition held, for the new assignment. */
  reset(assignment: Record<string, number[]>): void {
    this.assigned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((partition) => key({ topic, partition }))));
    const held = [...this.holds.keys()].map(parseKey);
    this.clear();
    for (const tp of held) this.consumer.resume([{ topic: tp.topic, partitions: [tp.partition] }]);
  }

  /** Stops every timer (closing): nothing is resumed. */
  clear(): void {
    for (const h of this.holds.values()) clearTimeout(h.timer);
    this.holds.clear();
  }

  private release(tp: TopicPartition): void {
    const k = key(tp);
    const h = this.holds.get(k);
    if (!h) return;
    this.holds.delete(k);
    // A seek for a partition this member does not own would linger in kafkajs until it owns it again.
    if (this.assigned.has(k)) this.consumer.seek({ topic: tp.topic, partition: tp.partition, offset: h.offset });
    this.consumer.resume([{ topic: tp.topic, partitions: [tp.partition] }]);
    this.onResume(tp, h.offset);
  }
}

function key({ topic, partition }: TopicPartition): string {
  return `${partition}:${topic}`;
}

function parseKey(k: string): TopicPartition {
  const i = k.indexOf(':');
  return { partition: Number(k.slice(0, i)), topic: k.slice(i + 1) };
}
