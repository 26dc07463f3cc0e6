/** A new study or new instances in a study (from STOW through the hub, or found by polling the upstream PACS). */
export interface StudyStoredEvent {
  type: 'study.stored';
  studyUid: string;
  siteId: string | null;
  source: 'upload' | 'upstream';
  /** Instances added by this upload or poll. */
  newInstances: number;
  /** True when the study was not in the index before. */
  newStudy: boolean;
}

export type StudyEvent = StudyStoredEvent;

/** A small typed emitter: the worklist subscribes to create reading tasks. Listener errors never reach the emitter. */
export interface StudyEvents {
  on(fn: (e: StudyEvent) => void | Promise<void>): () => void;
  emit(e: StudyEvent): Promise<void>;
}

export function createStudyEvents(onError: (err: unknown) => void = () => undefined): StudyEvents {
  const listeners = new Set<(e: StudyEvent) => void | Promise<void>>();
  return {
    on(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    async emit(e) {
      for (const fn of [...listeners]) {
        try {
          await fn(e);
        } catch (err) {
          onError(err);
        }
      }
    },
  };
}
